package io.constellation.schemas;

import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Fully populated records shared by the tests (and the fixture writer: do not change their values). */
final class Samples {
  static final Instant T0 = Instant.parse("2025-01-31T12:00:00Z");

  private Samples() {}

  static ExecutionRequest fullRequest() {
    return ExecutionRequest.newBuilder()
        .setExecutionId("exec-0001")
        .setSource("in x: Int\nout x")
        .setInputs("{\"name\":\"caf\u00e9\",\"x\":1}")
        .setNode("node-a1b2c3")
        .setPriority(80)
        .setDeadline(T0.plusSeconds(60))
        .setSubmittedAt(T0)
        .setAttempt(2)
        .setReplayOf("exec-0000")
        .setMetadata(Map.of("batch", "b-7", "team", "search"))
        .build();
  }

  /** {@link #fullRequest()} with the fields schema v2 added set (the v2 fixtures; do not change either). */
  static ExecutionRequest fullRequestV2() {
    ExecutionRequest request = fullRequest();
    request.setCacheTtlMs(300_000L);
    return request;
  }

  /** {@link #fullResult()} with the fields schema v2 added set (the v2 fixtures; do not change either). */
  static ExecutionResult fullResultV2() {
    ExecutionResult result = fullResult();
    result.setFromCache(true);
    return result;
  }

  static ExecutionResult fullResultV3() {
    ExecutionResult result = fullResultV2();
    result.setSource("in x: Int\nout x");
    result.setInputs("{\"x\":1}");
    return result;
  }

  static ExecutionRequest minimalRequest() {
    return ExecutionRequest.newBuilder().setExecutionId("e1").setSource("in x: Int\nout x").setInputs("{\"x\":1}").build();
  }

  static ExecutionResult fullResult() {
    return ExecutionResult.newBuilder()
        .setExecutionId("exec-0001")
        .setStatus(ExecutionStatus.FAILED)
        .setOutputs("{\"y\":[1,2.5,\"z\"]}")
        .setErrors(List.of(
            ExecutionError.newBuilder().setCode("MODULE_FAILED").setMessage("boom").setNode("y").setModule("Fetch")
                .setLine(3).setColumn(7).build(),
            ExecutionError.newBuilder().setCode("E002").setMessage("Undefined function").build()))
        .setWarnings(List.of("slow module Fetch"))
        .setTrace(List.of(NodeTrace.newBuilder().setName("y").setModule("Fetch").setStatus("FAILED")
            .setStart(T0.plusMillis(5)).setDurationMicros(1234).setAttempts(3).setCacheHit(false).setError("boom")
            .build()))
        .setNodeId("node-a1b2c3")
        .setQueuedAt(T0)
        .setStartedAt(T0.plusMillis(2))
        .setCompletedAt(T0.plusMillis(9))
        .setAttempt(2)
        .setReplayOf("exec-0000")
        .setSourceHash("ab12")
        .setStructuralHash("cd34")
        .setMetadata(Map.of("batch", "b-7"))
        .build();
  }

  static DeadLetter fullDeadLetter() {
    return DeadLetter.newBuilder()
        .setReason("field 'inputs' must be a JSON object, was an array")
        .setOriginTopic("constellation.requests")
        .setOriginPartition(4)
        .setOriginOffset(1234L)
        .setOriginTimestamp(T0)
        .setKey(ByteBuffer.wrap("exec-0001".getBytes(StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0, (byte) 0xFF, 7}))
        .setHeaders(Map.of("content-type", ByteBuffer.wrap("application/json".getBytes(StandardCharsets.UTF_8))))
        .setNodeId("node-a1b2c3")
        .setFailedAt(T0.plusSeconds(1))
        .build();
  }

  static Headers headers(String contentType) {
    Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    if (contentType != null) headers.add(new RecordHeader(RecordHeaders.CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }

  static Headers json() {
    return headers("application/json");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
