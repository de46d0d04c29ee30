package io.constellation.history;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Reads the execution history, records replays and applies retention. Obtained from
 * {@link HistoryDatabase#executions()}.
 *
 * <pre>{@code
 * Page<ExecutionSummary> failed = db.executions().list(ExecutionQuery.builder().status("failed").build());
 * Optional<StoredExecution> trace = db.executions().get(failed.items().get(0).executionId());
 * }</pre>
 *
 * <p>Reads throw {@link UnableToQueryHistoryException} and writes {@link UnableToWriteHistoryException} when the
 * database fails; arguments are validated by {@link ExecutionQuery} or here ({@link IllegalArgumentException}).
 *
 * <p>Thread-safety: thread-safe; each call borrows its own pooled connection.
 */
public final class ExecutionStorage {
  /** Longest replay or original id {@link #recordReplay} accepts (an execution id plus a replay suffix). */
  public static final int MAX_REPLAY_ID_LENGTH = 512;
  private static final int PRUNE_SLICE = 10_000;

  private final Jdbi jdbi;

  ExecutionStorage(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** The execution with its node results in trace order; empty when no execution has this id. */
  public Optional<StoredExecution> get(String executionId) {
    Objects.requireNonNull(executionId, "executionId");
    if (!storable(executionId, TraceRows.MAX_KEY_LENGTH)) return Optional.empty(); // no stored id looks like it
    try {
      return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
        Optional<StoredExecution> found = handle.createQuery(HistorySql.GET_EXECUTION).bind("id", executionId)
            .map(Rows.EXECUTION).findOne();
        if (found.isEmpty()) return found;
        List<NodeResult> nodes = handle.createQuery(HistorySql.GET_NODE_RESULTS).bind("id", executionId)
            .map(Rows.NODE).list();
        StoredExecution e = found.get();
        return Optional.of(new StoredExecution(e.summary(), e.sourceHash(), e.structuralHash(), e.queuedAt(),
            e.startedAt(), e.outputsJson(), e.errorsJson(), e.warningsJson(), e.metadataJson(), e.fromCache(),
            e.source(), e.inputsJson(), nodes));
      });
    } catch (RuntimeException e) {
      throw queryFailed("read execution " + executionId, e);
    }
  }

  /** The page of matching executions the query asks for, newest completed first (ties by id, descending). */
  public Page<ExecutionSummary> list(ExecutionQuery query) {
    Objects.requireNonNull(query, "query");
    QueryFilter filter = QueryFilter.of(query);
    List<ExecutionSummary> rows;
    try {
      rows = jdbi.withHandle(handle -> filter.bindWithPage(
          handle.createQuery(HistorySql.LIST + filter.where() + HistorySql.ORDER_AND_PAGE))
          .map(Rows.SUMMARY).list());
    } catch (RuntimeException e) {
      throw queryFailed("list executions", e);
    }
    return page(rows, query);
  }

  /**
   * Counts by status and duration and queue-time percentiles over every execution the query's filters match (its
   * limit and offset are ignored).
   */
  public HistoryStats stats(ExecutionQuery query) {
    Objects.requireNonNull(query, "query");
    QueryFilter filter = QueryFilter.of(query);
    try {
      return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        ExecutionQuery.statusNames().forEach(status -> byStatus.put(status, 0L));
        filter.bind(handle.createQuery(HistorySql.COUNT_BY_STATUS.formatted(filter.where())))
            .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("executions")))
            .forEach(entry -> byStatus.put(entry.getKey(), entry.getValue()));
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        Percentiles[] percentiles = filter.bind(handle.createQuery(HistorySql.PERCENTILES.formatted(filter.where())))
            .map((rs, ctx) -> new Percentiles[] {percentiles(rs.getArray("duration_ms")),
                percentiles(rs.getArray("queue_ms"))})
            .one();
        return new HistoryStats(total, byStatus, percentiles[0], percentiles[1]);
      });
    } catch (RuntimeException e) {
      throw queryFailed("compute history stats", e);
    }
  }

  /**
   * Deletes the executions completed before {@code olderThan} (their node results with them), the replays
   * requested before it and the pipelines last seen before it. Works in slices of {@value #PRUNE_SLICE} executions,
   * each its own transaction: a failure part-way leaves the slices already deleted deleted.
   *
   * @return how many executions were deleted
   */
  public int prune(Instant olderThan) {
    Objects.requireNonNull(olderThan, "olderThan");
    var before = QueryFilter.timestamp(clamp(olderThan));
    try {
      int deleted = 0;
      int slice;
      do {
        slice = jdbi.withHandle(handle -> handle.createUpdate(HistorySql.PRUNE_EXECUTIONS_SLICE)
            .bind("before", before).bind("slice", PRUNE_SLICE).execute());
        deleted += slice;
      } while (slice > 0);
      jdbi.useTransaction(handle -> {
        handle.createUpdate(HistorySql.PRUNE_REPLAYS).bind("before", before).execute();
        handle.createUpdate(HistorySql.PRUNE_PIPELINES).bind("before", before).execute();
      });
      return deleted;
    } catch (RuntimeException e) {
      throw writeFailed("prune executions completed before " + olderThan, e);
    }
  }

  /**
   * Matching executions that carry their source, newest first, paged like {@link #list}. Without {@code again},
   * executions already replayed are left out: those with a row in the replay book ({@link #recordReplay}) and those
   * some stored execution names as its {@code replayOf}.
   */
  public List<ReplayCandidate> replayCandidates(ExecutionQuery query, boolean again) {
    Objects.requireNonNull(query, "query");
    QueryFilter filter = QueryFilter.of(query);
    String sql = HistorySql.REPLAY_CANDIDATES.formatted(filter.where()) + (again ? "" : HistorySql.NOT_REPLAYED)
        + HistorySql.ORDER_AND_PAGE;
    try {
      return jdbi.withHandle(handle -> filter.bind(handle.createQuery(sql))
          .bind("limit", query.limit()).bind("offset", query.offset())
          .map(Rows.REPLAY_CANDIDATE).list());
    } catch (RuntimeException e) {
      throw queryFailed("select replay candidates", e);
    }
  }

  /**
   * Records that {@code originalId} was submitted again as {@code replayId}. Recording the same replay id again
   * changes nothing.
   *
   * @throws IllegalArgumentException if an id is blank, longer than {@value #MAX_REPLAY_ID_LENGTH} characters or
   *     contains NUL, or {@code attempt < 1}
   */
  public void recordReplay(String originalId, String replayId, int attempt, Instant at) {
    checkId("originalId", originalId);
    checkId("replayId", replayId);
    Objects.requireNonNull(at, "at");
    if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    try {
      jdbi.useHandle(handle -> handle.createUpdate(HistorySql.RECORD_REPLAY)
          .bind("replayId", replayId).bind("originalId", originalId).bind("attempt", attempt)
          .bind("requestedAt", QueryFilter.timestamp(clamp(at))).execute());
    } catch (RuntimeException e) {
      throw writeFailed("record replay " + replayId + " of " + originalId, e);
    }
  }

  /**
   * The attempt number a new replay of {@code originalId} gets: one more than the larger of the original's own
   * attempt and every attempt recorded for it (1 for an id that is nowhere).
   */
  public int nextReplayAttempt(String originalId) {
    checkId("originalId", originalId);
    try {
      return jdbi.withHandle(handle -> handle.createQuery(HistorySql.NEXT_REPLAY_ATTEMPT).bind("id", originalId)
          .mapTo(Integer.class).one());
    } catch (RuntimeException e) {
      throw queryFailed("compute the next replay attempt of " + originalId, e);
    }
  }

  private static Page<ExecutionSummary> page(List<ExecutionSummary> rows, ExecutionQuery query) {
    boolean hasMore = rows.size() > query.limit();
    return new Page<>(hasMore ? rows.subList(0, query.limit()) : rows, query.offset(), query.limit(), hasMore);
  }

  private static Percentiles percentiles(Array array) throws SQLException {
    if (array == null) return Percentiles.NONE;
    Object[] values = (Object[]) array.getArray();
    if (values.length < 3 || values[0] == null) return Percentiles.NONE;
    return new Percentiles(((Number) values[0]).doubleValue(), ((Number) values[1]).doubleValue(),
        ((Number) values[2]).doubleValue());
  }

  private static void checkId(String field, String id) {
    Objects.requireNonNull(id, field);
    if (id.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
    if (id.length() > MAX_REPLAY_ID_LENGTH) {
      throw new IllegalArgumentException(field + " must be at most " + MAX_REPLAY_ID_LENGTH + " characters, was "
          + id.length());
    }
    if (id.indexOf('\0') >= 0) throw new IllegalArgumentException(field + " must not contain NUL");
  }

  private static boolean storable(String id, int maxLength) {
    return !id.isEmpty() && id.length() <= maxLength && id.equals(SafeText.clean(id));
  }

  private static Instant clamp(Instant instant) {
    if (instant.isBefore(ExecutionQuery.MIN_INSTANT)) return ExecutionQuery.MIN_INSTANT;
    return instant.isAfter(ExecutionQuery.MAX_INSTANT) ? ExecutionQuery.MAX_INSTANT : instant;
  }

  private static UnableToQueryHistoryException queryFailed(String what, RuntimeException e) {
    return new UnableToQueryHistoryException("unable to " + what + ": " + Failures.reason(e), e);
  }

  private static UnableToWriteHistoryException writeFailed(String what, RuntimeException e) {
    return new UnableToWriteHistoryException("unable to " + what + ": " + Failures.reason(e), e);
  }
}
