package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.avro.ExecutionError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON for the jsonb columns (what PostgreSQL makes of it is tested in TraceWriterTest). */
final class JsonTextTest {

  @Test
  void outputs_canonicalObject_keptAsItIs() {
    String json = "{\"y\":[1,2.5e10,\"z\"],\"nested\":{\"k\":null,\"t\":true},\"u\":\"caf\u00e9 \\\" \\n\"}";
    assertThat(JsonText.outputs(json)).isSameAs(json);
  }

  @Test
  void outputs_missingOrBlank_emptyObject() {
    assertThat(JsonText.outputs(null)).isEqualTo("{}");
    assertThat(JsonText.outputs(" ")).isEqualTo("{}");
  }

  @Test
  void outputs_unstorableValues_rebuilt() {
    assertThat(JsonText.outputs("{\"a\":\"\\u0000\",\"\\u0000k\":1e-5000,\"ok\":1e900}"))
        .isEqualTo("{\"a\":\"\uFFFD\",\"\uFFFDk\":\"1E-5000\",\"ok\":1E+900}");
  }

  @Test
  void outputs_notAnObject_jsonString() {
    assertThat(JsonText.outputs("[1]")).isEqualTo("\"[1]\"");
    assertThat(JsonText.outputs("{\"a\":1}{")).isEqualTo("\"{\\\"a\\\":1}{\"");
    assertThat(JsonText.outputs("\u0000")).isEqualTo("\"\uFFFD\"");
  }

  @Test
  void errorsWarningsMetadata_writtenFromAvro() {
    List<ExecutionError> errors = List.of(
        ExecutionError.newBuilder().setCode("E1").setMessage("m\0").setNode("n").setLine(1).build());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("k", "v\"");

    assertThat(JsonText.errors(errors)).isEqualTo("[{\"code\":\"E1\",\"message\":\"m\uFFFD\",\"node\":\"n\",\"line\":1}]");
    assertThat(JsonText.errors(null)).isEqualTo("[]");
    assertThat(JsonText.warnings(List.of("a", "b\n"))).isEqualTo("[\"a\",\"b\\n\"]");
    assertThat(JsonText.metadata(metadata)).isEqualTo("{\"k\":\"v\\\"\"}");
  }
}
