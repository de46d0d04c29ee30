package io.constellation.engine.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.types.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class JsonValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Type USER = Type.record(Map.of("name", Type.STRING, "age", Type.INT,
      "nick", Type.optional(Type.STRING)));

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String reason(String text, Type type) {
    try {
      JsonValues.decode(json(text), type, "x");
      throw new AssertionError("decoded");
    } catch (UnableToDecodeValueException e) {
      return e.path() + ": " + e.reason();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "3 | 3", "3.0 | 3", "3e2 | 300", "-9223372036854775808 | -9223372036854775808"})
  void decode_int_acceptsIntegralNumbers(String text, long expected) throws Exception {
    assertThat(JsonValues.decode(json(text), Type.INT, "x")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "3.5 | INT | x: expected Int, got non-integer number",
      "9223372036854775808 | INT | x: number out of range for Int",
      "1e300 | INT | x: number out of range for Int",
      "\"3\" | INT | x: expected Int, got string",
      "null | INT | x: expected Int, got null",
      "1e400 | FLOAT | x: number out of range for Float",
      "true | STRING | x: expected String, got boolean",
      "[] | BOOLEAN | x: expected Boolean, got array"})
  void decode_primitive_reasons(String text, String type, String expected) {
    assertThat(reason(text, Type.Primitive.valueOf(type))).isEqualTo(expected);
  }

  @Test
  void decode_record_optionalFieldsAndPaths() throws Exception {
    Object user = JsonValues.decode(json("{\"name\":\"a\",\"age\":3,\"extra\":1}"), USER, "u");
    assertThat(user).isEqualTo(Map.of("name", "a", "age", 3L, "nick", Optional.empty()));
    assertThat(reason("{\"name\":\"a\"}", USER)).isEqualTo("x: missing required field 'age'");
    Type nested = Type.record(Map.of("users", Type.list(USER)));
    assertThat(reason("{\"users\":[{\"name\":\"a\",\"age\":\"old\"}]}", nested))
        .isEqualTo("x.users[0].age: expected Int, got string");
  }

  @Test
  void decode_maps_objectOrPairs_duplicateKey() throws Exception {
    Type byName = Type.map(Type.STRING, Type.INT);
    assertThat(JsonValues.decode(json("{\"a\":1}"), byName, "m")).isEqualTo(Map.of("a", 1L));
    assertThat(JsonValues.decode(json("[[\"a\",1]]"), byName, "m")).isEqualTo(Map.of("a", 1L));
    Type byInt = Type.map(Type.INT, Type.STRING);
    assertThat(JsonValues.decode(json("[[2,\"b\"],[1,\"a\"]]"), byInt, "m")).isEqualTo(Map.of(1L, "a", 2L, "b"));
    assertThat(reason("[[1,\"a\"],[1,\"b\"]]", byInt)).isEqualTo("x[1]: duplicate map key");
    assertThat(reason("{\"1\":\"a\"}", byInt)).isEqualTo("x: expected Map<Int, String>, got object");
  }

  @Test
  void decode_union_taggedPlainAndAmbiguous() throws Exception {
    Type intOrFloat = Type.union(Type.INT, Type.FLOAT);
    assertThat(JsonValues.decode(json("3"), intOrFloat, "u")).isEqualTo(3L);
    assertThat(JsonValues.decode(json("3.0"), intOrFloat, "u")).isEqualTo(3.0);
    assertThat(JsonValues.decode(json("{\"tag\":\"Float\",\"value\":3}"), intOrFloat, "u")).isEqualTo(3.0);
    Type a = Type.record(Map.of("a", Type.INT));
    Type b = Type.record(Map.of("b", Type.optional(Type.INT)));
    assertThat(reason("{\"a\":1}", Type.union(a, b)))
        .isEqualTo("x: ambiguous value for { a: Int } | { b: Optional<Int> }: matches { a: Int }, { b: Optional<Int> }");
    assertThat(reason("true", intOrFloat)).isEqualTo("x: expected Float | Int, got boolean");
  }

  @Test
  void encode_unionsFloatsMapsAndRecords() {
    Type union = Type.union(Type.INT, Type.STRING);
    assertThat(JsonValues.canonical("s", union)).isEqualTo("{\"tag\":\"String\",\"value\":\"s\"}");
    assertThat(JsonValues.canonical(2.0, Type.FLOAT)).isEqualTo("2.0");
    assertThat(JsonValues.canonical(1.0E21, Type.FLOAT)).isEqualTo("1.0E21");
    Map<Object, Object> intKeys = new LinkedHashMap<>();
    intKeys.put(10L, "ten");
    intKeys.put(9L, "nine");
    assertThat(JsonValues.canonical(intKeys, Type.map(Type.INT, Type.STRING))).isEqualTo("[[10,\"ten\"],[9,\"nine\"]]");
    assertThat(JsonValues.canonical(Map.of("b", 1L, "a", 2L), Type.map(Type.STRING, Type.INT)))
        .isEqualTo("{\"a\":2,\"b\":1}");
    assertThat(JsonValues.canonical(Map.of("age", 1L, "secret", "x"), Type.record(Map.of("age", Type.INT))))
        .isEqualTo("{\"age\":1}");
    assertThat(JsonValues.canonical(null, Type.NOTHING)).isEqualTo("null");
    assertThat(JsonValues.canonical(List.of(Optional.of(1L), Optional.empty()), Type.list(Type.optional(Type.INT))))
        .isEqualTo("[1,null]");
    Type wide = Type.record(Map.of("a", Type.INT, "b", Type.INT));
    Type narrow = Type.record(Map.of("a", Type.INT));
    assertThat(JsonValues.canonical(Map.of("a", 1L, "b", 2L), Type.union(wide, narrow)))
        .isEqualTo("{\"tag\":\"{ a: Int, b: Int }\",\"value\":{\"a\":1,\"b\":2}}");
    assertThatThrownBy(() -> JsonValues.encode("x", Type.INT)).isInstanceOf(ValueConversionException.class)
        .hasMessage("Cannot convert String to Int");
  }

  @Test
  void inputs_missingUnexpectedInvalid() {
    List<Dag.InputDecl> declared = List.of(new Dag.InputDecl("b", Type.INT), new Dag.InputDecl("a", Type.STRING),
        new Dag.InputDecl("o", Type.optional(Type.INT)), new Dag.InputDecl("user", USER));
    InputValidator.Validated result = InputValidator.validate(declared,
        Map.of("zz", json("1"), "yy", json("2"), "user", json("{\"name\":\"n\",\"age\":\"x\"}")));
    assertThat(result.problems()).extracting(InputValidator.Problem::message).containsExactly(
        "invalid input 'user': field 'user.age': expected Int, got string",
        "missing required inputs: b (Int), a (String)",
        "unexpected input 'yy'",
        "unexpected input 'zz'");
    InputValidator.Validated nullInt = InputValidator.validate(List.of(new Dag.InputDecl("n", Type.INT)),
        Map.of("n", json("null")));
    assertThat(nullInt.problems()).singleElement().extracting(InputValidator.Problem::message)
        .isEqualTo("invalid input 'n': expected Int, got null");
    InputValidator.Validated ok = InputValidator.validate(declared.subList(2, 3), Map.of());
    assertThat(ok.values()).containsEntry("o", Optional.empty());
  }

  @Test
  void canonicalJson_ofDecodedInput_roundTrips() throws Exception {
    Object user = JsonValues.decode(json("{\"name\":\"a\\n\",\"age\":3}"), USER, "u");
    assertThat(CanonicalJson.write(JsonValues.encode(user, USER))).isEqualTo("{\"age\":3,\"name\":\"a\\n\",\"nick\":null}");
  }
}
