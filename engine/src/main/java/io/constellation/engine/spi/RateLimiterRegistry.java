package io.constellation.engine.spi;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Process-wide throttles (token buckets) and concurrency limits (semaphores), keyed by module name (LANGUAGE.md
 * 7.2). Each is created at first use with that call site's settings and shared afterwards; differing later
 * settings are ignored.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface RateLimiterRegistry {

  /** Takes one token of the module's bucket (capacity {@code count}, refilled at {@code count} per {@code per}). */
  void acquireToken(String module, long count, Duration per) throws InterruptedException;

  /** Takes one of the module's {@code limit} permits, waiting for one; close the permit to release it. */
  Permit acquirePermit(String module, int limit) throws InterruptedException;

  /** A held concurrency permit. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** Local limiters reading the system clock and really sleeping. */
  static RateLimiterRegistry local() {
    return local(InstantSource.system(), Sleeper.system());
  }

  /** Local limiters: token refill is measured on {@code clock}; waiting for a token goes through {@code sleeper}. */
  static RateLimiterRegistry local(InstantSource clock, Sleeper sleeper) {
    return new LocalRateLimiters(clock, sleeper);
  }
}
