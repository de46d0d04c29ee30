package io.constellation.ops.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous bound; tests assert behaviour, never timings. */
final class Polling {
  private Polling() {}

  static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      Thread.sleep(50);
    }
  }
}
