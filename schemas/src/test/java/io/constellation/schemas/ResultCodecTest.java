package io.constellation.schemas;

import static io.constellation.schemas.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

final class ResultCodecTest {
  private final ResultCodec codec = new ResultCodec();

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void roundTrip_fullResult_decodesEqual(Encoding encoding) {
    byte[] bytes = codec.encode(Samples.fullResult(), encoding);

    assertThat(codec.decode(bytes, Samples.headers(encoding.contentType()))).isEqualTo(Samples.fullResult());
    assertThat(codec.decode(bytes, null)).isEqualTo(Samples.fullResult());
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void roundTrip_minimalResult_keepsDefaults(Encoding encoding) {
    ExecutionResult minimal = ExecutionResult.newBuilder().setExecutionId("e1").setStatus(ExecutionStatus.COMPLETED).build();

    ExecutionResult decoded = codec.decode(codec.encode(minimal, encoding), null);

    assertThat(decoded).isEqualTo(minimal);
    assertThat(decoded.getOutputs()).isEqualTo("{}");
    assertThat(decoded.getAttempt()).isEqualTo(1);
    assertThat(decoded.getQueuedAt()).isNull();
  }

  @Test
  void toJson_fullResult_usesAvroNamesObjectOutputsAndIsoInstants() {
    JsonNode json = codec.toJson(Samples.fullResult());

    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("outputs").isObject()).isTrue();
    assertThat(json.get("outputs").get("y").get(1).asDouble()).isEqualTo(2.5);
    assertThat(json.get("errors").get(0).get("line").asInt()).isEqualTo(3);
    assertThat(json.get("errors").get(1).get("node").isNull()).isTrue();
    assertThat(json.get("trace").get(0).get("start").asText()).isEqualTo("2025-01-31T12:00:00.005Z");
    assertThat(json.get("queuedAt").asText()).isEqualTo("2025-01-31T12:00:00Z");
    assertThat(json.get("sourceHash").asText()).isEqualTo("ab12");
    assertThat(json.get("metadata").get("batch").asText()).isEqualTo("b-7");
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void roundTrip_fromCache_isKept(Encoding encoding) {
    assertThat(codec.decode(codec.encode(Samples.fullResultV2(), encoding), null).getFromCache()).isTrue();
    assertThat(codec.toJson(Samples.fullResultV2()).get("fromCache").asBoolean()).isTrue();
    assertThat(codec.toJson(Samples.fullResult()).get("fromCache").isBoolean()).isTrue();
    assertThat(codec.toJson(Samples.fullResult()).get("fromCache").asBoolean()).isFalse();
  }

  @Test
  void decode_jsonWithoutFromCache_isFalse() {
    ExecutionResult result = codec.decode(utf8("{\"executionId\":\"e1\",\"status\":\"COMPLETED\"}"), Samples.json());

    assertThat(result.getFromCache()).isFalse();
  }

  @Test
  void decode_jsonWithEpochMillisInstants_readsThem() {
    byte[] json = utf8("{\"executionId\":\"e1\",\"status\":\"EXPIRED\",\"queuedAt\":1738324800000,"
        + "\"trace\":[{\"name\":\"a\",\"status\":\"OK\",\"start\":1738324800000,\"durationMicros\":5}]}");

    ExecutionResult result = codec.decode(json, Samples.json());

    assertThat(result.getQueuedAt()).isEqualTo(Samples.T0);
    assertThat(result.getTrace().get(0).getStart()).isEqualTo(Samples.T0);
  }

  static Stream<Arguments> badJson() {
    return Stream.of(
        arguments("[]", "result JSON must be an object, was an array"),
        arguments("{\"status\":\"COMPLETED\"}", "field 'executionId' is required"),
        arguments("{\"executionId\":\"e\"}", "field 'status' is required"),
        arguments("{\"executionId\":\"e\",\"status\":\"DONE\"}", "field 'status' must be one of [COMPLETED, FAILED, REJECTED, EXPIRED]"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"outputs\":[]}", "field 'outputs' must be a JSON object, was an array"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"errors\":{}}", "field 'errors' must be an array, was an object"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"errors\":[{\"code\":\"X\"}]}", "errors[0]: field 'message' is required"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"errors\":[null]}", "errors[0]: must be an object, was null"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"warnings\":[1]}", "warnings[0]: must be a string, was a number"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"trace\":[{\"name\":\"a\",\"status\":\"OK\",\"durationMicros\":1}]}",
            "trace[0]: field 'start' is required"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"completedAt\":\"soon\"}", "field 'completedAt' must be an ISO-8601 instant"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"attempt\":0}", "field 'attempt' must be an integer >= 1"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"fromCache\":\"yes\"}", "field 'fromCache' must be true or false, was a string"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\"", "not valid JSON"),
        arguments("{\"executionId\":\"e\",\"status\":\"FAILED\",\"outputs\":{\"x\":" + "[".repeat(10_000) + "}}", "nesting depth"));
  }

  @ParameterizedTest
  @MethodSource("badJson")
  void decode_badJson_throwsReasonNamingProblem(String json, String reason) {
    assertThatThrownBy(() -> codec.decode(utf8(json), Samples.json()))
        .isInstanceOf(UnableToDecodeResultException.class)
        .satisfies(e -> assertThat(((UnableToDecodeResultException) e).reason()).contains(reason));
  }

  @Test
  void decode_truncatedOrForeignAvro_throwsOnlyCodecException() {
    byte[] bytes = codec.encode(Samples.fullResult(), Encoding.AVRO);
    for (int length = 0; length < bytes.length; length++) {
      byte[] prefix = Arrays.copyOf(bytes, length);
      assertThat(catchThrowable(() -> codec.decode(prefix, null))).as("prefix %d", length)
          .isInstanceOf(UnableToDecodeResultException.class);
    }
    byte[] request = new RequestCodec().encode(Samples.fullRequest(), Encoding.AVRO);
    assertThatThrownBy(() -> codec.decode(request, null)).hasMessageContaining("unknown ExecutionResult schema fingerprint");
  }

  @Test
  void decode_randomAndMutatedBytes_throwOnlyCodecException() {
    byte[] valid = codec.encode(Samples.fullResult(), Encoding.AVRO);
    Random random = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes;
      if (i % 2 == 0) {
        bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
      } else {
        bytes = valid.clone();
        bytes[10 + random.nextInt(bytes.length - 10)] = (byte) random.nextInt(256);
      }
      try {
        assertThat(codec.decode(bytes, null)).isNotNull();
      } catch (UnableToDecodeResultException expected) {
        assertThat(expected.reason()).isNotBlank();
      }
    }
  }

  @Test
  void decode_nullValue_isRefused() {
    assertThatThrownBy(() -> codec.decode(null, null)).isInstanceOf(UnableToDecodeResultException.class);
  }

  @Test
  void encode_missingRequiredField_isIllegalArgument() {
    ExecutionResult result = Samples.fullResult();
    result.setExecutionId(null);

    assertThatThrownBy(() -> codec.encode(result, Encoding.AVRO)).isInstanceOf(IllegalArgumentException.class);
  }
}
