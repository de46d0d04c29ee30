package io.constellation.streams;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a generous deadline passes; the failure says what was awaited and the last state. */
final class Eventually {
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private Eventually() {}

  static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition, () -> "");
  }

  /** As {@link #until(String, Duration, BooleanSupplier)}, with {@code state} describing progress on timeout. */
  static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; "
            + state.get());
      }
      try {
        Thread.sleep(INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
