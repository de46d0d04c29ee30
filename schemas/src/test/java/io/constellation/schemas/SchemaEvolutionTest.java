package io.constellation.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Old payloads stay readable: fixtures written by v1 and v2 (never regenerated, see {@link WriteFixtures}) decode
 * with every released version, every released schema is FULL-compatible with every other and with the current
 * one, v2 bytes are read by a v1 reader that knows v2's schema, and a simulated v3 shows the next release works
 * the same way.
 */
final class SchemaEvolutionTest {
  record Family(String name, Schema current, List<Schema> history, String fixture) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Family> families() {
    return Stream.of(
        new Family("ExecutionRequest", ExecutionRequest.getClassSchema(), SchemaHistory.EXECUTION_REQUEST, "request"),
        new Family("ExecutionResult", ExecutionResult.getClassSchema(), SchemaHistory.EXECUTION_RESULT, "result"),
        new Family("DeadLetter", DeadLetter.getClassSchema(), SchemaHistory.DEAD_LETTER, "deadletter"));
  }

  @ParameterizedTest
  @MethodSource("families")
  void currentSchema_isTheLatestReleasedVersion(Family family) {
    Schema latest = family.history().get(family.history().size() - 1);

    assertThat(SchemaNormalization.parsingFingerprint64(family.current()))
        .as("%s changed: release it as schema-history/%s.v%d.avsc", family.name(), family.name(), family.history().size() + 1)
        .isEqualTo(SchemaNormalization.parsingFingerprint64(latest));
  }

  @ParameterizedTest
  @MethodSource("families")
  void everyVersionPair_isFullyCompatible(Family family) {
    List<Schema> all = new ArrayList<>(family.history());
    all.add(family.current());
    for (Schema reader : all) {
      for (Schema writer : all) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
            .as("%s: reader %s / writer %s", family.name(), all.indexOf(reader) + 1, all.indexOf(writer) + 1)
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("families")
  void everyFixture_isReadByEveryReleasedVersion(Family family) {
    for (int written = 1; written <= family.history().size(); written++) {
      byte[] bytes = optionalFixture(family.fixture() + ".v" + written + ".avro");
      if (bytes == null) continue; // a family that did not change in a release has no fixture for it
      Schema writer = family.history().get(written - 1);
      for (Schema reader : family.history()) {
        GenericRecord record = decodeGeneric(bytes, reader, family.history());

        for (Schema.Field field : reader.getFields()) {
          assertThat(record.hasField(field.name())).as("%s.%s", family.name(), field.name()).isTrue();
          if (writer.getField(field.name()) == null) {
            assertThat(record.get(field.name())).as("%s.%s defaulted", family.name(), field.name())
                .isEqualTo(GenericData.get().getDefaultValue(field));
          }
        }
      }
    }
  }

  @Test
  void everyFamily_hasAV1Fixture_andChangedFamiliesAV2Fixture() {
    assertThat(optionalFixture("request.v1.avro")).isNotNull();
    assertThat(optionalFixture("result.v1.avro")).isNotNull();
    assertThat(optionalFixture("deadletter.v1.avro")).isNotNull();
    assertThat(optionalFixture("request.v2.avro")).isNotNull();
    assertThat(optionalFixture("result.v2.avro")).isNotNull();
    assertThat(optionalFixture("result.v3.avro")).isNotNull();
    assertThat(SchemaHistory.EXECUTION_REQUEST).hasSize(2);
    assertThat(SchemaHistory.EXECUTION_RESULT).hasSize(3);
  }

  @Test
  void v1Fixtures_decodeWithCurrentCodecs() {
    assertThat(new RequestCodec().decode(fixture("request.v1.avro"), null).request()).isEqualTo(Samples.fullRequest());
    assertThat(new ResultCodec().decode(fixture("result.v1.avro"), null)).isEqualTo(Samples.fullResult());
    assertThat(new DeadLetterCodec().decode(fixture("deadletter.v1.avro"))).isEqualTo(Samples.fullDeadLetter());
  }

  @Test
  void v1Fixtures_readByV2_defaultTheNewFields() {
    ExecutionRequest request = new RequestCodec().decode(fixture("request.v1.avro"), null).request();
    ExecutionResult result = new ResultCodec().decode(fixture("result.v1.avro"), null);

    assertThat(request.getCacheTtlMs()).isNull();
    assertThat(result.getFromCache()).isFalse();
  }

  @Test
  void v1AndV2Results_readByV3_haveNoReplayCopy() {
    for (String fixture : List.of("result.v1.avro", "result.v2.avro")) {
      ExecutionResult result = new ResultCodec().decode(fixture(fixture), null);
      assertThat(result.getSource()).as(fixture).isNull();
      assertThat(result.getInputs()).as(fixture).isNull();
    }
  }

  @Test
  void v3Fixtures_decodeWithCurrentCodecs_inBothEncodings() {
    assertThat(new ResultCodec().decode(fixture("result.v3.avro"), null)).isEqualTo(Samples.fullResultV3());
    assertThat(new ResultCodec().decode(fixture("result.v3.json"), null)).isEqualTo(Samples.fullResultV3());
  }

  @Test
  void v3ResultBytes_readByV2Reader_thatKnowsV3_dropTheReplayCopy() {
    Schema v2 = SchemaHistory.EXECUTION_RESULT.get(1);

    GenericRecord read = decodeGeneric(fixture("result.v3.avro"), v2, SchemaHistory.EXECUTION_RESULT);

    assertThat(read.getSchema().getField("source")).isNull();
    assertThat(read.get("executionId").toString()).isEqualTo(Samples.fullResultV3().getExecutionId());
  }

  @Test
  void v2Fixtures_decodeWithCurrentCodecs() {
    assertThat(new RequestCodec().decode(fixture("request.v2.avro"), null).request()).isEqualTo(Samples.fullRequestV2());
    assertThat(new ResultCodec().decode(fixture("result.v2.avro"), null)).isEqualTo(Samples.fullResultV2());
  }

  @Test
  void v2JsonFixture_decodesToSameRequestAsAvro() {
    DecodedRequest decoded = new RequestCodec().decode(fixture("request.v2.json"), null);

    assertThat(decoded.encoding()).isEqualTo(Encoding.JSON);
    assertThat(decoded.request()).isEqualTo(Samples.fullRequestV2());
  }

  @Test
  void v2RequestBytes_readByV1Reader_thatKnowsV2_dropTheNewField() {
    Schema v1 = SchemaHistory.EXECUTION_REQUEST.get(0);

    GenericRecord read = decodeGeneric(fixture("request.v2.avro"), v1, SchemaHistory.EXECUTION_REQUEST);

    assertThat(read.hasField("cacheTtlMs")).isFalse();
    assertThat(read.get("executionId")).hasToString("exec-0001");
    assertThat(read.get("priority")).isEqualTo(80);
    assertThat(read.get("attempt")).isEqualTo(2);
  }

  @Test
  void v2ResultBytes_readByV1Reader_thatKnowsV2_dropTheNewField() {
    Schema v1 = SchemaHistory.EXECUTION_RESULT.get(0);

    GenericRecord read = decodeGeneric(fixture("result.v2.avro"), v1, SchemaHistory.EXECUTION_RESULT);

    assertThat(read.hasField("fromCache")).isFalse();
    assertThat(read.get("executionId")).hasToString("exec-0001");
    assertThat(read.get("status")).hasToString("FAILED");
    assertThat(read.get("sourceHash")).hasToString("ab12");
  }

  @Test
  void v2Bytes_readByV1Reader_thatDoesNotKnowV2_failByFingerprint() {
    // Why readers deploy first: a v1-only reader has no way to resolve v2 bytes.
    SchemaStore.Cache v1Only = new SchemaStore.Cache();
    v1Only.addSchema(SchemaHistory.EXECUTION_REQUEST.get(0));
    BinaryMessageDecoder<GenericRecord> decoder =
        new BinaryMessageDecoder<>(GenericData.get(), SchemaHistory.EXECUTION_REQUEST.get(0), v1Only);

    assertThatThrownBy(() -> decoder.decode(fixture("request.v2.avro")))
        .isInstanceOf(org.apache.avro.message.MissingSchemaException.class);
  }

  @Test
  void v1JsonFixture_decodesToSameRequestAsAvro() {
    DecodedRequest decoded = new RequestCodec().decode(fixture("request.v1.json"), null);

    assertThat(decoded.encoding()).isEqualTo(Encoding.JSON);
    assertThat(decoded.request()).isEqualTo(Samples.fullRequest());
  }

  @Test
  void simulatedV3_isFullyCompatibleWithEveryReleasedVersion() {
    Schema v3 = simulatedV3();

    for (Schema released : SchemaHistory.EXECUTION_REQUEST) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v3, released).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, v3).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void simulatedV3_readsV1AndV2BytesWithDefaultsForNewFields() {
    Schema v3 = simulatedV3();

    GenericRecord fromV1 = decodeGeneric(fixture("request.v1.avro"), v3, SchemaHistory.EXECUTION_REQUEST);
    GenericRecord fromV2 = decodeGeneric(fixture("request.v2.avro"), v3, SchemaHistory.EXECUTION_REQUEST);

    assertThat(fromV1.get("executionId")).hasToString("exec-0001");
    assertThat(fromV1.get("priority")).isEqualTo(80);
    assertThat(fromV1.get("cacheTtlMs")).isNull();
    assertThat(fromV1.get("tenant")).isNull();
    assertThat(fromV2.get("cacheTtlMs")).isEqualTo(300_000L);
    assertThat(fromV2.get("tenant")).isNull();
  }

  @Test
  void v2Codec_readsV3BytesOnceV3IsRegistered_ignoringNewField() throws IOException {
    Schema v3 = simulatedV3();
    byte[] v3Bytes = v3Payload(v3);

    ExecutionRequest read = new RequestCodec(List.of(v3)).decode(v3Bytes, null).request();

    ExecutionRequest expected = Samples.minimalRequest();
    expected.setPriority(70);
    expected.setMetadata(Map.of("k", "v"));
    expected.setCacheTtlMs(60_000L);
    assertThat(read).isEqualTo(expected);
  }

  @Test
  void v2Codec_withoutV3Registered_refusesV3BytesByFingerprint() throws IOException {
    // Single-object encoding names the writer schema only by fingerprint: readers must learn a new version (its
    // .avsc in schema-history) before any writer uses it. Deploy readers first.
    byte[] v3Bytes = v3Payload(simulatedV3());

    assertThatThrownBy(() -> new RequestCodec().decode(v3Bytes, null))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("unknown ExecutionRequest schema fingerprint");
  }

  private static byte[] v3Payload(Schema v3) throws IOException {
    GenericRecord record = new GenericData.Record(v3);
    record.put("executionId", "e1");
    record.put("source", "in x: Int\nout x");
    record.put("inputs", "{\"x\":1}");
    record.put("priority", 70);
    record.put("attempt", 1);
    record.put("metadata", Map.of("k", "v"));
    record.put("cacheTtlMs", 60_000L);
    record.put("tenant", "acme");
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(record);
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  /** Decodes single-object bytes into {@code reader}, resolving the writer among {@code known}. */
  private static GenericRecord decodeGeneric(byte[] bytes, Schema reader, List<Schema> known) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    known.forEach(store::addSchema);
    try {
      return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), reader, store).decode(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema simulatedV3() {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/evolution/ExecutionRequest.v3-simulated.avsc")) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] optionalFixture(String name) {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/fixtures/" + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] fixture(String name) {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
