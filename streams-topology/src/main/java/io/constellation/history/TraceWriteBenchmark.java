package io.constellation.history;

import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures sustained trace writes: synthetic results (a few hundred bytes of outputs, source and inputs, one in ten
 * failed) written in batches through {@link TraceWriter#write}, one batch after another on one thread, as the
 * streams app's sink does. The figure counts rows: executions plus node results.
 *
 * <pre>{@code
 * double rowsPerSecond = TraceWriteBenchmark.run(db, 20_000, 4, 1_000);
 * }</pre>
 * or {@code java ... io.constellation.history.TraceWriteBenchmark [executions] [nodes] [batch]} with
 * {@code POSTGRES_URL} set. It adds rows to the history (ids {@code bench-<run>-<n>}, pipeline
 * {@value #PIPELINE}): point it at a scratch database.
 */
public final class TraceWriteBenchmark {
  public static final String PIPELINE = "trace-write-benchmark";

  private TraceWriteBenchmark() {}

  /**
   * Writes {@code executions} new results with {@code nodesPerExecution} trace nodes each, {@code batchSize} per
   * write, after an untimed warm-up of a tenth as many (at most ten batches).
   *
   * @return rows (executions plus node results) stored per second over the timed writes
   */
  public static double run(HistoryDatabase db, int executions, int nodesPerExecution, int batchSize) {
    if (executions < 1) throw new IllegalArgumentException("executions must be >= 1, was " + executions);
    if (nodesPerExecution < 0) {
      throw new IllegalArgumentException("nodesPerExecution must be >= 0, was " + nodesPerExecution);
    }
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    String run = UUID.randomUUID().toString().substring(0, 8);
    int warmUp = Math.min(executions / 10, 10 * batchSize);
    writeAll(db, results("bench-" + run + "-warm-", warmUp, nodesPerExecution), batchSize);

    List<ExecutionResult> results = results("bench-" + run + "-", executions, nodesPerExecution);
    long start = System.nanoTime();
    int stored = writeAll(db, results, batchSize);
    double seconds = (System.nanoTime() - start) / 1e9;
    return (stored * (1.0 + nodesPerExecution)) / seconds;
  }

  public static void main(String[] args) {
    int executions = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    try (HistoryDatabase db = HistoryDatabase.open(HistorySettings.fromEnv(System.getenv()))) {
      double rows = run(db, executions, nodes, batch);
      System.out.printf("%d executions x (1 + %d nodes), batches of %d: %.0f rows/s%n", executions, nodes, batch,
          rows);
    }
  }

  private static int writeAll(HistoryDatabase db, List<ExecutionResult> results, int batchSize) {
    int stored = 0;
    for (int from = 0; from < results.size(); from += batchSize) {
      stored += db.traces().write(results.subList(from, Math.min(results.size(), from + batchSize)));
    }
    return stored;
  }

  private static List<ExecutionResult> results(String prefix, int count, int nodes) {
    Instant t0 = Instant.now();
    List<ExecutionResult> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean failed = i % 10 == 0;
      Instant queued = t0.plusMillis(i);
      List<NodeTrace> trace = new ArrayList<>(nodes);
      for (int n = 0; n < nodes; n++) {
        trace.add(NodeTrace.newBuilder().setName("step" + n).setModule(n % 2 == 0 ? "Fetch" : "Transform")
            .setStatus(failed && n == nodes - 1 ? "FAILED" : "COMPLETED").setStart(queued.plusMillis(2 + n))
            .setDurationMicros(750L + n).setAttempts(1).setCacheHit(n == 0)
            .setError(failed && n == nodes - 1 ? "upstream timed out after 2000 ms" : null).build());
      }
      results.add(ExecutionResult.newBuilder()
          .setExecutionId(prefix + i)
          .setStatus(failed ? ExecutionStatus.FAILED : ExecutionStatus.COMPLETED)
          .setOutputs("{\"total\":" + i + ",\"items\":[1,2,3],\"label\":\"order " + i + " processed\"}")
          .setErrors(failed ? List.of(ExecutionError.newBuilder().setCode("MODULE_FAILED")
              .setMessage("upstream timed out after 2000 ms").setNode("step" + (nodes - 1)).setModule("Fetch")
              .build()) : List.of())
          .setWarnings(List.of())
          .setTrace(trace)
          .setNodeId("node-" + (i % 3))
          .setQueuedAt(queued)
          .setStartedAt(queued.plusMillis(1))
          .setCompletedAt(queued.plusMillis(5 + nodes))
          .setSourceHash("src" + (i % 10))
          .setStructuralHash("struct" + (i % 10))
          .setMetadata(Map.of("pipeline", PIPELINE + "-" + (i % 10), "batch", "b" + (i / 1000)))
          .setSource("in order: Record\nin limit: Int\nfetched = Fetch(order)\nchecked = Validate(fetched, limit)\n"
              + "total = Sum(checked.items)\nout total")
          .setInputs("{\"order\":{\"id\":" + i + ",\"items\":[1,2,3]},\"limit\":10}")
          .build());
    }
    return results;
  }
}
