package io.constellation.testkit;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits for a real process to become ready: probes at a fixed interval until the probe answers or the
 * deadline passes, then fails with what was being waited for and the last probe failure.
 */
final class Poll {

  /** One readiness probe: empty or an exception means "not yet". */
  @FunctionalInterface
  interface Probe<T> {
    Optional<T> attempt() throws Exception;
  }

  private Poll() {}

  static <T> T until(String what, Duration timeout, Duration interval, Probe<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        Optional<T> answer = probe.attempt();
        if (answer.isPresent()) {
          return answer.get();
        }
      } catch (TestkitException definite) {
        throw definite; // the probe found a definite answer (e.g. the wrong cluster): waiting won't help
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TestkitException("interrupted while waiting for " + what, e);
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        String reason = last == null ? "" : ": last attempt failed with " + last;
        throw new TestkitException("timed out after " + timeout.toMillis() + " ms waiting for " + what + reason, last);
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TestkitException("interrupted while waiting for " + what, e);
      }
    }
  }
}
