package io.constellation.schemas;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way durations and points in time are written in requests ({@code cacheTtlMs}), command-line flags and the
 * gateway's bodies and query strings: {@code 500ms}, {@code 30s}, {@code 5min} (or {@code 5m}), {@code 2h},
 * {@code 7d}. Callers word their own errors: these methods only say whether the text is in the syntax.
 */
public final class DurationSyntax {
  /** For error messages. */
  public static final String EXAMPLES = "500ms, 30s, 5min, 2h or 7d";

  // Twelve digits at most: a bigger number is a typo or an attack, and 12 digits of days still fit a Duration.
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|min|m|h|d)");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private DurationSyntax() {}

  /** The duration {@code text} writes (possibly zero), or empty when it is not in the syntax. */
  public static Optional<Duration> parse(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip());
    if (!m.matches()) return Optional.empty();
    long amount = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "min", "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    });
  }

  /**
   * The point in time {@code text} names: a positive duration back from {@code now} ({@code 2h}, {@code 7d}), an
   * ISO-8601 instant ({@code 2026-11-29T10:00:00Z}) or a date ({@code 2026-11-29}, midnight UTC); empty when it
   * names none (a zero duration, or one reaching before the earliest instant there is, included).
   */
  public static Optional<Instant> pointInTime(String text, Instant now) {
    String value = text == null ? "" : text.strip();
    try {
      Optional<Duration> back = parse(value);
      if (back.isPresent()) return back.get().isZero() ? Optional.empty() : Optional.of(now.minus(back.get()));
      if (DATE.matcher(value).matches()) {
        return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
      }
      return Optional.of(Instant.parse(value));
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.empty();
    }
  }
}
