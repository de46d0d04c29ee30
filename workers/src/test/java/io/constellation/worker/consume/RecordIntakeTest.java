package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.avro.ExecutionRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class RecordIntakeTest {
  private static final String REQUESTS = "t.requests";
  private static final String PINNED = "t.requests.pinned";
  private static final RequestCodec CODEC = new RequestCodec();
  private final RecordIntake intake = new RecordIntake(CODEC, PINNED, "node-a", 1024 * 1024);

  static ExecutionRequest request(String id) {
    return ExecutionRequest.newBuilder().setExecutionId(id).setSource("in x: Int\nout x").setInputs("{\"x\":1}")
        .build();
  }

  static ConsumerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(topic, 0, 7L, 1_000L, TimestampType.CREATE_TIME, key == null ? -1 : key.length,
        value == null ? -1 : value.length, key, value, headers, Optional.empty());
  }

  private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return record(REQUESTS, "k".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders());
  }

  @Test
  void classify_avroRequest_isRun() {
    Intake intake = this.intake.classify(record(CODEC.encode(request("e-1"), Encoding.AVRO)));
    assertThat(intake).isInstanceOfSatisfying(Intake.Run.class, run -> {
      assertThat(run.request().getExecutionId()).isEqualTo("e-1");
      assertThat(run.encoding()).isEqualTo(Encoding.AVRO);
    });
  }

  @Test
  void classify_smallInputs_keepsTheirParsedTree() {
    ExecutionRequest request = request("e-6");
    request.setInputs("{\"z\":[1,2.5],\"a\":{\"c\":null,\"b\":\"x\"}}");
    Intake intake = this.intake.classify(record(CODEC.encode(request, Encoding.AVRO)));
    assertThat(intake).isInstanceOfSatisfying(Intake.Run.class, run -> {
      assertThat(run.inputs()).isNotNull();
      assertThat(run.inputs().toString()).isEqualTo(run.request().getInputs()); // canonical text, same key order
    });
  }

  @Test
  void classify_largeInputs_areLeftForTheExecutionToParse() {
    ExecutionRequest request = request("e-7");
    request.setInputs("{\"x\":\"" + "y".repeat(RecordIntake.MAX_KEPT_INPUTS_CHARS) + "\"}");
    Intake intake = this.intake.classify(record(CODEC.encode(request, Encoding.AVRO)));
    assertThat(intake).isInstanceOfSatisfying(Intake.Run.class, run -> assertThat(run.inputs()).isNull());
  }

  @Test
  void classify_jsonWithContentType_isRunAsJson() {
    byte[] json = "{\"executionId\":\"e-2\",\"source\":\"in x: Int\\nout x\",\"inputs\":{\"x\":1}}"
        .getBytes(StandardCharsets.UTF_8);
    RecordHeaders headers = new RecordHeaders();
    headers.add(Encoding.JSON.header());
    Intake intake = this.intake.classify(record(REQUESTS, null, json, headers));
    assertThat(intake).isInstanceOfSatisfying(Intake.Run.class,
        run -> assertThat(run.encoding()).isEqualTo(Encoding.JSON));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"source\": \"in x: Int\\nout x\", \"inputs\": {}}",                 // no executionId
      "{\"executionId\": \"e\", \"source\": \"s\", \"inputs\": [1]}",          // inputs not an object
      "{\"executionId\": \"e\", \"source\": \"s\", \"inputs\": {}, \"priority\": 101}",
      "{\"executionId\": ",                                                   // truncated JSON
      "{}",
      "not json at all",
  })
  void classify_malformedJson_isDeadLetterWithReason(String json) {
    Intake intake = this.intake.classify(record(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(intake).isInstanceOfSatisfying(Intake.DeadLetter.class, dead -> {
      assertThat(dead.category()).isEqualTo(RecordIntake.UNDECODABLE);
      assertThat(dead.reason()).isNotBlank();
    });
  }

  @Test
  void classify_truncatedAvro_isDeadLetter() {
    byte[] avro = CODEC.encode(request("e-3"), Encoding.AVRO);
    for (int length : new int[] {1, 2, 9, 10, avro.length / 2, avro.length - 1}) {
      Intake intake = this.intake.classify(record(Arrays.copyOf(avro, length)));
      assertThat(intake).as("truncated to %d bytes", length).isInstanceOf(Intake.DeadLetter.class);
    }
  }

  @Test
  void classify_randomBytes_neverThrows() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      if (i % 3 == 0 && bytes.length > 2) {
        bytes[0] = (byte) 0xC3; // the Avro single-object marker, to get past the first check
        bytes[1] = 0x01;
      }
      Intake intake = this.intake.classify(record(bytes));
      assertThat(intake).isInstanceOfAny(Intake.DeadLetter.class, Intake.Run.class);
    }
  }

  @Test
  void classify_nullValue_isDeadLetter() {
    assertThat(intake.classify(record(null))).isInstanceOf(Intake.DeadLetter.class);
  }

  @Test
  void classify_overLimit_isOversizedDeadLetterWithoutDecoding() {
    RecordIntake small = new RecordIntake(CODEC, PINNED, "node-a", 100);
    byte[] value = CODEC.encode(request("e-" + "x".repeat(200)), Encoding.AVRO);
    Intake intake = small.classify(record(value));
    assertThat(intake).isInstanceOfSatisfying(Intake.DeadLetter.class, dead -> {
      assertThat(dead.category()).isEqualTo(RecordIntake.OVERSIZED);
      assertThat(dead.reason()).contains("over the 100-byte limit");
    });
  }

  @Test
  void classify_pinnedRecordForAnotherNode_isSkipped() {
    byte[] value = CODEC.encode(request("e-4"), Encoding.AVRO);
    assertThat(intake.classify(record(PINNED, "node-b".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders())))
        .isInstanceOf(Intake.Skip.class);
    assertThat(intake.classify(record(PINNED, null, value, new RecordHeaders()))).isInstanceOf(Intake.Skip.class);
    assertThat(intake.classify(record(PINNED, "node-a".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders())))
        .isInstanceOf(Intake.Run.class);
  }

  @Test
  void classify_unknownContentType_isDeadLetter() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(io.constellation.schemas.RecordHeaders.CONTENT_TYPE, "text/xml".getBytes(StandardCharsets.UTF_8));
    byte[] value = CODEC.encode(request("e-5"), Encoding.AVRO);
    assertThat(intake.classify(record(REQUESTS, null, value, headers))).isInstanceOf(Intake.DeadLetter.class);
  }
}
