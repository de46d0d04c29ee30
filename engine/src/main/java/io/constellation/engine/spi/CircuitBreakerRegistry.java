package io.constellation.engine.spi;

import java.time.InstantSource;

/**
 * The host's circuit breakers, one per module name (LANGUAGE.md 7.2). Before each attempt the runtime calls
 * {@link #tryAcquirePermission}; when it returns false the attempt fails with
 * {@code Circuit breaker open for module '<module>'} without invoking the module. After a permitted attempt it
 * reports {@link #onSuccess} or {@link #onFailure} (exceptions, timeouts and non-conforming results).
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface CircuitBreakerRegistry {

  boolean tryAcquirePermission(String module);

  void onSuccess(String module);

  void onFailure(String module);

  /** Closed / open / half-open breakers with {@link CircuitBreakerConfig#DEFAULTS}, reading the system clock. */
  static CircuitBreakerRegistry local() {
    return local(InstantSource.system(), CircuitBreakerConfig.DEFAULTS);
  }

  /** Local breakers with {@link CircuitBreakerConfig#DEFAULTS}; the open period is measured on {@code clock}. */
  static CircuitBreakerRegistry local(InstantSource clock) {
    return local(clock, CircuitBreakerConfig.DEFAULTS);
  }

  static CircuitBreakerRegistry local(InstantSource clock, CircuitBreakerConfig config) {
    return new LocalCircuitBreakers(clock, config);
  }

  /** Breakers that always permit. */
  static CircuitBreakerRegistry disabled() {
    return new CircuitBreakerRegistry() {
      @Override
      public boolean tryAcquirePermission(String module) {
        return true;
      }

      @Override
      public void onSuccess(String module) {}

      @Override
      public void onFailure(String module) {}
    };
  }
}
