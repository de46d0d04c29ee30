package io.constellation.submitter.gateway;

import io.constellation.schemas.DurationSyntax;
import java.time.Duration;
import java.time.Instant;

/**
 * Durations and instants as the gateway reads them from settings, bodies and query strings: durations as the CLI
 * writes them ({@code 500ms}, {@code 30s}, {@code 5min}, {@code 2h}, {@code 7d}), points in time as the CLI's
 * history filters do ({@link #instant}). Every failure is an {@link IllegalArgumentException} naming the field.
 */
final class DurationText {
  private DurationText() {}

  /** A positive duration such as {@code 30s}. */
  static Duration parse(String field, String text) {
    Duration duration = DurationSyntax.parse(text).orElseThrow(() -> new IllegalArgumentException(
        field + " must be a duration such as " + DurationSyntax.EXAMPLES + ", was '" + Texts.shorten(text) + "'"));
    if (duration.isZero()) throw new IllegalArgumentException(field + " must be positive, was '" + text + "'");
    return duration;
  }

  /** A positive duration of at most {@code max}. */
  static Duration parse(String field, String text, Duration max) {
    Duration duration = parse(field, text);
    if (duration.compareTo(max) > 0) {
      throw new IllegalArgumentException(field + " must be at most " + format(max) + ", was '" + text + "'");
    }
    return duration;
  }

  /**
   * A point in time, as the CLI's filters read it: a duration back from {@code now} ({@code 2h}, {@code 7d}), an
   * ISO-8601 instant ({@code 2026-11-29T10:00:00Z}) or a date ({@code 2026-11-29}, midnight UTC).
   */
  static Instant instant(String field, String text, Instant now) {
    return DurationSyntax.pointInTime(text, now).orElseThrow(() -> new IllegalArgumentException(field
        + " must be a duration back from now (2h, 7d), an ISO-8601 instant (2026-11-29T10:00:00Z) or a date"
        + " (2026-11-29), was '" + Texts.shorten(text) + "'"));
  }

  /** The short form: {@code 30s}, {@code 5min}, {@code 250ms}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 60_000 == 0) return millis / 60_000 + "min";
    if (millis % 1000 == 0) return millis / 1000 + "s";
    return millis + "ms";
  }
}
