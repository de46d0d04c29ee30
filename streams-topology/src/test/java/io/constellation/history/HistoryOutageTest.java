package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL going away and coming back under an open {@link HistoryDatabase}. */
final class HistoryOutageTest {
  @RegisterExtension
  static final HistoryFixture history = new HistoryFixture();

  @Test
  void write_postgresStopped_failsAndSucceedsWithTheSameWriterAfterRestart() throws SQLException {
    PostgresService postgres = TestInfrastructure.postgres();
    assumeFalse(postgres.external(), "an external server cannot be stopped");
    TraceWriter traces = history.db().traces();
    ExecutionStorage executions = history.db().executions();
    traces.write(Results.many("before-", 50));
    List<ExecutionResult> during = Results.many("during-", 50);

    postgres.stop();
    try {
      assertThatThrownBy(() -> traces.write(during))
          .isInstanceOf(UnableToWriteHistoryException.class)
          .hasMessageContaining("unable to write 50 execution traces to PostgreSQL (rolled back)");
      assertThatThrownBy(() -> executions.get("before-1")).isInstanceOf(UnableToQueryHistoryException.class);
      assertThatThrownBy(() -> HistoryDatabase.open(history.settings()))
          .isInstanceOf(UnableToReachHistoryException.class);
    } finally {
      postgres.start();
    }

    assertThat(traces.write(during)).isEqualTo(50);
    assertThat(executions.get("during-49")).isPresent();
    assertThat(history.count("select count(*) from executions")).isEqualTo(100);
    assertThat(history.count("select count(*) from node_results")).isEqualTo(100);
  }

  @Test
  void write_failingInTheDatabase_rollsBackTheWholeBatchAndTheWriterStaysUsable() throws SQLException {
    // node rows go in after the executions and pipelines of their batch; make them fail
    history.sql("alter table node_results add constraint test_no_boom check (error is distinct from 'boom')");
    List<ExecutionResult> batch = List.of(Results.minimal("fine"), Results.full("boom"));
    try {
      assertThatThrownBy(() -> history.db().traces().write(batch))
          .isInstanceOf(UnableToWriteHistoryException.class)
          .hasMessageContaining("test_no_boom");
      assertThat(history.count("select count(*) from executions")).isZero();
      assertThat(history.count("select count(*) from node_results")).isZero();
      assertThat(history.count("select count(*) from pipelines")).isZero();
    } finally {
      history.sql("alter table node_results drop constraint test_no_boom");
    }

    assertThat(history.db().traces().write(batch)).isEqualTo(2);
  }
}
