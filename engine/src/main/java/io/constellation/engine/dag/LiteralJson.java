package io.constellation.engine.dag;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code value} of a literal node: the canonical JSON of a runtime value at the node's type (LANGUAGE.md 8.4
 * and 11.1), and back. Values use the host mapping of LANGUAGE.md 8.1 ({@code Long}, {@code Double},
 * {@code String}, {@code Boolean}, {@code List}, {@code Optional}, {@code Map}); a literal of type {@code Nothing}
 * is {@code null}.
 *
 * <p>Literal nodes normally hold only primitives; the composite cases exist so that a constant-folded literal of
 * any value type still round-trips.
 */
final class LiteralJson {
  private LiteralJson() {}

  /**
   * Appends the canonical JSON of {@code value} at {@code type}.
   *
   * @throws IllegalArgumentException when the value does not fit the type
   */
  static StringBuilder append(StringBuilder out, Object value, Type type) {
    switch (type) {
      case Type.Primitive primitive -> appendPrimitive(out, value, primitive);
      case Type.NothingType nothing -> out.append("null");
      case Type.ListType list -> {
        out.append('[');
        boolean first = true;
        for (Object element : cast(value, List.class, type)) {
          if (!first) out.append(',');
          first = false;
          append(out, element, list.element());
        }
        out.append(']');
      }
      case Type.OptionalType optional -> {
        Optional<?> present = cast(value, Optional.class, type);
        if (present.isEmpty()) {
          out.append("null");
        } else {
          append(out, present.get(), optional.element());
        }
      }
      case Type.RecordType record -> {
        Map<?, ?> fields = cast(value, Map.class, type);
        Map<String, String> encoded = new LinkedHashMap<>();
        for (Map.Entry<String, Type> field : record.fields().entrySet()) {
          if (!fields.containsKey(field.getKey())) {
            throw new IllegalArgumentException("record value lacks field '" + field.getKey() + "' of " + type.render());
          }
          encoded.put(field.getKey(), append(new StringBuilder(), fields.get(field.getKey()), field.getValue())
              .toString());
        }
        out.append(CanonicalJson.object(encoded));
      }
      case Type.MapType map -> appendMap(out, cast(value, Map.class, type), map);
      case Type.UnionType union -> {
        Type member = tag(value, union);
        out.append("{\"tag\":");
        CanonicalJson.appendString(out, member.render()).append(",\"value\":");
        append(out, value, member).append('}');
      }
      case Type.FunctionType function -> throw noValues(type);
      case Type.TypeVariable variable -> throw noValues(type);
    }
    return out;
  }

  private static void appendPrimitive(StringBuilder out, Object value, Type.Primitive primitive) {
    switch (primitive) {
      case STRING -> CanonicalJson.appendString(out, cast(value, String.class, primitive));
      case BOOLEAN -> out.append(cast(value, Boolean.class, primitive).booleanValue());
      case INT -> {
        if (!isIntegral(value)) throw mismatch(value, primitive);
        out.append(((Number) value).longValue());
      }
      case FLOAT -> {
        if (!(value instanceof Number number)) throw mismatch(value, primitive);
        out.append(CanonicalJson.number(number.doubleValue()));
      }
    }
  }

  private static void appendMap(StringBuilder out, Map<?, ?> entries, Type.MapType type) {
    if (type.key().equals(Type.STRING)) {
      Map<String, String> encoded = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        encoded.put(cast(entry.getKey(), String.class, Type.STRING),
            append(new StringBuilder(), entry.getValue(), type.value()).toString());
      }
      out.append(CanonicalJson.object(encoded));
      return;
    }
    // Other keys: [k, v] pairs sorted by the key's canonical JSON (LANGUAGE.md 8.4).
    TreeMap<String, String> pairs = new TreeMap<>(CanonicalJson::compareCodePoints);
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      String key = append(new StringBuilder(), entry.getKey(), type.key()).toString();
      pairs.put(key, append(new StringBuilder(), entry.getValue(), type.value()).toString());
    }
    out.append('[');
    boolean first = true;
    for (Map.Entry<String, String> pair : pairs.entrySet()) {
      if (!first) out.append(',');
      first = false;
      out.append('[').append(pair.getKey()).append(',').append(pair.getValue()).append(']');
    }
    out.append(']');
  }

  /** The union tag of LANGUAGE.md 8.3: the conforming member with the most top-level record fields. */
  private static Type tag(Object value, Type.UnionType union) {
    Type best = null;
    int bestFields = -1;
    for (Type member : union.members()) {
      if (!conforms(value, member)) continue;
      int fields = member instanceof Type.RecordType record ? record.fields().size() : 0;
      if (fields > bestFields) {
        best = member;
        bestFields = fields;
      }
    }
    if (best == null) throw mismatch(value, union);
    return best;
  }

  private static boolean conforms(Object value, Type type) {
    return switch (type) {
      case Type.Primitive primitive -> switch (primitive) {
        case STRING -> value instanceof String;
        case BOOLEAN -> value instanceof Boolean;
        case INT -> isIntegral(value);
        case FLOAT -> value instanceof Double || value instanceof Float;
      };
      case Type.NothingType nothing -> false;
      case Type.ListType list -> value instanceof List<?> elements
          && elements.stream().allMatch(e -> conforms(e, list.element()));
      case Type.OptionalType optional -> value instanceof Optional<?> o
          && o.map(v -> conforms(v, optional.element())).orElse(true);
      case Type.RecordType record -> value instanceof Map<?, ?> fields
          && record.fields().entrySet().stream().allMatch(
              f -> fields.containsKey(f.getKey()) && conforms(fields.get(f.getKey()), f.getValue()));
      case Type.MapType map -> value instanceof Map<?, ?> entries && entries.entrySet().stream().allMatch(
          e -> conforms(e.getKey(), map.key()) && conforms(e.getValue(), map.value()));
      case Type.UnionType union -> union.members().stream().anyMatch(m -> conforms(value, m));
      case Type.FunctionType function -> false;
      case Type.TypeVariable variable -> false;
    };
  }

  /**
   * Reads a value written by {@link #append} at {@code type}.
   *
   * @throws IllegalArgumentException naming what was expected when the JSON does not fit the type
   */
  static Object read(JsonNode json, Type type) {
    return switch (type) {
      case Type.Primitive primitive -> readPrimitive(json, primitive);
      case Type.NothingType nothing -> {
        if (!json.isNull()) throw expected("null", json);
        yield null;
      }
      case Type.ListType list -> {
        if (!json.isArray()) throw expected("an array", json);
        List<Object> elements = new ArrayList<>(json.size());
        for (JsonNode element : json) elements.add(read(element, list.element()));
        yield Collections.unmodifiableList(elements);
      }
      case Type.OptionalType optional ->
          json.isNull() ? Optional.empty() : Optional.ofNullable(read(json, optional.element()));
      case Type.RecordType record -> {
        if (!json.isObject()) throw expected("an object", json);
        Map<String, Object> fields = new TreeMap<>(CanonicalJson::compareCodePoints);
        for (Map.Entry<String, Type> field : record.fields().entrySet()) {
          JsonNode fieldJson = json.get(field.getKey());
          if (fieldJson == null) throw new IllegalArgumentException("missing field '" + field.getKey() + "'");
          fields.put(field.getKey(), read(fieldJson, field.getValue()));
        }
        if (json.size() != fields.size()) throw new IllegalArgumentException("unexpected fields for " + type.render());
        yield Collections.unmodifiableMap(fields);
      }
      case Type.MapType map -> readMap(json, map);
      case Type.UnionType union -> {
        if (!json.isObject() || json.size() != 2 || !json.path("tag").isTextual() || !json.has("value")) {
          throw expected("{\"tag\", \"value\"}", json);
        }
        String tag = json.get("tag").textValue();
        Type member = union.members().stream().filter(m -> m.render().equals(tag)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("tag '" + tag + "' is not a member of " + type.render()));
        yield read(json.get("value"), member);
      }
      case Type.FunctionType function -> throw noValues(type);
      case Type.TypeVariable variable -> throw noValues(type);
    };
  }

  private static Object readPrimitive(JsonNode json, Type.Primitive primitive) {
    return switch (primitive) {
      case STRING -> {
        if (!json.isTextual()) throw expected("a string", json);
        yield json.textValue();
      }
      case BOOLEAN -> {
        if (!json.isBoolean()) throw expected("a boolean", json);
        yield json.booleanValue();
      }
      case INT -> {
        if (!json.isIntegralNumber() || !json.canConvertToLong()) throw expected("a 64-bit integer", json);
        yield json.longValue();
      }
      case FLOAT -> {
        if (!json.isNumber() || !Double.isFinite(json.doubleValue())) throw expected("a finite number", json);
        yield json.doubleValue();
      }
    };
  }

  private static Map<Object, Object> readMap(JsonNode json, Type.MapType type) {
    Map<Object, Object> entries = new LinkedHashMap<>();
    if (type.key().equals(Type.STRING) && json.isObject()) {
      for (Map.Entry<String, JsonNode> entry : json.properties()) {
        entries.put(entry.getKey(), read(entry.getValue(), type.value()));
      }
      return Collections.unmodifiableMap(entries);
    }
    if (!json.isArray()) throw expected("an array of [key, value] pairs", json);
    for (JsonNode pair : json) {
      if (!pair.isArray() || pair.size() != 2) throw expected("a [key, value] pair", pair);
      Object key = read(pair.get(0), type.key());
      if (entries.containsKey(key)) throw new IllegalArgumentException("duplicate map key");
      entries.put(key, read(pair.get(1), type.value()));
    }
    return Collections.unmodifiableMap(entries);
  }

  private static boolean isIntegral(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
  }

  private static <T> T cast(Object value, Class<T> kind, Type type) {
    if (!kind.isInstance(value)) throw mismatch(value, type);
    return kind.cast(value);
  }

  private static IllegalArgumentException mismatch(Object value, Type type) {
    String kind = value == null ? "null" : value.getClass().getSimpleName();
    return new IllegalArgumentException("literal value of kind " + kind + " does not fit type " + type.render());
  }

  private static IllegalArgumentException expected(String what, JsonNode json) {
    return new IllegalArgumentException("expected " + what + ", got " + json.getNodeType().name()
        .toLowerCase(java.util.Locale.ROOT));
  }

  private static IllegalArgumentException noValues(Type type) {
    return new IllegalArgumentException("type " + type.render() + " has no literal values");
  }
}
