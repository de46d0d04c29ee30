package io.constellation.submitter.batch;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Submit-to-result times of a batch, kept whole (8 bytes a line) so percentiles are exact.
 *
 * <p>Thread-safety: thread-safe.
 */
final class Latencies {
  private final ReentrantLock lock = new ReentrantLock();
  private long[] nanos = new long[1024];
  private int size;

  void record(Duration latency) {
    lock.lock();
    try {
      if (size == nanos.length) nanos = Arrays.copyOf(nanos, size * 2);
      nanos[size++] = latency.toNanos();
    } finally {
      lock.unlock();
    }
  }

  /** The nearest-rank percentile {@code p} (0 < p <= 100); zero when nothing was recorded. */
  Duration percentile(double p) {
    long[] sorted;
    lock.lock();
    try {
      sorted = Arrays.copyOf(nanos, size);
    } finally {
      lock.unlock();
    }
    if (sorted.length == 0) return Duration.ZERO;
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
  }
}
