package io.constellation.engine.spi;

import java.time.Duration;

/**
 * Waits for a duration. The runtime sleeps only through a {@code Sleeper} (retry delays, throttle waits), so tests
 * can record waits instead of waiting.
 *
 * <p>Thread-safety: implementations must be safe to call from many threads.
 */
@FunctionalInterface
public interface Sleeper {

  /** Waits {@code duration}; may be interrupted. A zero or negative duration returns at once. */
  void sleep(Duration duration) throws InterruptedException;

  /** Real sleeping with {@link Thread#sleep(Duration)}. */
  static Sleeper system() {
    return duration -> {
      if (duration.isPositive()) Thread.sleep(duration);
    };
  }
}
