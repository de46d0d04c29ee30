package io.constellation.engine.spi;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-process breakers. Each module's state is an immutable value swapped with compare-and-set (as resilience4j's
 * state machine does), so the closed-and-healthy path is a map lookup and a read, with no lock.
 *
 * <pre>
 *   CLOSED --(threshold consecutive failures)--> OPEN --(resetAfter elapsed, next request)--> HALF_OPEN
 *   HALF_OPEN --(probe succeeds)--> CLOSED        HALF_OPEN --(probe fails)--> OPEN
 * </pre>
 */
final class LocalCircuitBreakers implements CircuitBreakerRegistry {
  private sealed interface State {}

  private record Closed(int failures) implements State {}

  private record Open(Instant since) implements State {}

  private record HalfOpen(int probes) implements State {}

  private static final Closed HEALTHY = new Closed(0);

  private final InstantSource clock;
  private final CircuitBreakerConfig config;
  private final ConcurrentMap<String, AtomicReference<State>> breakers = new ConcurrentHashMap<>();

  LocalCircuitBreakers(InstantSource clock, CircuitBreakerConfig config) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
  }

  private AtomicReference<State> breaker(String module) {
    AtomicReference<State> state = breakers.get(module);
    return state != null ? state : breakers.computeIfAbsent(module, m -> new AtomicReference<>(HEALTHY));
  }

  @Override
  public boolean tryAcquirePermission(String module) {
    AtomicReference<State> ref = breaker(module);
    while (true) {
      State state = ref.get();
      State next;
      switch (state) {
        case Closed c -> {
          return true;
        }
        case Open open -> {
          if (clock.instant().isBefore(open.since().plus(config.resetAfter()))) return false;
          next = new HalfOpen(1);
        }
        case HalfOpen half -> {
          if (half.probes() >= config.halfOpenProbes()) return false;
          next = new HalfOpen(half.probes() + 1);
        }
      }
      if (ref.compareAndSet(state, next)) return true;
    }
  }

  @Override
  public void onSuccess(String module) {
    AtomicReference<State> ref = breaker(module);
    State state = ref.get();
    if (state != HEALTHY && !(state instanceof Open)) ref.compareAndSet(state, HEALTHY);
  }

  @Override
  public void onFailure(String module) {
    AtomicReference<State> ref = breaker(module);
    while (true) {
      State state = ref.get();
      State next = switch (state) {
        case Closed c -> c.failures() + 1 >= config.failureThreshold()
            ? new Open(clock.instant()) : new Closed(c.failures() + 1);
        case Open open -> open;
        case HalfOpen half -> new Open(clock.instant());
      };
      if (next == state || ref.compareAndSet(state, next)) return;
    }
  }
}
