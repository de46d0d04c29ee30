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
 * Old payloads stay readable: fixtures written by v1 (never regenerated, see {@link WriteFixtures}) decode with
 * every later version, every released schema is FULL-compatible with every other and with the current one, and a
 * simulated v2 shows both directions with an added optional field.
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
  void v1Fixture_isReadByEveryReleasedVersion(Family family) throws IOException {
    byte[] v1 = fixture(family.fixture() + ".v1.avro");
    for (Schema reader : family.history()) {
      SchemaStore.Cache store = new SchemaStore.Cache();
      store.addSchema(family.history().get(0));
      GenericRecord record = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), reader, store).decode(v1);

      for (Schema.Field field : family.history().get(0).getFields()) {
        assertThat(record.hasField(field.name())).as("%s.%s", family.name(), field.name()).isTrue();
      }
    }
  }

  @Test
  void v1Fixtures_decodeWithCurrentCodecs() {
    assertThat(new RequestCodec().decode(fixture("request.v1.avro"), null).request()).isEqualTo(Samples.fullRequest());
    assertThat(new ResultCodec().decode(fixture("result.v1.avro"), null)).isEqualTo(Samples.fullResult());
    assertThat(new DeadLetterCodec().decode(fixture("deadletter.v1.avro"))).isEqualTo(Samples.fullDeadLetter());
  }

  @Test
  void v1JsonFixture_decodesToSameRequestAsAvro() {
    DecodedRequest decoded = new RequestCodec().decode(fixture("request.v1.json"), null);

    assertThat(decoded.encoding()).isEqualTo(Encoding.JSON);
    assertThat(decoded.request()).isEqualTo(Samples.fullRequest());
  }

  @Test
  void simulatedV2_isFullyCompatibleWithV1() {
    Schema v1 = SchemaHistory.EXECUTION_REQUEST.get(0);
    Schema v2 = simulatedV2();

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v1, v2).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void simulatedV2_readsV1BytesWithDefaultForNewField() throws IOException {
    Schema v2 = simulatedV2();
    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(SchemaHistory.EXECUTION_REQUEST.get(0));

    GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2, store)
        .decode(fixture("request.v1.avro"));

    assertThat(read.get("executionId")).hasToString("exec-0001");
    assertThat(read.get("priority")).isEqualTo(80);
    assertThat(read.get("tenant")).isNull();
  }

  @Test
  void v1Codec_readsV2BytesOnceV2IsRegistered_ignoringNewField() throws IOException {
    Schema v2 = simulatedV2();
    byte[] v2Bytes = v2Payload(v2);

    ExecutionRequest read = new RequestCodec(List.of(v2)).decode(v2Bytes, null).request();

    ExecutionRequest expected = Samples.minimalRequest();
    expected.setPriority(70);
    expected.setMetadata(Map.of("k", "v"));
    assertThat(read).isEqualTo(expected);
  }

  @Test
  void v1Codec_withoutV2Registered_refusesV2BytesByFingerprint() throws IOException {
    // Single-object encoding names the writer schema only by fingerprint: readers must learn a new version (its
    // .avsc in schema-history) before any writer uses it. Deploy readers first.
    byte[] v2Bytes = v2Payload(simulatedV2());

    assertThatThrownBy(() -> new RequestCodec().decode(v2Bytes, null))
        .isInstanceOf(UnableToDecodeRequestException.class)
        .hasMessageContaining("unknown ExecutionRequest schema fingerprint");
  }

  private static byte[] v2Payload(Schema v2) throws IOException {
    GenericRecord record = new GenericData.Record(v2);
    record.put("executionId", "e1");
    record.put("source", "in x: Int\nout x");
    record.put("inputs", "{\"x\":1}");
    record.put("priority", 70);
    record.put("attempt", 1);
    record.put("metadata", Map.of("k", "v"));
    record.put("tenant", "acme");
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(record);
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static Schema simulatedV2() {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/evolution/ExecutionRequest.v2-simulated.avsc")) {
      return new Schema.Parser().parse(in);
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
