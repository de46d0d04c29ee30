package io.constellation.streams;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Results and result records for the streams tests. */
final class TestResults {
  /** Trace nodes per result from {@link #result}: each becomes a node_results row. */
  static final int NODES = 2;
  private static final ResultCodec CODEC = new ResultCodec();

  private TestResults() {}

  /** A result of {@code pipeline} on {@code node}, queued 10 ms before it started, running {@code durationMs}. */
  static ExecutionResult.Builder result(String id, String pipeline, String node, ExecutionStatus status,
      Instant completedAt, long durationMs) {
    Instant started = completedAt.minusMillis(durationMs);
    return ExecutionResult.newBuilder()
        .setExecutionId(id)
        .setStatus(status)
        .setOutputs("{\"id\":\"" + id + "\"}")
        .setTrace(List.of(
            NodeTrace.newBuilder().setName("a").setModule("Uppercase").setStatus("COMPLETED").setStart(started)
                .setDurationMicros(100).setAttempts(1).build(),
            NodeTrace.newBuilder().setName("b").setStatus("COMPLETED").setStart(started.plusMillis(1))
                .setDurationMicros(50).build()))
        .setNodeId(node)
        .setQueuedAt(started.minusMillis(10))
        .setStartedAt(started)
        .setCompletedAt(completedAt)
        .setSourceHash("src-" + pipeline)
        .setStructuralHash("struct-" + pipeline)
        .setMetadata(Map.of("pipeline", pipeline));
  }

  /** A plain completed result completed now. */
  static ExecutionResult simple(String id) {
    return result(id, "bulk", "node-1", ExecutionStatus.COMPLETED, Instant.now(), 5).build();
  }

  /**
   * The record of a result in one of four forms, by {@code variant % 4}: Avro with its content-type header, JSON with
   * its header, Avro without a header, JSON without a header (both sniffed).
   */
  static ProducerRecord<byte[], byte[]> record(Topics topics, ExecutionResult result, int variant) {
    Encoding encoding = variant % 2 == 0 ? Encoding.AVRO : Encoding.JSON;
    boolean header = variant % 4 < 2;
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.results(),
        result.getExecutionId().getBytes(StandardCharsets.UTF_8), CODEC.encode(result, encoding));
    if (header) record.headers().add(encoding.header());
    return record;
  }

  /** A record with raw bytes (and optionally a content type) on the results topic. */
  static ProducerRecord<byte[], byte[]> raw(Topics topics, String key, byte[] value, String contentType) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.results(),
        key.getBytes(StandardCharsets.UTF_8), value);
    if (contentType != null) {
      record.headers().add("content-type", contentType.getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }
}
