package io.constellation.engine.types;

import java.util.Collection;

/**
 * "Did you mean" (LANGUAGE.md 10.3): the candidate at Levenshtein distance 1 or 2 from the unknown name, computed
 * over code points and case-sensitive; the smallest distance wins, ties go to the first in code-point order.
 */
final class Suggestions {
  private Suggestions() {}

  /** The best candidate, or null when none is close enough. */
  static String closest(String unknown, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.equals(unknown)) continue;
      int d = distance(unknown, candidate);
      if (d < 1 || d > 2) continue;
      if (d < bestDistance || d == bestDistance && Type.compareCodePoints(candidate, best) < 0) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** {@code ". Did you mean 'x'?"}, or "" without a close candidate. */
  static String suffix(String unknown, Collection<String> candidates) {
    String best = closest(unknown, candidates);
    return best == null ? "" : ". Did you mean '" + best + "'?";
  }

  /** Levenshtein distance over code points. */
  static int distance(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    int[] previous = new int[y.length + 1];
    int[] current = new int[y.length + 1];
    for (int j = 0; j <= y.length; j++) previous[j] = j;
    for (int i = 1; i <= x.length; i++) {
      current[0] = i;
      for (int j = 1; j <= y.length; j++) {
        int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length];
  }
}
