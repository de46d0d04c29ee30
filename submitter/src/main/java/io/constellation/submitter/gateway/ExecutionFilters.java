package io.constellation.submitter.gateway;

import io.constellation.history.ExecutionQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the history filters of {@code GET /executions} (query parameters) and {@code POST /replay} (body fields)
 * into an {@link ExecutionQuery}, the same filters as the CLI's {@code history} and {@code replay}: status (one or
 * more, comma-separated or repeated), pipeline, node, since, until, ids (body only), limit, offset. Times are read as
 * {@link DurationText#instant} reads them. The query validates every value; any {@link IllegalArgumentException},
 * from it or from here, is an {@link ApiError#BAD_REQUEST} naming the field. Values are bound as parameters by the
 * storage, never written into SQL.
 */
final class ExecutionFilters {
  static final Set<String> QUERY_PARAMETERS = Set.of("status", "pipeline", "node", "since", "until", "limit",
      "offset");
  static final Set<String> REPLAY_FIELDS = Set.of("status", "pipeline", "node", "since", "until", "ids", "limit",
      "offset", "dryRun", "again");

  private ExecutionFilters() {}

  /** The filters of a {@code GET /executions} query string. */
  static ExecutionQuery fromQuery(QueryParams params, Instant now) {
    return build(() -> {
      ExecutionQuery.Builder builder = ExecutionQuery.builder().statuses(params.list("status"));
      params.one("pipeline").ifPresent(builder::pipeline);
      params.one("node").ifPresent(builder::node);
      params.one("since").ifPresent(s -> builder.since(DurationText.instant("since", s, now)));
      params.one("until").ifPresent(u -> builder.until(DurationText.instant("until", u, now)));
      params.one("limit").ifPresent(l -> builder.limit(number("limit", l)));
      params.one("offset").ifPresent(o -> builder.offset(number("offset", o)));
      return builder.build();
    });
  }

  /**
   * The filters of a {@code POST /replay} body; {@code defaultStatus} applies when the body names no status (the
   * CLI's {@code replay} defaults to failed executions too).
   */
  static ExecutionQuery fromBody(BodyFields body, Instant now, String defaultStatus) {
    return build(() -> {
      List<String> statuses = body.strings("status", 8);
      ExecutionQuery.Builder builder = ExecutionQuery.builder()
          .statuses(statuses.isEmpty() ? List.of(defaultStatus) : statuses);
      body.string("pipeline").ifPresent(builder::pipeline);
      body.string("node").ifPresent(builder::node);
      body.string("since").ifPresent(s -> builder.since(DurationText.instant("since", s, now)));
      body.string("until").ifPresent(u -> builder.until(DurationText.instant("until", u, now)));
      builder.ids(body.strings("ids", ExecutionQuery.MAX_IDS));
      body.integer("limit", 1, ExecutionQuery.MAX_LIMIT).ifPresent(builder::limit);
      body.integer("offset", 0, ExecutionQuery.MAX_OFFSET).ifPresent(builder::offset);
      return builder.build();
    });
  }

  /** Looks up one execution id (as {@code GET /executions/{id}} gets it); empty when no execution can have it. */
  static Optional<String> id(String id) {
    try {
      List<String> checked = ExecutionQuery.builder().ids(List.of(id)).build().ids();
      return checked.isEmpty() ? Optional.empty() : Optional.of(checked.get(0));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // too long or with control characters: no execution is named like that
    }
  }

  private static int number(String field, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a whole number, was '" + Texts.shorten(text) + "'");
    }
  }

  private static ExecutionQuery build(java.util.function.Supplier<ExecutionQuery> query) {
    try {
      return query.get();
    } catch (IllegalArgumentException e) {
      throw ApiError.BAD_REQUEST.because("invalid filter: " + Texts.shortenMessage(e.getMessage()));
    }
  }
}
