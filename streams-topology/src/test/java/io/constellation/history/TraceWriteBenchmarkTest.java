package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The benchmark runs and stores what it says (no timing is asserted). For a figure, run it larger:
 * {@code -Dconstellation.bench.traceExecutions=50000}; it prints rows/s.
 */
final class TraceWriteBenchmarkTest {
  @RegisterExtension
  static final HistoryFixture history = new HistoryFixture();

  @Test
  void run_smallRun_storesEveryExecutionAndReportsARate() throws SQLException {
    int executions = Integer.getInteger("constellation.bench.traceExecutions", 300);
    int nodes = Integer.getInteger("constellation.bench.traceNodes", 4);
    int batch = Integer.getInteger("constellation.bench.traceBatch", 100);

    double rowsPerSecond = TraceWriteBenchmark.run(history.db(), executions, nodes, batch);

    System.out.printf("trace write benchmark: %d executions x (1 + %d nodes), batches of %d: %.0f rows/s%n",
        executions, nodes, batch, rowsPerSecond);
    assertThat(rowsPerSecond).isPositive();
    long warmUp = Math.min(executions / 10, 10L * batch);
    assertThat(history.count("select count(*) from executions")).isEqualTo(executions + warmUp);
    assertThat(history.count("select count(*) from node_results")).isEqualTo((executions + warmUp) * nodes);
  }
}
