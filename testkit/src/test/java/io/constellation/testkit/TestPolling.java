package io.constellation.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Tests' tiny poll helper: retries a condition until it holds or a generous deadline passes. */
final class TestPolling {

  private TestPolling() {}

  static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        if (condition.call()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
  }
}
