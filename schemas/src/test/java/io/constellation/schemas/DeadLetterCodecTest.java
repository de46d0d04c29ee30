package io.constellation.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.DeadLetter;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class DeadLetterCodecTest {
  private final DeadLetterCodec codec = new DeadLetterCodec();

  @Test
  void roundTrip_fullDeadLetter_keepsBytesExactly() {
    DeadLetter decoded = codec.decode(codec.encode(Samples.fullDeadLetter()));

    assertThat(decoded).isEqualTo(Samples.fullDeadLetter());
    assertThat(decoded.getValue().array()).containsExactly(0xC3, 0x01, 0, 0xFF, 7);
  }

  @Test
  void roundTrip_withoutKeyValueOrHeaders_keepsNulls() {
    DeadLetter letter = Samples.fullDeadLetter();
    letter.setKey(null);
    letter.setValue(null);
    letter.setHeaders(java.util.Map.of());

    assertThat(codec.decode(codec.encode(letter))).isEqualTo(letter);
  }

  @Test
  void toJson_showsTextAsUtf8AndBinaryAsBase64() {
    JsonNode json = codec.toJson(Samples.fullDeadLetter());

    assertThat(json.get("key").get("utf8").asText()).isEqualTo("exec-0001");
    assertThat(json.get("value").get("base64").asText()).isEqualTo("wwEA/wc=");
    assertThat(json.get("headers").get("content-type").get("utf8").asText()).isEqualTo("application/json");
    assertThat(json.get("originTimestamp").asText()).isEqualTo("2025-01-31T12:00:00Z");
  }

  @Test
  void decode_garbage_throwsOnlyCodecException() {
    byte[] valid = codec.encode(Samples.fullDeadLetter());
    Random random = new Random(5);
    assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(UnableToDecodeDeadLetterException.class);
    assertThatThrownBy(() -> codec.decode(new byte[3])).isInstanceOf(UnableToDecodeDeadLetterException.class)
        .hasMessageContaining("truncated");
    for (int i = 0; i < 3_000; i++) {
      byte[] bytes = valid.clone();
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      try {
        codec.decode(bytes);
      } catch (UnableToDecodeDeadLetterException expected) {
        assertThat(expected.reason()).isNotBlank();
      }
    }
  }
}
