package io.constellation.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The {@code where} clause of an {@link ExecutionQuery} over {@code executions e}: fixed SQL fragments joined with
 * {@code and}, every value a bound parameter (arrays for the status and id sets, so the statement text does not
 * depend on how many there are).
 */
final class QueryFilter {
  private final ExecutionQuery query;
  private final String where;

  private QueryFilter(ExecutionQuery query) {
    this.query = query;
    List<String> conditions = new ArrayList<>();
    if (!query.statuses().isEmpty()) conditions.add("e.status = any(:statuses)");
    if (query.pipeline().isPresent()) {
      conditions.add("(e.pipeline = :pipeline or e.structural_hash = :pipeline or e.source_hash = :pipeline)");
    }
    if (query.node().isPresent()) conditions.add("e.node_id = :node");
    if (query.since().isPresent()) conditions.add("e.completed_at >= :since");
    if (query.until().isPresent()) conditions.add("e.completed_at < :until");
    if (!query.ids().isEmpty()) conditions.add("e.execution_id = any(:ids)");
    this.where = conditions.isEmpty() ? "true" : String.join(" and ", conditions);
  }

  static QueryFilter of(ExecutionQuery query) {
    return new QueryFilter(query);
  }

  /** The condition, without the {@code where} keyword; {@code true} when nothing is filtered. */
  String where() {
    return where;
  }

  /** Binds the filter's values (not the page). */
  <S extends SqlStatement<S>> S bind(S statement) {
    if (!query.statuses().isEmpty()) statement.bindArray("statuses", String.class, List.copyOf(query.statuses()));
    query.pipeline().ifPresent(pipeline -> statement.bind("pipeline", pipeline));
    query.node().ifPresent(node -> statement.bind("node", node));
    query.since().ifPresent(since -> statement.bind("since", timestamp(since)));
    query.until().ifPresent(until -> statement.bind("until", timestamp(until)));
    if (!query.ids().isEmpty()) statement.bindArray("ids", String.class, query.ids());
    return statement;
  }

  /** Binds the filter and the page; asks for one row more than the page to learn whether there are more. */
  <S extends SqlStatement<S>> S bindWithPage(S statement) {
    return bind(statement).bind("limit", query.limit() + 1).bind("offset", query.offset());
  }

  static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
