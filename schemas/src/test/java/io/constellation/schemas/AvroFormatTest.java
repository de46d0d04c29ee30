package io.constellation.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

final class AvroFormatTest {

  @Test
  void encode_writesWhatAvrosMessageEncoderWrites() throws Exception {
    ExecutionResult large = Samples.fullResult();
    large.setOutputs("{\"x\":\"" + "y".repeat(100_000) + "\"}"); // many buffer fills
    ExecutionResult withNulls = Samples.fullResult();
    withNulls.setSourceHash(null);
    withNulls.setInputs(null);
    withNulls.setMetadata(Map.of());

    assertSameBytes(format(ExecutionRequest.getClassSchema()), ExecutionRequest.getEncoder(),
        List.of(Samples.fullRequest(), Samples.minimalRequest()));
    assertSameBytes(format(ExecutionResult.getClassSchema()), ExecutionResult.getEncoder(),
        List.of(Samples.fullResult(), large, withNulls));
    assertSameBytes(format(DeadLetter.getClassSchema()), DeadLetter.getEncoder(), List.of(Samples.fullDeadLetter()));
  }

  private static <T> AvroFormat<T> format(org.apache.avro.Schema schema) {
    return new AvroFormat<>(schema.getName(), schema, List.of());
  }

  private static <T> void assertSameBytes(AvroFormat<T> format, BinaryMessageEncoder<T> reference, List<T> data)
      throws Exception {
    for (T datum : data) {
      ByteBuffer expected = reference.encode(datum);
      byte[] bytes = new byte[expected.remaining()];
      expected.get(bytes);
      assertThat(format.encode(datum)).isEqualTo(bytes);
    }
  }
}
