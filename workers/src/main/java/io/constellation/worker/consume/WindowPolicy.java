package io.constellation.worker.consume;

import java.time.Duration;

/**
 * When the poll thread closes its publish window and hands it to the publisher thread.
 *
 * <p>Only while the publisher is idle (one window in flight at most), and then when the window holds
 * {@code maxResults} results, or its first result is {@code window} old, or its first result is older than the
 * short {@code linger}. Together with "at most one in flight" this is a group commit:
 * <ul>
 *   <li>not saturated, the publisher is idle when results come, and a result waits about {@code linger} before its
 *       transaction starts (latency stays low);
 *   <li>saturated, the next window fills while a commit runs and closes the moment the publisher is idle again, so
 *       windows grow with the load (beyond {@code maxResults} when the commit takes longer than filling it), and
 *       the cost of a commit is spread over more results.
 * </ul>
 * {@code window} bounds the wait when {@code linger} is set above it; by default {@code linger} is
 * {@code window / 50} (2 ms of the default 100 ms): below saturation a commit takes a few milliseconds, so a
 * longer linger mostly adds latency, and at saturation windows close on the publisher becoming idle anyway.
 *
 * <p>Thread-safety: immutable.
 */
record WindowPolicy(int maxResults, Duration window, Duration linger) {
  WindowPolicy {
    if (maxResults < 1) throw new IllegalArgumentException("maxResults must be >= 1, was " + maxResults);
    if (!window.isPositive()) throw new IllegalArgumentException("window must be positive, was " + window);
    if (linger.isNegative()) throw new IllegalArgumentException("linger must not be negative, was " + linger);
  }

  /** The default policy: {@code linger} is a fiftieth of {@code window}. */
  static WindowPolicy of(int maxResults, Duration window) {
    return new WindowPolicy(maxResults, window, window.dividedBy(50));
  }

  /**
   * @param results    records in the window
   * @param firstAge   how long ago the window's first result (or first done offset) came, or null when the window
   *                   is empty (nothing to commit)
   * @param publisherIdle no window in flight
   */
  boolean closeNow(int results, Duration firstAge, boolean publisherIdle) {
    if (!publisherIdle || firstAge == null) return false;
    return results >= maxResults || firstAge.compareTo(window) >= 0 || firstAge.compareTo(linger) >= 0;
  }
}
