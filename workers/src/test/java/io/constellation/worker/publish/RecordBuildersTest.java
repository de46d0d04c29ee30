package io.constellation.worker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The records a worker produces: results (in the request's encoding, shrunk when too large) and dead letters. */
final class RecordBuildersTest {
  private static final ResultCodec RESULTS = new ResultCodec();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ExecutionResult result(String outputs, int traces) {
    List<NodeTrace> trace = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      trace.add(NodeTrace.newBuilder().setName("node-" + i + "-" + "x".repeat(50)).setStatus("SUCCEEDED").setStart(T0)
          .setDurationMicros(5).build());
    }
    return ExecutionResult.newBuilder().setExecutionId("e-1").setStatus(ExecutionStatus.COMPLETED)
        .setOutputs(outputs).setErrors(List.of()).setWarnings(List.of()).setTrace(trace).setNodeId("n")
        .setAttempt(1).setMetadata(new java.util.HashMap<>()).build();
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  @Test
  void result_json_keyedByIdWithJsonContentType() {
    ResultRecords records = new ResultRecords("t.results", RESULTS, 10_000);
    ProducerRecord<byte[], byte[]> record = records.toRecord(result("{\"y\":1}", 1), Encoding.JSON);

    assertThat(record.topic()).isEqualTo("t.results");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("e-1");
    assertThat(header(record, RecordHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"executionId\"");
    assertThat(RESULTS.decode(record.value(), record.headers()).getOutputs()).isEqualTo("{\"y\":1}");
  }

  @Test
  void result_avro_decodesBack() {
    ProducerRecord<byte[], byte[]> record =
        new ResultRecords("t.results", RESULTS, 10_000).toRecord(result("{}", 2), Encoding.AVRO);
    assertThat(header(record, RecordHeaders.CONTENT_TYPE)).isEqualTo("application/avro");
    assertThat(RESULTS.decode(record.value(), record.headers()).getTrace()).hasSize(2);
  }

  @Test
  void result_tooLargeWithTrace_dropsTheTraceAndSaysSo() {
    ResultRecords records = new ResultRecords("t.results", RESULTS, 2_000);
    ProducerRecord<byte[], byte[]> record = records.toRecord(result("{\"y\":1}", 100), Encoding.AVRO);

    ExecutionResult published = RESULTS.decode(record.value(), record.headers());
    assertThat(record.value().length).isLessThanOrEqualTo(2_000);
    assertThat(published.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(published.getTrace()).isEmpty();
    assertThat(published.getOutputs()).isEqualTo("{\"y\":1}");
    assertThat(published.getWarnings()).anySatisfy(w -> assertThat(w).contains("trace dropped"));
  }

  @Test
  void result_tooLargeOnlyBecauseOfTheReplayCopy_dropsSourceAndInputsFirst_keepsTheTrace() {
    ResultRecords records = new ResultRecords("t.results", RESULTS, 2_000);
    ExecutionResult result = result("{\"y\":1}", 2);
    result.setSource("in x: Int\nout x\n# " + "padding ".repeat(400));
    result.setInputs("{\"x\":1}");

    ExecutionResult published = RESULTS.decode(records.toRecord(result, Encoding.AVRO).value(), null);

    assertThat(published.getSource()).isNull();
    assertThat(published.getInputs()).isNull();
    assertThat(published.getTrace()).hasSize(2);
    assertThat(published.getWarnings()).anySatisfy(w -> assertThat(w).contains("source and inputs dropped"));
  }

  @Test
  void result_outputsTooLarge_failedWithResultTooLarge() {
    ResultRecords records = new ResultRecords("t.results", RESULTS, 2_000);
    String huge = "{\"y\":\"" + "z".repeat(10_000) + "\"}";
    ProducerRecord<byte[], byte[]> record = records.toRecord(result(huge, 0), Encoding.JSON);

    ExecutionResult published = RESULTS.decode(record.value(), record.headers());
    assertThat(published.getExecutionId()).isEqualTo("e-1");
    assertThat(published.getStatus()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(published.getOutputs()).isEqualTo("{}");
    assertThat(published.getErrors()).singleElement()
        .satisfies(e -> assertThat(e.getCode()).isEqualTo(ResultRecords.RESULT_TOO_LARGE));
  }

  private static ConsumerRecord<byte[], byte[]> origin(byte[] key, byte[] value) {
    var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
    return new ConsumerRecord<>("t.requests", 5, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value.length, key, value, headers, Optional.empty());
  }

  @Test
  void deadLetter_keepsTheRecordWithReasonOriginAndNode() {
    DeadLetters letters = new DeadLetters("t.requests.dlq", "node-a", new DeadLetterCodec(), 1_000);
    byte[] value = {1, 2, 3};
    ProducerRecord<byte[], byte[]> record = letters.toRecord(origin("k".getBytes(), value), "not JSON", T0);

    assertThat(record.topic()).isEqualTo("t.requests.dlq");
    assertThat(record.key()).isEqualTo("k".getBytes());
    assertThat(header(record, RecordHeaders.DLQ_REASON)).isEqualTo("not JSON");
    assertThat(header(record, RecordHeaders.DLQ_ORIGIN)).isEqualTo("t.requests-5@42");
    assertThat(header(record, RecordHeaders.DLQ_NODE)).isEqualTo("node-a");
    DeadLetter letter = new DeadLetterCodec().decode(record.value());
    assertThat(letter.getOriginTopic()).isEqualTo("t.requests");
    assertThat(letter.getOriginPartition()).isEqualTo(5);
    assertThat(letter.getOriginOffset()).isEqualTo(42L);
    assertThat(letter.getValue().array()).isEqualTo(value);
    assertThat(letter.getHeaders()).containsKey("trace-id");
    assertThat(letter.getFailedAt()).isEqualTo(T0);
  }

  @Test
  void deadLetter_oversizedRecord_leavesTheValueOutAndSaysSo() {
    DeadLetters letters = new DeadLetters("t.requests.dlq", "node-a", new DeadLetterCodec(), 1_000);
    ProducerRecord<byte[], byte[]> record = letters.toRecord(origin(null, new byte[5_000]), "too big", T0);

    assertThat(record.value().length).isLessThan(1_000);
    assertThat(header(record, RecordHeaders.DLQ_REASON)).startsWith("too big").contains("not kept");
    DeadLetter letter = new DeadLetterCodec().decode(record.value());
    assertThat(letter.getValue()).isNull();
    assertThat(letter.getHeaders()).isEmpty();
  }

  @Test
  void deadLetter_hugeReason_isTruncated() {
    DeadLetters letters = new DeadLetters("t.requests.dlq", "node-a", new DeadLetterCodec(), 1_000);
    ProducerRecord<byte[], byte[]> record = letters.toRecord(origin(null, new byte[1]), "r".repeat(100_000), T0);
    assertThat(header(record, RecordHeaders.DLQ_REASON).length()).isLessThan(2_100);
  }
}
