package io.constellation.engine.dag;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A JSON value and its path in the document ({@code $.nodes[3].args[0]}): typed accessors that check the JSON
 * kind and range and fail with an {@link UnableToDecodeDagException} naming the path, so that the decoder never
 * meets a null or a wrong kind.
 */
final class JsonCursor {
  private final JsonNode json;
  private final String path;

  private JsonCursor(JsonNode json, String path) {
    this.json = json;
    this.path = path;
  }

  static JsonCursor root(JsonNode json) {
    return new JsonCursor(json, "$").asObject();
  }

  boolean has(String key) {
    return json.has(key);
  }

  /** Rejects any member not in {@code keys}: a strict reader catches garbage and misspelt attributes. */
  void allowOnly(Set<String> keys) {
    for (java.util.Map.Entry<String, JsonNode> member : json.properties()) {
      if (!keys.contains(member.getKey())) throw fail("unexpected member '" + member.getKey() + "'");
    }
  }

  JsonCursor child(String key) {
    JsonNode value = json.get(key);
    if (value == null) throw fail("missing member '" + key + "'");
    return new JsonCursor(value, path + "." + key);
  }

  JsonCursor object(String key) {
    return child(key).asObject();
  }

  JsonCursor asObject() {
    if (!json.isObject()) throw fail("expected an object, got " + kind());
    return this;
  }

  List<JsonCursor> array(String key) {
    JsonCursor array = child(key);
    if (!array.json.isArray()) throw array.fail("expected an array, got " + array.kind());
    List<JsonCursor> elements = new ArrayList<>(array.json.size());
    for (int i = 0; i < array.json.size(); i++) {
      elements.add(new JsonCursor(array.json.get(i), array.path + "[" + i + "]"));
    }
    return elements;
  }

  String string(String key) {
    JsonCursor value = child(key);
    if (!value.json.isTextual()) throw value.fail("expected a string, got " + value.kind());
    return value.json.textValue();
  }

  /** A string or null; an absent member is null too. */
  String optionalString(String key) {
    if (!has(key) || json.get(key).isNull()) return null;
    return string(key);
  }

  String oneOf(String key, Set<String> allowed) {
    String value = string(key);
    if (!allowed.contains(value)) throw child(key).fail("unexpected value '" + value + "'");
    return value;
  }

  List<String> strings(String key) {
    List<String> values = new ArrayList<>();
    for (JsonCursor element : array(key)) {
      if (!element.json.isTextual()) throw element.fail("expected a string, got " + element.kind());
      values.add(element.json.textValue());
    }
    return values;
  }

  boolean bool(String key) {
    JsonCursor value = child(key);
    if (!value.json.isBoolean()) throw value.fail("expected a boolean, got " + value.kind());
    return value.json.booleanValue();
  }

  int integer(String key, int min, int max) {
    return child(key).asInteger(min, max);
  }

  int asInteger(int min, int max) {
    return Math.toIntExact(asLong(min, max));
  }

  long longValue(String key, long min, long max) {
    return child(key).asLong(min, max);
  }

  private long asLong(long min, long max) {
    if (!json.isIntegralNumber() || !json.canConvertToLong()) throw fail("expected an integer, got " + kind());
    long value = json.longValue();
    if (value < min || value > max) {
      throw fail(min > max ? "no value is valid here, got " + value
          : "expected an integer in " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  Type type(String key) {
    String rendering = string(key);
    try {
      return TypeSyntax.parse(rendering);
    } catch (IllegalArgumentException e) {
      throw child(key).fail(e.getMessage());
    }
  }

  Object literal(String key, Type type) {
    JsonCursor value = child(key);
    try {
      return LiteralJson.read(value.json, type);
    } catch (IllegalArgumentException e) {
      throw value.fail("literal of type " + type.render() + ": " + e.getMessage());
    }
  }

  UnableToDecodeDagException fail(String reason) {
    return new UnableToDecodeDagException("Unable to decode DAG: " + path + ": " + reason);
  }

  private String kind() {
    return json.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
