package io.constellation.schemas;

import static io.constellation.schemas.Samples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class EncodingTest {
  @ParameterizedTest
  @CsvSource({
      "application/json, JSON", "Application/JSON; charset=utf-8, JSON", "text/json, JSON",
      "application/vnd.constellation+json, JSON", "application/avro, AVRO", "avro/binary, AVRO",
      "application/vnd.apache.avro+avro, AVRO"})
  void fromContentType_knownTypes_areRecognised(String contentType, Encoding expected) {
    assertThat(Encoding.fromContentType(contentType)).contains(expected);
  }

  @Test
  void fromContentType_otherTypes_areEmpty() {
    assertThat(Encoding.fromContentType("text/plain")).isEmpty();
    assertThat(Encoding.fromContentType("")).isEmpty();
  }

  @Test
  void detect_withoutHeader_sniffsLeadingBrace() {
    assertThat(Encoding.detect(null, utf8(" \n\t{\"a\":1}"))).isEqualTo(Encoding.JSON);
    assertThat(Encoding.detect(Samples.headers(null), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{'}))
        .isEqualTo(Encoding.JSON);
    assertThat(Encoding.detect(null, new byte[] {(byte) 0xC3, 0x01})).isEqualTo(Encoding.AVRO);
    assertThat(Encoding.detect(null, utf8("[1]"))).isEqualTo(Encoding.AVRO);
    assertThat(Encoding.detect(null, null)).isEqualTo(Encoding.AVRO);
    assertThat(Encoding.detect(null, new byte[0])).isEqualTo(Encoding.AVRO);
  }

  @Test
  void detect_headerWinsOverContent_lastHeaderCounts() {
    var headers = Samples.headers("application/json");
    headers.add(Encoding.AVRO.header());

    assertThat(Encoding.detect(headers, utf8("{}"))).isEqualTo(Encoding.AVRO);
  }

  @Test
  void detect_unsupportedHeader_namesItAndTheAlternatives() {
    String hostile = "x".repeat(10_000);

    assertThatThrownBy(() -> Encoding.detect(Samples.headers(hostile), utf8("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use application/json or application/avro")
        .hasMessageContaining("...");
  }

  @Test
  void header_carriesContentType() {
    assertThat(new String(Encoding.JSON.header().value(), StandardCharsets.UTF_8)).isEqualTo("application/json");
    assertThat(Encoding.AVRO.header().key()).isEqualTo(RecordHeaders.CONTENT_TYPE);
  }
}
