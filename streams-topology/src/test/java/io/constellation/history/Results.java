package io.constellation.history;

import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Result fixtures built with the Avro builders. */
final class Results {
  static final Instant T0 = Instant.parse("2025-01-31T12:00:00Z");

  private Results() {}

  /** Every field set, two trace nodes, a failure. */
  static ExecutionResult full(String id) {
    return ExecutionResult.newBuilder()
        .setExecutionId(id)
        .setStatus(ExecutionStatus.FAILED)
        .setOutputs("{\"y\":[1,2.5,\"z\"],\"n\":null}")
        .setErrors(List.of(
            ExecutionError.newBuilder().setCode("MODULE_FAILED").setMessage("boom").setNode("y").setModule("Fetch")
                .setLine(3).setColumn(7).build(),
            ExecutionError.newBuilder().setCode("E002").setMessage("Undefined function").build()))
        .setWarnings(List.of("slow module Fetch"))
        .setTrace(List.of(
            NodeTrace.newBuilder().setName("x").setModule(null).setStatus("COMPLETED").setStart(T0.plusMillis(3))
                .setDurationMicros(10).setAttempts(1).setCacheHit(true).setError(null).build(),
            NodeTrace.newBuilder().setName("y").setModule("Fetch").setStatus("FAILED").setStart(T0.plusMillis(5))
                .setDurationMicros(1234).setAttempts(3).setCacheHit(false).setError("boom").build()))
        .setNodeId("node-a1b2c3")
        .setQueuedAt(T0)
        .setStartedAt(T0.plusMillis(2))
        .setCompletedAt(T0.plusMillis(9))
        .setAttempt(2)
        .setReplayOf("exec-0000")
        .setSourceHash("ab12")
        .setStructuralHash("cd34")
        .setMetadata(Map.of("batch", "b-7", "pipeline", "checkout"))
        .setFromCache(true)
        .setSource("in x: Int\nout x")
        .setInputs("{\"x\":1,\"name\":\"caf\u00e9\"}")
        .build();
  }

  /** Only the required fields. */
  static ExecutionResult minimal(String id) {
    return ExecutionResult.newBuilder().setExecutionId(id).setStatus(ExecutionStatus.COMPLETED).build();
  }

  /** A plain completed result of a named pipeline, completed at {@code completedAt}. */
  static ExecutionResult.Builder simple(String id, String pipeline, Instant completedAt) {
    return ExecutionResult.newBuilder()
        .setExecutionId(id)
        .setStatus(ExecutionStatus.COMPLETED)
        .setOutputs("{\"ok\":true}")
        .setNodeId("node-1")
        .setQueuedAt(completedAt.minusMillis(30))
        .setStartedAt(completedAt.minusMillis(20))
        .setCompletedAt(completedAt)
        .setMetadata(Map.of("pipeline", pipeline))
        .setSourceHash("src-" + pipeline)
        .setStructuralHash("struct-" + pipeline)
        .setSource("in x: Int\nout x")
        .setInputs("{\"x\":1}")
        .setTrace(List.of(NodeTrace.newBuilder().setName("x").setStatus("COMPLETED").setStart(completedAt.minusMillis(19))
            .setDurationMicros(100).build()));
  }

  /** {@code count} simple results with ids {@code prefix0..}, one millisecond apart. */
  static List<ExecutionResult> many(String prefix, int count) {
    List<ExecutionResult> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) results.add(simple(prefix + i, "bulk", T0.plusMillis(i)).build());
    return results;
  }
}
