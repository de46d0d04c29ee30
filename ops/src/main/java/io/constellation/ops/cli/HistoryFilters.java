package io.constellation.ops.cli;

import io.constellation.history.ExecutionQuery;
import io.constellation.schemas.DurationSyntax;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The filter options {@code history} and {@code replay} share, read into an {@link ExecutionQuery}:
 * {@code --status S} (repeatable, or comma-separated), {@code --pipeline P}, {@code --node N}, {@code --since T},
 * {@code --until T}, {@code --id ID} (repeatable), {@code --limit N}, {@code --offset N}. A time is a duration
 * back from now ({@code 2h}, {@code 7d}), an ISO-8601 instant ({@code 2026-11-29T10:00:00Z}) or a date
 * ({@code 2026-11-29}, midnight UTC). Every bad value is a usage error naming the option.
 */
final class HistoryFilters {
  static final Set<String> VALUED = Set.of("--status", "--pipeline", "--node", "--since", "--until", "--id",
      "--limit", "--offset");


  private HistoryFilters() {}

  /**
   * The query of {@code parsed}'s filter options; {@code defaultStatus} applies when no {@code --status} is given
   * (null: every status). The parser must have been given {@link #VALUED} as options that take a value.
   */
  static ExecutionQuery query(Arguments parsed, Instant now, String defaultStatus) {
    ExecutionQuery.Builder builder = ExecutionQuery.builder();
    try {
      List<String> statuses = new ArrayList<>();
      for (String value : parsed.all("--status")) {
        for (String part : value.split(",", -1)) {
          if (part.isBlank()) throw new UsageException("--status expects completed, failed, rejected or expired, "
              + "got '" + Printable.of(value) + "'");
          statuses.add(part.strip());
        }
      }
      if (statuses.isEmpty() && defaultStatus != null) statuses.add(defaultStatus);
      builder.statuses(statuses);
      builder.pipeline(nonBlank("--pipeline", parsed.one("--pipeline", null)));
      builder.node(nonBlank("--node", parsed.one("--node", null)));
      if (parsed.has("--since")) builder.since(time("--since", parsed.one("--since", null), now));
      if (parsed.has("--until")) builder.until(time("--until", parsed.one("--until", null), now));
      List<String> ids = new ArrayList<>();
      for (String id : parsed.all("--id")) ids.add(nonBlank("--id", id));
      builder.ids(ids);
      builder.limit(parsed.number("--limit", ExecutionQuery.DEFAULT_LIMIT, 1,
          ExecutionQuery.MAX_LIMIT));
      builder.offset(parsed.number("--offset", 0, 0, ExecutionQuery.MAX_OFFSET));
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The query's own checks name the field and the value ("status must be one of ..., was 'x'").
      throw new UsageException("invalid filter: " + Printable.of(e.getMessage()));
    }
  }


  /** A time as the class says: a duration back from {@code now}, an ISO-8601 instant, or a date. */
  static Instant time(String option, String text, Instant now) {
    return DurationSyntax.pointInTime(text, now).orElseThrow(() -> new UsageException(option
        + " expects a duration back from now (2h, 7d), an instant (2026-11-29T10:00:00Z) or a date (2026-11-29),"
        + " got '" + Printable.of(cut(text == null ? "" : text)) + "'"));
  }

  private static String nonBlank(String option, String value) {
    if (value != null && value.isBlank()) throw new UsageException(option + " needs a value");
    return value;
  }

  private static String cut(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  /** Lower-case status, as the commands print it. */
  static String status(String status) {
    return status.toLowerCase(Locale.ROOT);
  }
}
