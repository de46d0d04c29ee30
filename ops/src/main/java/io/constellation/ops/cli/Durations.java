package io.constellation.ops.cli;

import io.constellation.schemas.DurationSyntax;
import io.constellation.submitter.Requests;
import java.time.Duration;

/** Parses command-line durations such as {@code 500ms}, {@code 30s}, {@code 2min}, {@code 1h}, {@code 7d}. */
final class Durations {
  private Durations() {}

  static Duration parse(String option, String text) {
    Duration duration = DurationSyntax.parse(text).orElseThrow(() -> new UsageException(
        option + " expects a duration such as " + DurationSyntax.EXAMPLES + ", got '" + text + "'"));
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
