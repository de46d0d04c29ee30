package io.constellation.engine.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times repeated runs of an action on an injected nanosecond clock ({@code System::nanoTime} in production):
 * {@code rounds} rounds of untimed warm-up runs followed by timed runs; only the last round's samples are kept,
 * so the JIT has settled by then (the method of the original engine's figures).
 */
final class Stopwatch {
  private final LongSupplier nanoTime;

  Stopwatch(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** An action whose result is checked by the caller, so the JIT cannot drop the work. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /** Per-run durations in nanoseconds of the last round's {@code measured} runs. */
  long[] sample(int rounds, int warmup, int measured, Action action) throws Exception {
    long[] samples = new long[measured];
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < warmup; i++) action.run();
      for (int i = 0; i < measured; i++) {
        long start = nanoTime.getAsLong();
        action.run();
        samples[i] = nanoTime.getAsLong() - start;
      }
    }
    return samples;
  }

  /** Wall time in nanoseconds of the last round's {@code measured} runs of a batch action, at least 1. */
  long elapsed(int rounds, int warmup, int measured, BatchAction action) throws Exception {
    long elapsed = 1;
    for (int round = 0; round < rounds; round++) {
      action.run(warmup);
      long start = nanoTime.getAsLong();
      action.run(measured);
      elapsed = Math.max(1, nanoTime.getAsLong() - start);
    }
    return elapsed;
  }

  /** Runs its work {@code count} times and returns when all are done. */
  @FunctionalInterface
  interface BatchAction {
    void run(int count) throws Exception;
  }

  static double medianMicros(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    return median / 1_000.0;
  }

  static double meanMicros(long[] nanos) {
    double sum = 0;
    for (long sample : nanos) sum += sample;
    return sum / nanos.length / 1_000.0;
  }
}
