package io.constellation.ops.cli;

import io.constellation.submitter.Requests;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses command-line durations such as {@code 500ms}, {@code 30s}, {@code 2min}, {@code 1h}, {@code 7d}. */
final class Durations {
  private Durations() {}

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|min|m|h|d)");

  static Duration parse(String option, String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new UsageException(option + " expects a duration such as 500ms, 30s, 5min, 2h or 7d, got '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "min", "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
    if (duration.isZero()) throw new UsageException(option + " must be positive, got '" + text + "'");
    return duration;
  }

  /** An execution-cache TTL: a duration as {@link #parse} reads it, at most {@link Requests#MAX_CACHE_TTL}. */
  static Duration cacheTtl(String option, String text) {
    Duration ttl = parse(option, text);
    if (ttl.compareTo(Requests.MAX_CACHE_TTL) > 0) {
      throw new UsageException(option + " must be at most " + Requests.MAX_CACHE_TTL.toDays() + "d, got '" + text + "'");
    }
    return ttl;
  }
}
