package io.constellation.schemas;

import static io.constellation.schemas.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.ExecutionRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

final class RequestCodecTest {
  private final RequestCodec codec = new RequestCodec();

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void roundTrip_fullRequest_decodesEqualInSameEncoding(Encoding encoding) {
    ExecutionRequest request = Samples.fullRequest();

    byte[] bytes = codec.encode(request, encoding);
    DecodedRequest decoded = codec.decode(bytes, Samples.headers(encoding.contentType()));

    assertThat(decoded.encoding()).isEqualTo(encoding);
    assertThat(decoded.request()).isEqualTo(request);
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void roundTrip_withoutContentType_detectsEncodingFromFirstByte(Encoding encoding) {
    byte[] bytes = codec.encode(Samples.fullRequest(), encoding);

    DecodedRequest decoded = codec.decode(bytes, null);

    assertThat(decoded.encoding()).isEqualTo(encoding);
    assertThat(decoded.request()).isEqualTo(Samples.fullRequest());
  }

  @Test
  void decode_avroWithoutTrustedPackagesProperty_works() {
    // This module's surefire leaves the property unset, as it is in a worker process (see GeneratedClasses).
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();

    byte[] bytes = codec.encode(Samples.fullRequest(), Encoding.AVRO);

    assertThat(codec.decode(bytes, null).request()).isInstanceOf(ExecutionRequest.class).isEqualTo(Samples.fullRequest());
  }

  @Test
  void decode_minimalJsonJob_fillsDefaults() {
    byte[] json = utf8("{\"executionId\":\"e1\",\"source\":\"in x: Int\\nout x\",\"inputs\":{\"x\":1}}");

    DecodedRequest decoded = codec.decode(json, Samples.headers(null));

    ExecutionRequest request = decoded.request();
    assertThat(decoded.encoding()).isEqualTo(Encoding.JSON);
    assertThat(request.getExecutionId()).isEqualTo("e1");
    assertThat(request.getSource()).isEqualTo("in x: Int\nout x");
    assertThat(request.getInputs()).isEqualTo("{\"x\":1}");
    assertThat(request.getNode()).isNull();
    assertThat(request.getPriority()).isEqualTo(50);
    assertThat(request.getDeadline()).isNull();
    assertThat(request.getSubmittedAt()).isNull();
    assertThat(request.getAttempt()).isEqualTo(1);
    assertThat(request.getReplayOf()).isNull();
    assertThat(request.getMetadata()).isEmpty();
  }

  @Test
  void decode_jsonWithEveryOptionalField_readsThem() {
    byte[] json = utf8("""
        \uFEFF  {"executionId": "e2", "source": "s", "inputs": {"b": [1, 2.5], "a": "x"},
         "node": "node-1", "priority": 100, "deadline": 1738324800000, "submittedAt": "2025-01-31T13:00:00+01:00",
         "attempt": 3, "replayOf": "e1", "metadata": {"batch": "b1"}, "someFutureField": {"ignored": true}}""");

    ExecutionRequest request = codec.decode(json, null).request();

    assertThat(request.getInputs()).isEqualTo("{\"a\":\"x\",\"b\":[1,2.5]}");
    assertThat(request.getNode()).isEqualTo("node-1");
    assertThat(request.getPriority()).isEqualTo(100);
    assertThat(request.getDeadline()).isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
    assertThat(request.getSubmittedAt()).isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
    assertThat(request.getAttempt()).isEqualTo(3);
    assertThat(request.getReplayOf()).isEqualTo("e1");
    assertThat(request.getMetadata()).isEqualTo(Map.of("batch", "b1"));
  }

  @Test
  void decode_jsonNullForOptionalField_meansAbsent() {
    byte[] json = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{},\"node\":null,\"priority\":null,"
        + "\"deadline\":null,\"metadata\":null}");

    ExecutionRequest request = codec.decode(json, null).request();

    assertThat(request.getNode()).isNull();
    assertThat(request.getPriority()).isEqualTo(50);
    assertThat(request.getMetadata()).isEmpty();
  }

  @Test
  void decode_avroWithNonCanonicalInputs_canonicalisesThem() {
    ExecutionRequest request = Samples.minimalRequest();
    request.setInputs(" { \"z\" : 1 , \"a\" : { \"y\": true, \"b\": null } } ");
    byte[] bytes = avroWithoutValidation(request);

    assertThat(codec.decode(bytes, null).request().getInputs()).isEqualTo("{\"a\":{\"b\":null,\"y\":true},\"z\":1}");
  }

  static Stream<Arguments> inputTexts() {
    return Stream.of(
        "{}",
        "{\"x\":1}",
        " { \"z\" : 1 , \"a\" : { \"y\": true, \"b\": null } } ",
        "{\"b\":[{\"d\":1,\"c\":[{\"f\":2,\"e\":3}]}],\"a\":{},\"c\":[]}",
        "{\"n\":[1,-0,-0.0,0.1,1.0,1e2,1E-400,12345678901234567890123,-9223372036854775809,2147483648,"
            + "-2147483648,4.9E-324,1.7976931348623157E308,1.00000000000000000000001,123456789.123456789e5]}",
        "{\"s\":\"a\\\"b\\\\c\\n\\u0001\\ud800 \u00e9 \ud83d\ude00\",\"\uffff\":1,\"\ud83d\ude00\":2,"
            + "\"\u00e9\":3,\"\":4,\"A\":5}")
        .flatMap(inputs -> Stream.of(arguments(Encoding.AVRO, inputs), arguments(Encoding.JSON, inputs)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("inputTexts")
  void decode_inputsTree_isWhatParsingTheCanonicalInputsGives(Encoding encoding, String inputs) throws Exception {
    byte[] bytes = switch (encoding) {
      case AVRO -> {
        ExecutionRequest request = Samples.minimalRequest();
        request.setInputs(inputs);
        yield avroWithoutValidation(request);
      }
      case JSON -> utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":" + inputs + "}");
    };

    DecodedRequest decoded = codec.decode(bytes, null);

    JsonNode reparsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(decoded.request().getInputs());
    assertSameTree(decoded.inputs(), reparsed, "inputs");
  }

  /** Equal values, node types and key order (JsonNode.equals ignores the order). */
  private static void assertSameTree(JsonNode actual, JsonNode expected, String path) {
    assertThat(actual.getClass()).as(path).isEqualTo(expected.getClass());
    if (expected.isObject()) {
      assertThat(actual.properties()).as(path).extracting(Map.Entry::getKey)
          .containsExactlyElementsOf(expected.properties().stream().map(Map.Entry::getKey).toList());
      expected.properties().forEach(e -> assertSameTree(actual.get(e.getKey()), e.getValue(), path + "." + e.getKey()));
    } else if (expected.isArray()) {
      assertThat(actual.size()).as(path).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) assertSameTree(actual.get(i), expected.get(i), path + "[" + i + "]");
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
    }
  }

  @Test
  void encode_doesNotModifyCallersRecord() {
    ExecutionRequest request = Samples.minimalRequest();
    request.setInputs("{ \"x\" : 1 }");

    codec.encode(request, Encoding.AVRO);

    assertThat(request.getInputs()).isEqualTo("{ \"x\" : 1 }");
  }

  @Test
  void toJson_fullRequest_hasDocumentedForm() {
    JsonNode json = codec.toJson(Samples.fullRequest());

    assertThat(json.get("inputs").isObject()).isTrue();
    assertThat(json.get("deadline").asText()).isEqualTo("2025-01-31T12:01:00Z");
    assertThat(json.get("priority").asInt()).isEqualTo(80);
    assertThat(json.get("metadata").get("batch").asText()).isEqualTo("b-7");
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void roundTrip_cacheTtl_isKept(Encoding encoding) {
    byte[] bytes = codec.encode(Samples.fullRequestV2(), encoding);

    assertThat(codec.decode(bytes, null).request().getCacheTtlMs()).isEqualTo(300_000L);
    assertThat(codec.toJson(Samples.fullRequestV2()).get("cacheTtlMs").asLong()).isEqualTo(300_000L);
    assertThat(codec.toJson(Samples.fullRequest()).has("cacheTtlMs")).isFalse();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "300000, 300000", "'\"5min\"', 300000", "'\"5m\"', 300000", "'\"500ms\"', 500", "'\"30s\"', 30000",
      "'\"2h\"', 7200000", "'\"7d\"', 604800000", "'\" 1h \"', 3600000", "1000.0, 1000"})
  void decode_cacheTtlMs_acceptsMillisOrDurationString(String value, long expectedMillis) {
    byte[] json = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{},\"cacheTtlMs\":" + value + "}");

    assertThat(codec.decode(json, Samples.json()).request().getCacheTtlMs()).isEqualTo(expectedMillis);
  }

  @Test
  void decode_cacheTtlMsAbsentOrNull_meansNoExecutionCache() {
    byte[] absent = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{}}");
    byte[] nullValue = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{},\"cacheTtlMs\":null}");

    assertThat(codec.decode(absent, Samples.json()).request().getCacheTtlMs()).isNull();
    assertThat(codec.decode(nullValue, Samples.json()).request().getCacheTtlMs()).isNull();
  }

  @Test
  void decode_avroWithCacheTtlOutOfRange_isRefusedLikeJson() {
    ExecutionRequest zero = Samples.minimalRequest();
    zero.setCacheTtlMs(0L);
    ExecutionRequest negative = Samples.minimalRequest();
    negative.setCacheTtlMs(Long.MIN_VALUE);

    assertThatThrownBy(() -> codec.decode(avroWithoutValidation(zero), null))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("field 'cacheTtlMs' must be from 1 ms to 365 days");
    assertThatThrownBy(() -> codec.decode(avroWithoutValidation(negative), null))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("field 'cacheTtlMs'");
    assertThatThrownBy(() -> codec.encode(zero, Encoding.AVRO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'cacheTtlMs'");
  }

  static Stream<Arguments> badJson() {
    String ok = "\"executionId\":\"e1\",\"source\":\"s\"";
    return Stream.of(
        arguments("not json at all", "not valid JSON"),
        arguments("{\"executionId\":", "not valid JSON"),
        arguments("{" + ok + ",\"inputs\":{}} trailing", "not valid JSON"),
        arguments("{" + ok + ",\"inputs\":{},\"inputs\":{}}", "Duplicate field 'inputs'"),
        arguments("{" + ok + ",\"inputs\":{\"a\":1,\"a\":2}}", "Duplicate field 'a'"),
        arguments("[1,2,3]", "request JSON must be an object, was an array"),
        arguments("{\"source\":\"s\",\"inputs\":{}}", "field 'executionId' is required"),
        arguments("{\"executionId\":\"e1\",\"inputs\":{}}", "field 'source' is required"),
        arguments("{" + ok + "}", "field 'inputs' is required"),
        arguments("{" + ok + ",\"inputs\":[1]}", "field 'inputs' must be a JSON object, was an array"),
        arguments("{" + ok + ",\"inputs\":\"{}\"}", "field 'inputs' must be a JSON object, was a string"),
        arguments("{\"executionId\":7,\"source\":\"s\",\"inputs\":{}}", "field 'executionId' must be a string, was a number"),
        arguments("{\"executionId\":\"\",\"source\":\"s\",\"inputs\":{}}", "field 'executionId' must not be empty"),
        arguments("{\"executionId\":\"a\\u0000b\",\"source\":\"s\",\"inputs\":{}}", "field 'executionId' must be printable"),
        arguments("{\"executionId\":\"" + "x".repeat(257) + "\",\"source\":\"s\",\"inputs\":{}}",
            "field 'executionId' must be at most 256 characters, was 257"),
        arguments("{\"executionId\":{},\"source\":\"s\",\"inputs\":{}}", "field 'executionId' must be a string, was an object"),
        arguments("{" + ok + ",\"inputs\":{},\"priority\":101}", "field 'priority' must be an integer from 0 to 100, was 101"),
        arguments("{" + ok + ",\"inputs\":{},\"priority\":-1}", "field 'priority' must be an integer from 0 to 100, was -1"),
        arguments("{" + ok + ",\"inputs\":{},\"priority\":\"high\"}", "field 'priority' must be an integer from 0 to 100, was a string"),
        arguments("{" + ok + ",\"inputs\":{},\"priority\":50.5}", "field 'priority' must be an integer"),
        arguments("{" + ok + ",\"inputs\":{},\"priority\":99999999999999999999}", "field 'priority' must be an integer"),
        arguments("{" + ok + ",\"inputs\":{},\"attempt\":0}", "field 'attempt' must be an integer >= 1, was 0"),
        arguments("{" + ok + ",\"inputs\":{},\"deadline\":\"tomorrow\"}", "field 'deadline' must be an ISO-8601 instant"),
        arguments("{" + ok + ",\"inputs\":{},\"deadline\":true}", "field 'deadline' must be an ISO-8601 string or epoch"),
        arguments("{" + ok + ",\"inputs\":{},\"deadline\":\"+1000000000-01-01T00:00:00Z\"}", "field 'deadline'"),
        arguments("{" + ok + ",\"inputs\":{},\"node\":42}", "field 'node' must be a string"),
        arguments("{" + ok + ",\"inputs\":{},\"node\":\"  \"}", "field 'node' must not be empty"),
        arguments("{" + ok + ",\"inputs\":{},\"replayOf\":\"\"}", "field 'replayOf' must not be empty"),
        arguments("{" + ok + ",\"inputs\":{},\"metadata\":[]}", "field 'metadata' must be a JSON object of strings"),
        arguments("{" + ok + ",\"inputs\":{},\"metadata\":{\"n\":1}}", "field 'metadata.n' must be a string, was a number"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":0}", "field 'cacheTtlMs' must be from 1 ms to 365 days"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":-5}", "field 'cacheTtlMs' must be from 1 ms to 365 days"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":\"0s\"}", "field 'cacheTtlMs' must be from 1 ms to 365 days"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":\"366d\"}", "field 'cacheTtlMs' must be from 1 ms to 365 days"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":\"999999999999d\"}", "field 'cacheTtlMs' is out of range"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":99999999999999999999}", "field 'cacheTtlMs' is out of range"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":1.5}", "field 'cacheTtlMs' must be milliseconds or a duration"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":\"soon\"}", "field 'cacheTtlMs' must be milliseconds or a duration"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":\"PT5M\"}", "field 'cacheTtlMs' must be milliseconds or a duration"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":\"" + "9".repeat(5000) + "s\"}", "field 'cacheTtlMs' must be milliseconds or a duration"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":true}", "field 'cacheTtlMs' must be milliseconds or a duration string like 5min, was a boolean"),
        arguments("{" + ok + ",\"inputs\":{},\"cacheTtlMs\":{}}", "was an object"),
        arguments("{" + ok + ",\"inputs\":{\"x\":1e400}}", "field 'inputs' holds a value that has no canonical JSON form"),
        arguments("{" + ok + ",\"inputs\":{\"x\":" + "9".repeat(5000) + "}}", "not valid JSON"),
        arguments("{\"executionId\":\"e\u0001\",", "not valid JSON"));
  }

  @ParameterizedTest
  @MethodSource("badJson")
  void decode_badJson_throwsReasonNamingProblem(String json, String reason) {
    assertThatThrownBy(() -> codec.decode(utf8(json), Samples.json()))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageStartingWith("unable to decode request: ")
        .satisfies(e -> assertThat(((UnableToDecodeRequestException) e).reason()).contains(reason));
  }

  @Test
  void decode_blankJsonDocument_saysEmpty() {
    assertThatThrownBy(() -> codec.decode(utf8("   "), Samples.json()))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("request JSON is empty");
  }

  @Test
  void decode_deeplyNestedInputs_isRefusedWithoutStackOverflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    byte[] json = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{\"x\":" + deep + "}}");

    assertThatThrownBy(() -> codec.decode(json, Samples.json()))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void decode_deeplyNestedInputsInAvro_isRefused() {
    ExecutionRequest request = Samples.minimalRequest();
    request.setInputs("{\"x\":" + "{\"y\":".repeat(10_000) + "1" + "}".repeat(10_001));

    assertThatThrownBy(() -> codec.decode(avroWithoutValidation(request), null))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("field 'inputs' is not valid JSON");
  }

  @Test
  void decode_nestingAtLimit_isAccepted() {
    int depth = BoundedJson.MAX_NESTING_DEPTH - 2; // the request object and the inputs object are two levels
    String nested = "[".repeat(depth) + "]".repeat(depth);
    byte[] json = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{\"x\":" + nested + "}}");

    assertThat(codec.decode(json, Samples.json()).request().getInputs()).startsWith("{\"x\":[[[");
  }

  @Test
  void decode_hugeStringInputs_areKept() {
    String big = "x".repeat(5_000_000);
    byte[] json = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{\"big\":\"" + big + "\"}}");

    assertThat(codec.decode(json, Samples.json()).request().getInputs()).hasSize(big.length() + 10);
  }

  @Test
  void decode_hugeExecutionId_isRefusedByLength() {
    byte[] json = utf8("{\"executionId\":\"" + "e".repeat(1_000_000) + "\",\"source\":\"s\",\"inputs\":{}}");

    assertThatThrownBy(() -> codec.decode(json, Samples.json()))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("at most 256 characters, was 1000000");
  }

  @Test
  void decode_invalidUtf8Json_isRefused() {
    byte[] json = utf8("{\"executionId\":\"e1\",\"source\":\"s\",\"inputs\":{\"x\":\"__\"}}");
    json[json.length - 5] = (byte) 0xFF;

    assertThatThrownBy(() -> codec.decode(json, Samples.json())).isInstanceOf(UnableToDecodeRequestException.class);
  }

  @Test
  void decode_nullOrEmptyValue_isRefused() {
    assertThatThrownBy(() -> codec.decode(null, null)).isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("tombstone");
    assertThatThrownBy(() -> codec.decode(new byte[0], Samples.json())).isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void decode_unsupportedContentType_isRefused() {
    byte[] bytes = codec.encode(Samples.minimalRequest(), Encoding.JSON);

    assertThatThrownBy(() -> codec.decode(bytes, Samples.headers("text/plain\u0000")))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("unsupported content-type 'text/plain?'");
  }

  @Test
  void decode_jsonBytesLabelledAvro_explainsMarker() {
    byte[] bytes = codec.encode(Samples.minimalRequest(), Encoding.JSON);

    assertThatThrownBy(() -> codec.decode(bytes, Samples.headers("application/avro")))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("expected marker C3 01, found 7B 22");
  }

  @Test
  void decode_everyTruncationOfAvro_throwsOnlyCodecException() {
    byte[] bytes = codec.encode(Samples.fullRequest(), Encoding.AVRO);

    for (int length = 0; length < bytes.length; length++) {
      byte[] prefix = Arrays.copyOf(bytes, length);
      Throwable thrown = catchThrowable(() -> codec.decode(prefix, Samples.headers("application/avro")));
      assertThat(thrown).as("prefix of %d bytes", length).isInstanceOf(UnableToDecodeRequestException.class);
    }
  }

  @Test
  void decode_truncatedAvro_saysHowItEnded() {
    byte[] bytes = codec.encode(Samples.fullRequest(), Encoding.AVRO);

    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, 5), null)).hasMessageContaining("truncated Avro payload: 5 bytes");
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3), null)).hasMessageContaining("ends too early");
  }

  @Test
  void decode_avroWithWrongFingerprint_namesFingerprint() {
    byte[] bytes = codec.encode(Samples.fullRequest(), Encoding.AVRO);
    bytes[5] ^= 0x5A;

    assertThatThrownBy(() -> codec.decode(bytes, null))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("unknown ExecutionRequest schema fingerprint 0x");
  }

  @Test
  void decode_avroWithTrailingBytes_isRefused() {
    byte[] bytes = codec.encode(Samples.fullRequest(), Encoding.AVRO);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 4);

    assertThatThrownBy(() -> codec.decode(longer, null)).hasMessageContaining("trailing bytes");
  }

  @Test
  void decode_avroWithForgedHugeMapCount_failsWithoutAllocating() {
    // Body: executionId "e", source "s", inputs "{}", node null, priority 50, deadline null, submittedAt null,
    // attempt 1, replayOf null, then a metadata map claiming 1,000,000,000 entries with nothing behind it.
    byte[] header = Arrays.copyOf(codec.encode(Samples.minimalRequest(), Encoding.AVRO), 10);
    byte[] body = {2, 'e', 2, 's', 4, '{', '}', 0, 100, 0, 0, 2, 0,
        (byte) 0x80, (byte) 0xA8, (byte) 0xD6, (byte) 0xB9, 0x07};
    byte[] forged = ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();

    assertThatThrownBy(() -> codec.decode(forged, null))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("ends too early");
  }

  @Test
  void decode_avroFailingRequestRules_isRefusedLikeJson() {
    ExecutionRequest priority = Samples.minimalRequest();
    priority.setPriority(150);
    ExecutionRequest inputs = Samples.minimalRequest();
    inputs.setInputs("[1]");
    ExecutionRequest id = Samples.minimalRequest();
    id.setExecutionId("");

    assertThatThrownBy(() -> codec.decode(avroWithoutValidation(priority), null))
        .hasMessageContaining("field 'priority' must be an integer from 0 to 100, was 150");
    assertThatThrownBy(() -> codec.decode(avroWithoutValidation(inputs), null))
        .hasMessageContaining("field 'inputs' must be a JSON object, was an array");
    assertThatThrownBy(() -> codec.decode(avroWithoutValidation(id), null))
        .hasMessageContaining("field 'executionId' must not be empty");
  }

  @Test
  void decode_randomBytes_throwOnlyCodecException() {
    Random random = new Random(42);
    for (int i = 0; i < 3_000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      if (i % 3 == 1 && bytes.length >= 10) System.arraycopy(codec.encode(Samples.minimalRequest(), Encoding.AVRO), 0, bytes, 0, 10);
      if (i % 3 == 2 && bytes.length > 0) bytes[0] = '{';
      Throwable thrown = catchThrowable(() -> codec.decode(bytes, null));
      assertThat(thrown).as("random payload %d", i).isInstanceOf(UnableToDecodeRequestException.class);
    }
  }

  @Test
  void decode_mutatedValidAvro_returnsValidRequestOrThrowsCodecException() {
    byte[] valid = codec.encode(Samples.fullRequest(), Encoding.AVRO);
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = valid.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        bytes[10 + random.nextInt(bytes.length - 10)] = (byte) random.nextInt(256);
      }
      try {
        ExecutionRequest request = codec.decode(bytes, null).request();
        assertThat(request.getPriority()).isBetween(0, 100);
        assertThat(request.getAttempt()).isPositive();
      } catch (UnableToDecodeRequestException expected) {
        assertThat(expected.reason()).isNotBlank();
      }
    }
  }

  @Test
  void decode_mutatedValidJson_returnsValidRequestOrThrowsCodecException() {
    byte[] valid = codec.encode(Samples.fullRequest(), Encoding.JSON);
    Random random = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = valid.clone();
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      try {
        codec.decode(bytes, Samples.json());
      } catch (UnableToDecodeRequestException expected) {
        assertThat(expected.reason()).isNotBlank();
      }
    }
  }

  @Test
  void encode_invalidRequest_failsAtProducerNamingField() {
    ExecutionRequest request = Samples.minimalRequest();
    request.setPriority(101);
    ExecutionRequest noInputs = Samples.minimalRequest();
    noInputs.setInputs(null);

    assertThatThrownBy(() -> codec.encode(request, Encoding.AVRO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'priority'");
    assertThatThrownBy(() -> codec.encode(noInputs, Encoding.JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'inputs' is required");
  }

  /** Avro bytes of a request as any producer could write them, bypassing the codec's checks. */
  private static byte[] avroWithoutValidation(ExecutionRequest request) {
    try {
      ByteBuffer buffer = request.toByteBuffer();
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
