package io.constellation.ops.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs rounds of a throughput measurement until the rate stops rising, then a few more, and reports their median.
 * A JVM under load keeps compiling its hot paths for many seconds: a worker's no-op rate doubled between its first
 * and fifth round of 30,000 requests, so one untimed round is far from the steady state.
 *
 * <p>Thread-safety: immutable.
 *
 * @param maxWarmupRounds most rounds run before measuring, whether or not the rate has settled
 * @param measuredRounds  rounds measured after the warm-up
 * @param tolerance       a warm-up round at most this much faster (0.05 = 5 %) than the best before it ends it
 */
record SteadyState(int maxWarmupRounds, int measuredRounds, double tolerance) {
  SteadyState {
    if (maxWarmupRounds < 1 || measuredRounds < 1) {
      throw new IllegalArgumentException("need at least one warm-up and one measured round");
    }
  }

  /** One round: runs it and returns its rate per second. */
  @FunctionalInterface
  interface Round {
    double run() throws InterruptedException;
  }

  /** Runs warm-up rounds until one is no more than {@code tolerance} faster than the best before it. */
  int warmUp(Round round) throws InterruptedException {
    double best = round.run();
    int rounds = 1;
    while (rounds < maxWarmupRounds) {
      double rate = round.run();
      rounds++;
      if (rate <= best * (1 + tolerance)) break;
      best = rate;
    }
    return rounds;
  }

  /** The median rate of {@code measuredRounds} rounds. */
  double median(Round round) throws InterruptedException {
    List<Double> rates = new ArrayList<>(measuredRounds);
    for (int i = 0; i < measuredRounds; i++) rates.add(round.run());
    return median(rates);
  }

  /** The median of {@code values}, which must not be empty. */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
