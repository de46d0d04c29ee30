package io.constellation.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/** Row mappers of the history's queries (column names as in {@link HistorySql}). */
final class Rows {
  private Rows() {}

  static final RowMapper<ExecutionSummary> SUMMARY = (rs, ctx) -> summary(rs);

  static final RowMapper<StoredExecution> EXECUTION = (rs, ctx) -> new StoredExecution(summary(rs),
      rs.getString("source_hash"), rs.getString("structural_hash"), instant(rs, "queued_at"),
      instant(rs, "started_at"), rs.getString("outputs"), rs.getString("errors"), rs.getString("warnings"),
      rs.getString("metadata"), rs.getBoolean("from_cache"), rs.getString("source"), rs.getString("inputs"),
      List.of());

  static final RowMapper<NodeResult> NODE = (rs, ctx) -> new NodeResult(rs.getInt("seq"), rs.getString("name"),
      rs.getString("module"), rs.getString("status"), instant(rs, "started_at"), rs.getLong("duration_micros"),
      rs.getInt("attempts"), rs.getBoolean("cache_hit"), rs.getString("error"));

  static final RowMapper<ReplayCandidate> REPLAY_CANDIDATE = (rs, ctx) -> new ReplayCandidate(
      rs.getString("execution_id"), rs.getString("pipeline"), rs.getString("status"), rs.getInt("attempt"),
      rs.getString("source"), rs.getString("inputs"));

  private static ExecutionSummary summary(ResultSet rs) throws SQLException {
    return new ExecutionSummary(rs.getString("execution_id"), rs.getString("pipeline"), rs.getString("status"),
        rs.getString("node_id"), rs.getInt("attempt"), rs.getString("replay_of"), instant(rs, "completed_at"),
        nullableLong(rs, "duration_ms"), nullableLong(rs, "queue_ms"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
