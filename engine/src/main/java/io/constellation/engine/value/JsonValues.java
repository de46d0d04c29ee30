package io.constellation.engine.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.types.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Type-directed JSON for values: decoding of inputs (LANGUAGE.md 8.2, reasons of 8.2 and 13.9) and the output
 * encoding (8.4), whose canonical text (11.1) is also the form of cache keys and cached results.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class JsonValues {
  private JsonValues() {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  // ------------------------------------------------------------------------------------------------ decoding

  /**
   * Decodes {@code json} at {@code type}; {@code name} is the root of error paths (the input name).
   *
   * @throws UnableToDecodeValueException with the path and reason of the first problem found
   */
  public static Object decode(JsonNode json, Type type, String name) throws UnableToDecodeValueException {
    return decode(json, type, new Path(null, name, -1));
  }

  /** A lazily rendered error path: the root name, then {@code .field} and {@code [index]} steps. */
  private record Path(Path parent, String field, int index) {
    Path field(String name) {
      return new Path(this, name, -1);
    }

    Path index(int i) {
      return new Path(this, null, i);
    }

    String render() {
      if (parent == null) return field;
      return parent.render() + (field != null ? "." + field : "[" + index + "]");
    }
  }

  private static UnableToDecodeValueException fail(Path path, String reason) {
    return new UnableToDecodeValueException(path.render(), reason);
  }

  private static UnableToDecodeValueException expected(Path path, Type type, JsonNode json) {
    return fail(path, "expected " + type.render() + ", got " + kind(json));
  }

  /** The JSON kind names of 8.2. */
  static String kind(JsonNode json) {
    return switch (json.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case NULL, MISSING -> "null";
      case OBJECT, BINARY, POJO -> "object";
    };
  }

  private static Object decode(JsonNode json, Type type, Path path) throws UnableToDecodeValueException {
    switch (type) {
      case Type.Primitive p -> {
        return decodePrimitive(json, p, path);
      }
      case Type.NothingType n -> throw expected(path, type, json);
      case Type.ListType list -> {
        if (!json.isArray()) throw expected(path, type, json);
        List<Object> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) items.add(decode(json.get(i), list.element(), path.index(i)));
        return Collections.unmodifiableList(items);
      }
      case Type.OptionalType optional -> {
        if (json.isNull() || json.isMissingNode()) return Optional.empty();
        return Optional.of(decode(json, optional.element(), path));
      }
      case Type.RecordType record -> {
        if (!json.isObject()) throw expected(path, type, json);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Type> field : record.fields().entrySet()) {
          JsonNode item = json.get(field.getKey());
          if (item == null) {
            if (!(field.getValue() instanceof Type.OptionalType)) {
              throw fail(path, "missing required field '" + field.getKey() + "'");
            }
            fields.put(field.getKey(), Optional.empty());
          } else {
            fields.put(field.getKey(), decode(item, field.getValue(), path.field(field.getKey())));
          }
        }
        return Collections.unmodifiableMap(fields);
      }
      case Type.MapType map -> {
        return decodeMap(json, map, path);
      }
      case Type.UnionType union -> {
        return decodeUnion(json, union, path);
      }
      case Type.FunctionType f -> throw expected(path, type, json);
      case Type.TypeVariable v -> throw expected(path, type, json);
    }
  }

  private static Object decodePrimitive(JsonNode json, Type.Primitive type, Path path)
      throws UnableToDecodeValueException {
    switch (type) {
      case STRING -> {
        if (!json.isTextual()) throw expected(path, type, json);
        return json.textValue();
      }
      case BOOLEAN -> {
        if (!json.isBoolean()) throw expected(path, type, json);
        return json.booleanValue();
      }
      case FLOAT -> {
        if (!json.isNumber()) throw expected(path, type, json);
        double value = json.doubleValue();
        if (!Double.isFinite(value)) throw fail(path, "number out of range for Float");
        return value;
      }
      case INT -> {
        if (!json.isNumber()) throw expected(path, type, json);
        if (json.isIntegralNumber()) {
          if (!json.canConvertToLong()) throw fail(path, "number out of range for Int");
          return json.longValue();
        }
        if (!Double.isFinite(json.doubleValue())) throw fail(path, "number out of range for Int");
        BigDecimal exact = json.decimalValue();
        if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
          throw fail(path, "expected Int, got non-integer number");
        }
        if (exact.compareTo(LONG_MIN) < 0 || exact.compareTo(LONG_MAX) > 0) {
          throw fail(path, "number out of range for Int");
        }
        return exact.longValueExact();
      }
    }
    throw new AssertionError(type);
  }

  private static Object decodeMap(JsonNode json, Type.MapType type, Path path) throws UnableToDecodeValueException {
    Map<Object, Object> entries = new LinkedHashMap<>();
    if (json.isObject() && type.key() == Type.STRING) {
      for (Map.Entry<String, JsonNode> field : json.properties()) {
        entries.put(field.getKey(), decode(field.getValue(), type.value(), path.field(field.getKey())));
      }
      return Collections.unmodifiableMap(entries);
    }
    if (!json.isArray()) throw expected(path, type, json);
    for (int i = 0; i < json.size(); i++) {
      JsonNode pair = json.get(i);
      Path at = path.index(i);
      if (!pair.isArray() || pair.size() != 2) {
        throw fail(at, "expected [key, value] pair, got " + (pair.isArray() ? "array of " + pair.size() : kind(pair)));
      }
      Object key = decode(pair.get(0), type.key(), at.index(0));
      Object value = decode(pair.get(1), type.value(), at.index(1));
      if (entries.containsKey(key)) throw fail(at, "duplicate map key");
      entries.put(key, value);
    }
    return Collections.unmodifiableMap(entries);
  }

  private static Object decodeUnion(JsonNode json, Type.UnionType union, Path path)
      throws UnableToDecodeValueException {
    if (json.isObject() && json.size() == 2 && json.get("tag") != null && json.get("tag").isTextual()
        && json.get("value") != null) {
      String tag = json.get("tag").textValue();
      for (Type member : union.members()) {
        if (member.render().equals(tag)) return decode(json.get("value"), member, path);
      }
    }
    List<Type> matching = new ArrayList<>();
    Object match = null;
    for (Type member : union.members()) {
      if (json.isNumber() && member == Type.INT && !json.isIntegralNumber()) continue;
      if (json.isNumber() && member == Type.FLOAT && json.isIntegralNumber()) continue;
      try {
        Object decoded = decode(json, member, path);
        matching.add(member);
        match = decoded;
      } catch (UnableToDecodeValueException notThisMember) {
        // plain values match the members they decode at; the others are simply skipped
      }
    }
    if (matching.size() == 1) return match;
    if (matching.isEmpty()) throw expected(path, union, json);
    StringBuilder names = new StringBuilder();
    for (Type member : matching) {
      if (!names.isEmpty()) names.append(", ");
      names.append(member.render());
    }
    throw fail(path, "ambiguous value for " + union.render() + ": matches " + names);
  }

  // ------------------------------------------------------------------------------------------------ encoding

  /**
   * The output encoding of {@code value} at {@code type} (8.4): records keep exactly the fields of the static type,
   * {@code Map<String, V>} is an object, other maps are {@code [k, v]} pairs sorted by the key's canonical JSON,
   * unions are {@code {"tag", "value"}}, {@code Nothing} is null. Object keys are in code-point order.
   *
   * @throws ValueConversionException when the value does not fit the type
   */
  public static JsonNode encode(Object value, Type type) {
    switch (type) {
      case Type.Primitive p -> {
        return encodePrimitive(value, p);
      }
      case Type.NothingType n -> {
        return NullNode.instance;
      }
      case Type.ListType list -> {
        if (!(value instanceof List<?> items)) throw cannot(value, type);
        ArrayNode out = NODES.arrayNode(items.size());
        for (Object item : items) out.add(encode(item, list.element()));
        return out;
      }
      case Type.OptionalType optional -> {
        if (!(value instanceof Optional<?> o)) throw cannot(value, type);
        return o.isEmpty() ? NullNode.instance : encode(o.get(), optional.element());
      }
      case Type.RecordType record -> {
        if (!(value instanceof Map<?, ?> fields)) throw cannot(value, type);
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, Type> field : record.fields().entrySet()) {
          Object item = fields.get(field.getKey());
          if (item == null && !fields.containsKey(field.getKey())) throw cannot(value, type);
          out.set(field.getKey(), encode(item, field.getValue()));
        }
        return out;
      }
      case Type.MapType map -> {
        return encodeMap(value, map);
      }
      case Type.UnionType union -> {
        Type member = Values.tag(value, union);
        if (member == null) throw cannot(value, type);
        ObjectNode out = NODES.objectNode();
        out.put("tag", member.render());
        out.set("value", encode(value, member));
        return out;
      }
      case Type.FunctionType f -> throw cannot(value, type);
      case Type.TypeVariable v -> {
        return encodeUntyped(value, type);
      }
    }
  }

  private static JsonNode encodePrimitive(Object value, Type.Primitive type) {
    return switch (type) {
      case STRING -> {
        if (!(value instanceof String s)) throw cannot(value, type);
        yield TextNode.valueOf(s);
      }
      case INT -> {
        if (!(value instanceof Long l)) throw cannot(value, type);
        yield LongNode.valueOf(l);
      }
      case FLOAT -> {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) throw cannot(value, type);
        yield DoubleNode.valueOf(n.doubleValue());
      }
      case BOOLEAN -> {
        if (!(value instanceof Boolean b)) throw cannot(value, type);
        yield BooleanNode.valueOf(b);
      }
    };
  }

  private static JsonNode encodeMap(Object value, Type.MapType type) {
    if (!(value instanceof Map<?, ?> entries)) throw cannot(value, type);
    if (type.key() == Type.STRING) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>(Type::compareCodePoints);
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        if (!(entry.getKey() instanceof String key)) throw cannot(value, type);
        sorted.put(key, encode(entry.getValue(), type.value()));
      }
      ObjectNode out = NODES.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    TreeMap<String, ArrayNode> sorted = new TreeMap<>(Type::compareCodePoints);
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      JsonNode key = encode(entry.getKey(), type.key());
      ArrayNode pair = NODES.arrayNode(2);
      pair.add(key);
      pair.add(encode(entry.getValue(), type.value()));
      sorted.put(CanonicalJson.write(key), pair);
    }
    ArrayNode out = NODES.arrayNode(sorted.size());
    sorted.values().forEach(out::add);
    return out;
  }

  /** A value whose static type is unknown (a type variable): encoded by its own kind. */
  private static JsonNode encodeUntyped(Object value, Type type) {
    return switch (value) {
      case String s -> TextNode.valueOf(s);
      case Long l -> LongNode.valueOf(l);
      case Double d -> DoubleNode.valueOf(d);
      case Boolean b -> BooleanNode.valueOf(b);
      case Optional<?> o -> o.isEmpty() ? NullNode.instance : encodeUntyped(o.get(), type);
      case List<?> items -> {
        ArrayNode out = NODES.arrayNode(items.size());
        for (Object item : items) out.add(encodeUntyped(item, type));
        yield out;
      }
      case Map<?, ?> map -> {
        TreeMap<String, JsonNode> sorted = new TreeMap<>(Type::compareCodePoints);
        map.forEach((k, v) -> sorted.put(Values.render(k), encodeUntyped(v, type)));
        ObjectNode out = NODES.objectNode();
        sorted.forEach(out::set);
        yield out;
      }
      case null -> NullNode.instance;
      default -> throw cannot(value, type);
    };
  }

  private static ValueConversionException cannot(Object value, Type type) {
    return new ValueConversionException("Cannot convert " + Values.kind(value) + " to " + type.render());
  }

  /** The canonical JSON text (11.1) of the output encoding of {@code value} at {@code type}. */
  public static String canonical(Object value, Type type) {
    return CanonicalJson.write(encode(value, type));
  }
}
