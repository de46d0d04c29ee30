package io.constellation.submitter.gateway;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and instants as the gateway reads them from settings, bodies and query strings: durations as the CLI
 * writes them ({@code 500ms}, {@code 30s}, {@code 5min}, {@code 2h}, {@code 7d}), points in time as the CLI's
 * history filters do ({@link #instant}). Every failure is an {@link IllegalArgumentException} naming the field.
 */
final class DurationText {
  // Twelve digits at most: a bigger number is a typo or an attack, and 12 digits of days still fit a Duration.
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|min|m|h|d)");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private DurationText() {}

  /** A positive duration such as {@code 30s}. */
  static Duration parse(String field, String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(field + " must be a duration such as 500ms, 30s, 5min, 2h or 7d, was '"
          + Texts.shorten(text) + "'");
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "min", "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
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
    String value = text == null ? "" : text.strip();
    try {
      if (DURATION.matcher(value).matches()) {
        return now.minus(parse(field, value));
      }
      if (DATE.matcher(value).matches()) return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      return Instant.parse(value);
    } catch (DateTimeException | ArithmeticException e) {
      // Unparseable, or a duration reaching before the earliest instant there is.
      throw new IllegalArgumentException(field + " must be a duration back from now (2h, 7d), an ISO-8601 instant"
          + " (2026-11-29T10:00:00Z) or a date (2026-11-29), was '" + Texts.shorten(text) + "'");
    }
  }

  /** The short form: {@code 30s}, {@code 5min}, {@code 250ms}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 60_000 == 0) return millis / 60_000 + "min";
    if (millis % 1000 == 0) return millis / 1000 + "s";
    return millis + "ms";
  }
}
