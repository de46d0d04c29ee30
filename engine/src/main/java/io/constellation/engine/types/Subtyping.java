package io.constellation.engine.types;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The type relations of LANGUAGE.md 4.2 to 4.4: subtyping, least upper bound, compatibility and type-level merge.
 * Pure functions over {@link Type} values.
 */
public final class Subtyping {
  private Subtyping() {}

  /** {@code s ≤ t} (4.2). */
  public static boolean isSubtype(Type s, Type t) {
    return check(s, t, false);
  }

  /** {@code s ≤ₙ t}: subtyping extended with {@code Int ≤ₙ Float}, also under type constructors (4.3). */
  public static boolean isNumericSubtype(Type s, Type t) {
    return check(s, t, true);
  }

  /** True when {@code s ≤ₙ t} or {@code t ≤ₙ s} (4.3). */
  public static boolean compatible(Type s, Type t) {
    return isNumericSubtype(s, t) || isNumericSubtype(t, s);
  }

  /** LUB(a, b): {@code b} if {@code a ≤ b}, else {@code a} if {@code b ≤ a}, else the normalised union. */
  public static Type lub(Type a, Type b) {
    if (isSubtype(a, b)) return b;
    if (isSubtype(b, a)) return a;
    return Type.union(a, b);
  }

  /** LUB of many types folded left; {@code Nothing} for none. */
  public static Type lub(List<Type> types) {
    Type result = Type.NOTHING;
    boolean first = true;
    for (Type type : types) {
      result = first ? type : lub(result, type);
      first = false;
    }
    return result;
  }

  /** True for a record type, or a list whose element type is a record type. */
  public static boolean isRecordOrRecordList(Type type) {
    return type instanceof Type.RecordType
        || type instanceof Type.ListType list && list.element() instanceof Type.RecordType;
  }

  /**
   * The type-level merge {@code a + b} of 4.4, or null when the operands cannot be merged (the caller reports
   * E012 or E014).
   */
  public static Type merge(Type a, Type b) {
    if (a instanceof Type.RecordType left && b instanceof Type.RecordType right) {
      Map<String, Type> fields = new TreeMap<>(left.fields());
      fields.putAll(right.fields());
      return Type.record(fields);
    }
    if (!isRecordOrRecordList(a) || !isRecordOrRecordList(b)) return null;
    Type left = a instanceof Type.ListType list ? list.element() : a;
    Type right = b instanceof Type.ListType list ? list.element() : b;
    return Type.list(merge(left, right));
  }

  private static boolean check(Type s, Type t, boolean numeric) {
    if (s.equals(t) || s == Type.NOTHING) return true;
    // A union on the left is checked first: every member must fit.
    if (s instanceof Type.UnionType union) {
      for (Type member : union.members()) {
        if (!check(member, t, numeric)) return false;
      }
      return true;
    }
    if (t instanceof Type.UnionType union) {
      for (Type member : union.members()) {
        if (check(s, member, numeric)) return true;
      }
      return false;
    }
    return switch (s) {
      case Type.Primitive p -> numeric && p == Type.Primitive.INT && t == Type.FLOAT;
      case Type.NothingType n -> true;
      case Type.ListType l -> t instanceof Type.ListType tl && check(l.element(), tl.element(), numeric);
      case Type.OptionalType o -> t instanceof Type.OptionalType to && check(o.element(), to.element(), numeric);
      case Type.MapType m -> t instanceof Type.MapType tm && m.key().equals(tm.key())
          && check(m.value(), tm.value(), numeric);
      case Type.RecordType r -> t instanceof Type.RecordType tr && recordSubtype(r, tr, numeric);
      case Type.FunctionType f -> t instanceof Type.FunctionType tf && functionSubtype(f, tf, numeric);
      case Type.UnionType u -> false; // handled above
      case Type.TypeVariable v -> false;
    };
  }

  private static boolean recordSubtype(Type.RecordType s, Type.RecordType t, boolean numeric) {
    for (Map.Entry<String, Type> field : t.fields().entrySet()) {
      Type actual = s.field(field.getKey());
      if (actual == null || !check(actual, field.getValue(), numeric)) return false;
    }
    return true;
  }

  private static boolean functionSubtype(Type.FunctionType s, Type.FunctionType t, boolean numeric) {
    if (s.parameters().size() != t.parameters().size()) return false;
    for (int i = 0; i < s.parameters().size(); i++) {
      if (!check(t.parameters().get(i), s.parameters().get(i), numeric)) return false;
    }
    return check(s.result(), t.result(), numeric);
  }
}
