package io.constellation.streams;

import java.time.Duration;

/**
 * The pause before retry {@code attempt} of a failed history write: 100 ms, doubling, at most 5 s
 * (100, 200, 400, 800, 1600, 3200, 5000, 5000, ...). A pure function of the attempt, tested as a table.
 */
final class Backoff {
  static final Duration FIRST = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(5);

  private Backoff() {}

  /**
   * @param attempt the failed attempt just made, from 1
   * @throws IllegalArgumentException if {@code attempt < 1}
   */
  static Duration delay(int attempt) {
    if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    int doublings = Math.min(attempt - 1, 16); // 100 ms * 2^16 is far beyond MAX: no overflow
    long millis = FIRST.toMillis() << doublings;
    return millis >= MAX.toMillis() ? MAX : Duration.ofMillis(millis);
  }
}
