package io.constellation.engine.value;

import io.constellation.engine.types.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The runtime value model of LANGUAGE.md 8.1: String, Long (Int), Double (finite Float), Boolean, immutable
 * {@link List}, {@link Optional}, and immutable {@link Map} for both maps and records; a union value is its payload.
 * This class holds the value rules that do not involve JSON: host conversion, conformance and union tags (8.3),
 * zero values (4.5, 13.10), interpolation rendering (5.3, 13.15) and equality (5.4).
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class Values {
  private Values() {}

  /** The short kind name of a value used in {@code Expected <T>, but got <kind>}. */
  public static String kind(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "String";
      case Long l -> "Int";
      case Double d -> "Float";
      case Boolean b -> "Boolean";
      case List<?> l -> "List";
      case Optional<?> o -> "Optional";
      case Map<?, ?> m -> "Map";
      default -> value.getClass().getName();
    };
  }

  // ------------------------------------------------------------------------------------------ host conversion

  /**
   * Converts a value returned by a module into the language mapping (Integer to Long, Float to Double, arrays and
   * collections to immutable lists, maps to immutable maps). Conformance to {@code declared} is not checked here.
   *
   * @throws ValueConversionException {@code Cannot convert <what> to <declared>} for a value with no mapping
   */
  public static Object fromHost(Object value, Type declared) {
    Object converted = convert(value);
    if (converted == null) {
      throw new ValueConversionException("Cannot convert " + describeHost(value) + " to " + declared.render());
    }
    return converted;
  }

  private static String describeHost(Object value) {
    if (value instanceof Double d) return Double.toString(d);
    if (value instanceof Float f) return Float.toString(f);
    return value == null ? "null" : value.getClass().getName();
  }

  /** The converted value, or null when some part has no language mapping. */
  private static Object convert(Object value) {
    switch (value) {
      case null -> {
        return null;
      }
      case String s -> {
        return s;
      }
      case Long l -> {
        return l;
      }
      case Boolean b -> {
        return b;
      }
      case Double d -> {
        return Double.isFinite(d) ? d : null;
      }
      case Integer i -> {
        return (long) i;
      }
      case Short s -> {
        return (long) s;
      }
      case Byte b -> {
        return (long) b;
      }
      case BigInteger big -> {
        return big.bitLength() < 64 ? big.longValue() : null;
      }
      case Float f -> {
        return Float.isFinite(f) ? (double) f : null;
      }
      case BigDecimal big -> {
        double d = big.doubleValue();
        return Double.isFinite(d) ? d : null;
      }
      case CharSequence chars -> {
        return chars.toString();
      }
      case Character c -> {
        return String.valueOf(c);
      }
      case Optional<?> optional -> {
        if (optional.isEmpty()) return optional;
        Object payload = convert(optional.get());
        return payload == null ? null : Optional.of(payload);
      }
      case List<?> list -> {
        return convertAll(list);
      }
      case Collection<?> collection -> {
        return convertAll(collection);
      }
      case Object[] array -> {
        return convertAll(java.util.Arrays.asList(array));
      }
      case Map<?, ?> map -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          Object key = convert(entry.getKey());
          Object item = convert(entry.getValue());
          if (key == null || item == null) return null;
          out.put(key, item);
        }
        return Collections.unmodifiableMap(out);
      }
      default -> {
        return null;
      }
    }
  }

  private static List<Object> convertAll(Collection<?> items) {
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      Object converted = convert(item);
      if (converted == null) return null;
      out.add(converted);
    }
    return Collections.unmodifiableList(out);
  }

  // -------------------------------------------------------------------------------------------- conformance

  /** LANGUAGE.md 8.3: whether {@code value} conforms to {@code type}. Nothing conforms to {@code Nothing}. */
  public static boolean conforms(Object value, Type type) {
    return switch (type) {
      case Type.Primitive p -> switch (p) {
        case STRING -> value instanceof String;
        case INT -> value instanceof Long;
        case FLOAT -> value instanceof Double;
        case BOOLEAN -> value instanceof Boolean;
      };
      case Type.NothingType n -> false;
      case Type.ListType list -> value instanceof List<?> items && allConform(items, list.element());
      case Type.OptionalType optional -> value instanceof Optional<?> o
          && (o.isEmpty() || conforms(o.get(), optional.element()));
      case Type.MapType map -> value instanceof Map<?, ?> m && allConform(m.keySet(), map.key())
          && allConform(m.values(), map.value());
      case Type.RecordType record -> value instanceof Map<?, ?> m && recordConforms(m, record);
      case Type.UnionType union -> tag(value, union) != null;
      case Type.FunctionType f -> false;
      case Type.TypeVariable v -> value != null;
    };
  }

  private static boolean allConform(Collection<?> items, Type type) {
    for (Object item : items) {
      if (!conforms(item, type)) return false;
    }
    return true;
  }

  private static boolean recordConforms(Map<?, ?> value, Type.RecordType record) {
    for (Map.Entry<String, Type> field : record.fields().entrySet()) {
      Object item = value.get(field.getKey());
      if (item == null || !conforms(item, field.getValue())) return false;
    }
    return true;
  }

  /**
   * The tag of a value at a union type (8.3): the conforming member with the most top-level record fields, ties
   * broken by canonical member order; null when no member conforms.
   */
  public static Type tag(Object value, Type.UnionType union) {
    Type best = null;
    int bestFields = -1;
    for (Type member : union.members()) {
      if (!conforms(value, member)) continue;
      int fields = member instanceof Type.RecordType r ? r.fields().size() : 0;
      if (fields > bestFields) {
        best = member;
        bestFields = fields;
      }
    }
    return best;
  }

  // -------------------------------------------------------------------------------------------- zero values

  /** LANGUAGE.md 4.5 and 13.10: the zero value of a type ({@code null} for {@code Nothing}). */
  public static Object zero(Type type) {
    return switch (type) {
      case Type.Primitive p -> switch (p) {
        case STRING -> "";
        case INT -> 0L;
        case FLOAT -> 0.0;
        case BOOLEAN -> Boolean.FALSE;
      };
      case Type.NothingType n -> null;
      case Type.ListType l -> List.of();
      case Type.OptionalType o -> Optional.empty();
      case Type.MapType m -> Map.of();
      case Type.RecordType record -> {
        Map<String, Object> fields = new TreeMap<>();
        record.fields().forEach((name, fieldType) -> fields.put(name, zero(fieldType)));
        yield Collections.unmodifiableMap(fields);
      }
      case Type.UnionType union -> zero(union.members().get(0));
      case Type.FunctionType f -> null;
      case Type.TypeVariable v -> null;
    };
  }

  // ------------------------------------------------------------------------------------------------ rendering

  /** LANGUAGE.md 5.3 and 13.15: the text of a value inside string interpolation. */
  public static String render(Object value) {
    StringBuilder out = new StringBuilder();
    render(out, value);
    return out.toString();
  }

  private static void render(StringBuilder out, Object value) {
    switch (value) {
      case null -> { }
      case String s -> out.append(s);
      case Double d -> out.append(Double.toString(d));
      case Optional<?> o -> o.ifPresent(payload -> render(out, payload));
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) out.append(", ");
          render(out, list.get(i));
        }
        out.append(']');
      }
      case Map<?, ?> map -> {
        SortedMap<String, Object> sorted = new TreeMap<>(Type::compareCodePoints);
        map.forEach((k, v) -> sorted.put(render(k), v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
          if (!first) out.append(", ");
          first = false;
          out.append(entry.getKey()).append(": ");
          render(out, entry.getValue());
        }
        out.append('}');
      }
      default -> out.append(value);
    }
  }

  // ------------------------------------------------------------------------------------------------- equality

  /**
   * The comparison type of two compatible static types (4.3): the larger one. Computed structurally as a meet:
   * record fields are intersected (the larger record has the fewer fields) and {@code Int} meets {@code Float}
   * as {@code Float}, which is all that equality needs to know.
   */
  public static Type comparisonType(Type left, Type right) {
    if (left.equals(right) || right instanceof Type.NothingType) return left;
    if (left instanceof Type.NothingType) return right;
    if (left instanceof Type.UnionType) return right instanceof Type.UnionType ? Type.union(left, right) : left;
    if (right instanceof Type.UnionType) return right;
    if (left instanceof Type.RecordType l && right instanceof Type.RecordType r) {
      Map<String, Type> fields = new TreeMap<>();
      l.fields().forEach((name, type) -> {
        Type other = r.field(name);
        if (other != null) fields.put(name, comparisonType(type, other));
      });
      return Type.record(fields);
    }
    if (left instanceof Type.ListType l && right instanceof Type.ListType r) {
      return Type.list(comparisonType(l.element(), r.element()));
    }
    if (left instanceof Type.OptionalType l && right instanceof Type.OptionalType r) {
      return Type.optional(comparisonType(l.element(), r.element()));
    }
    if (left instanceof Type.MapType l && right instanceof Type.MapType r) {
      return Type.map(l.key(), comparisonType(l.value(), r.value()));
    }
    if (isNumber(left) && isNumber(right)) return Type.FLOAT;
    return left;
  }

  private static boolean isNumber(Type type) {
    return type == Type.INT || type == Type.FLOAT;
  }

  /**
   * Structural equality at a comparison type (5.4): Int and Float compare as doubles ({@code -0.0 == 0.0}),
   * records compare only the fields of {@code type}, union values compare by payload (different kinds unequal).
   */
  public static boolean equal(Object a, Object b, Type type) {
    if (a instanceof Long x && b instanceof Long y) return x.longValue() == y.longValue();
    if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
    if (a instanceof String || a instanceof Boolean) return a.equals(b);
    if (type instanceof Type.UnionType union) {
      Type tagA = tag(a, union);
      Type tagB = tag(b, union);
      return tagA != null && tagA.equals(tagB) && equal(a, b, tagA);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) return false;
      Type element = type instanceof Type.ListType l ? l.element() : null;
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i), element)) return false;
      }
      return true;
    }
    if (a instanceof Optional<?> x && b instanceof Optional<?> y) {
      if (x.isEmpty() || y.isEmpty()) return x.isEmpty() && y.isEmpty();
      return equal(x.get(), y.get(), type instanceof Type.OptionalType o ? o.element() : null);
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (type instanceof Type.RecordType record) {
        for (Map.Entry<String, Type> field : record.fields().entrySet()) {
          if (!equal(x.get(field.getKey()), y.get(field.getKey()), field.getValue())) return false;
        }
        return true;
      }
      if (x.size() != y.size() || !x.keySet().equals(y.keySet())) return false;
      Type valueType = type instanceof Type.MapType m ? m.value() : null;
      for (Map.Entry<?, ?> entry : x.entrySet()) {
        if (!equal(entry.getValue(), y.get(entry.getKey()), valueType)) return false;
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }

  /** Numeric or code-point order of two comparable values (5.4); Int and Float mix as doubles. */
  public static int compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
    if (a instanceof Number x && b instanceof Number y) {
      double dx = x.doubleValue();
      double dy = y.doubleValue();
      return dx < dy ? -1 : dx > dy ? 1 : 0;
    }
    if (a instanceof String x && b instanceof String y) return Type.compareCodePoints(x, y);
    throw new IllegalArgumentException("values are not comparable: " + kind(a) + " and " + kind(b));
  }
}
