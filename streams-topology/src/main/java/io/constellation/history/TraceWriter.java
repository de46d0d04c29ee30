package io.constellation.history;

import io.constellation.schemas.avro.ExecutionResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Stores execution results as history rows: one {@code executions} row per execution id, its trace as
 * {@code node_results} rows, and its pipeline in {@code pipelines}. Obtained from {@link HistoryDatabase#traces()}.
 *
 * <pre>{@code
 * int stored = db.traces().write(results);   // in one transaction; results already stored are skipped
 * }</pre>
 *
 * <p>Idempotent by execution id: the first result stored for an id wins, whether the duplicate comes in a later
 * batch or the same one. A result's content never makes a write fail: text is cleaned, JSON repaired or kept as a
 * string, and unusable times treated as missing (see {@link TraceRows}); a missing completion time becomes the time
 * of writing.
 *
 * <p>Implementation notes: a batch is streamed with COPY into two per-connection temporary staging tables and moved
 * across by one statement ({@link HistorySql#MOVE_STAGED}) that skips stored ids, so a batch costs three round trips
 * however large it is. Duplicates inside a batch are dropped in Java before COPY.
 *
 * <p>Thread-safety: thread-safe; concurrent writes use separate connections and transactions.
 */
public final class TraceWriter {
  private static final int COPY_BUFFER_BYTES = 1 << 16;

  private final Jdbi jdbi;
  private final InstantSource clock;

  TraceWriter(Jdbi jdbi, InstantSource clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores the results in one transaction.
   *
   * @param results results in arrival order; may be empty, must not contain null
   * @return how many executions were newly stored (not counting ids already stored, or repeated in the batch)
   * @throws UnableToWriteHistoryException on any database failure, after rolling back: nothing of the batch is
   *     stored
   */
  public int write(List<ExecutionResult> results) {
    Objects.requireNonNull(results, "results");
    if (results.isEmpty()) return 0;
    Map<String, ExecutionResult> batch = TraceRows.firstById(results);
    Instant writtenAt = clock.instant();
    try {
      return jdbi.inTransaction(handle -> store(handle, batch, writtenAt));
    } catch (Exception e) { // Jdbi, SQL and I/O failures alike: the transaction is rolled back
      throw new UnableToWriteHistoryException("unable to write " + batch.size()
          + " execution traces to PostgreSQL (rolled back): " + Failures.reason(e), e);
    }
  }

  private static int store(Handle handle, Map<String, ExecutionResult> batch, Instant writtenAt)
      throws SQLException, IOException {
    handle.execute(HistorySql.CREATE_STAGE_EXECUTIONS);
    handle.execute(HistorySql.CREATE_STAGE_NODES);
    PGConnection connection = handle.getConnection().unwrap(PGConnection.class);
    copy(connection, HistorySql.COPY_EXECUTIONS, out -> {
      for (Map.Entry<String, ExecutionResult> entry : batch.entrySet()) {
        TraceRows.writeExecution(out, entry.getKey(), entry.getValue(), writtenAt);
      }
    });
    copy(connection, HistorySql.COPY_NODES, out -> {
      for (Map.Entry<String, ExecutionResult> entry : batch.entrySet()) {
        TraceRows.writeNodes(out, entry.getKey(), entry.getValue());
      }
    });
    return handle.createQuery(HistorySql.MOVE_STAGED).mapTo(Integer.class).one();
  }

  private static void copy(PGConnection connection, String sql, CopyBody body) throws SQLException, IOException {
    PGCopyOutputStream stream = new PGCopyOutputStream(connection, sql, COPY_BUFFER_BYTES);
    try {
      CopyRowWriter out = new CopyRowWriter(new BufferedWriter(
          new OutputStreamWriter(stream, StandardCharsets.UTF_8), COPY_BUFFER_BYTES));
      body.write(out);
      out.flush();
      stream.endCopy();
    } finally {
      if (stream.isActive()) cancelQuietly(stream); // leaves the connection usable for the rollback
    }
  }

  private static void cancelQuietly(PGCopyOutputStream stream) {
    try {
      stream.cancelCopy();
    } catch (SQLException e) {
      // The write already failed and reports that failure; a connection that cannot cancel is evicted by the pool.
    }
  }

  @FunctionalInterface
  private interface CopyBody {
    void write(CopyRowWriter out) throws IOException;
  }
}
