package io.constellation.engine.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A constellation-lang type (LANGUAGE.md section 4). Types are immutable values compared structurally:
 * {@code equals} is type equality. Aliases never appear here (they are expanded when resolved), unions are
 * always normalised ({@link #union}), and {@link #render()} is the canonical rendering used in messages, union
 * tags and hashes.
 */
public sealed interface Type {

  Type STRING = Primitive.STRING;
  Type INT = Primitive.INT;
  Type FLOAT = Primitive.FLOAT;
  Type BOOLEAN = Primitive.BOOLEAN;
  Type NOTHING = NothingType.INSTANCE;

  /** The canonical rendering of LANGUAGE.md 4.1. */
  String render();

  enum Primitive implements Type {
    STRING("String"), INT("Int"), FLOAT("Float"), BOOLEAN("Boolean");

    private final String name;

    Primitive(String name) {
      this.name = name;
    }

    @Override
    public String render() {
      return name;
    }
  }

  /** The type of {@code []}: a subtype of every type. */
  enum NothingType implements Type {
    INSTANCE;

    @Override
    public String render() {
      return "Nothing";
    }
  }

  record ListType(Type element) implements Type {
    @Override
    public String render() {
      return "List<" + element.render() + ">";
    }
  }

  record OptionalType(Type element) implements Type {
    @Override
    public String render() {
      return "Optional<" + element.render() + ">";
    }
  }

  record MapType(Type key, Type value) implements Type {
    @Override
    public String render() {
      return "Map<" + key.render() + ", " + value.render() + ">";
    }
  }

  /** A record type; fields are kept sorted by name (code-point order). */
  record RecordType(SortedMap<String, Type> fields) implements Type {
    public RecordType {
      fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }

    public Type field(String name) {
      return fields.get(name);
    }

    @Override
    public String render() {
      if (fields.isEmpty()) return "{}";
      StringBuilder out = new StringBuilder("{ ");
      boolean first = true;
      for (Map.Entry<String, Type> field : fields.entrySet()) {
        if (!first) out.append(", ");
        first = false;
        out.append(field.getKey()).append(": ").append(field.getValue().render());
      }
      return out.append(" }").toString();
    }
  }

  /** A normalised union of at least two members, sorted by rendering. Build it with {@link #union}. */
  record UnionType(List<Type> members) implements Type {
    public UnionType {
      members = List.copyOf(members);
    }

    @Override
    public String render() {
      StringBuilder out = new StringBuilder();
      for (Type member : members) {
        if (!out.isEmpty()) out.append(" | ");
        out.append(member.render());
      }
      return out.toString();
    }
  }

  /** The type of a lambda argument, {@code (A, B) => R}. */
  record FunctionType(List<Type> parameters, Type result) implements Type {
    public FunctionType {
      parameters = List.copyOf(parameters);
    }

    @Override
    public String render() {
      StringBuilder out = new StringBuilder("(");
      for (int i = 0; i < parameters.size(); i++) {
        if (i > 0) out.append(", ");
        out.append(parameters.get(i).render());
      }
      return out.append(") => ").append(result.render()).toString();
    }
  }

  /** A type parameter ({@code T}, {@code U}) of a generic function signature; never the type of a value. */
  record TypeVariable(String name) implements Type {
    @Override
    public String render() {
      return name;
    }
  }

  // ---------------------------------------------------------------- factories

  static Type list(Type element) {
    return new ListType(element);
  }

  static Type optional(Type element) {
    return new OptionalType(element);
  }

  static Type map(Type key, Type value) {
    return new MapType(key, value);
  }

  static RecordType record(Map<String, Type> fields) {
    return new RecordType(new TreeMap<>(fields));
  }

  /**
   * The normalised union of the given types: nested unions flattened, duplicates dropped, members sorted by
   * rendering; a single remaining member is returned as itself.
   */
  static Type union(List<Type> types) {
    TreeMap<String, Type> byRendering = new TreeMap<>(Type::compareCodePoints);
    List<Type> pending = new ArrayList<>(types);
    for (int i = 0; i < pending.size(); i++) {
      Type type = pending.get(i);
      if (type instanceof UnionType nested) {
        pending.addAll(nested.members());
      } else {
        byRendering.putIfAbsent(type.render(), type);
      }
    }
    if (byRendering.isEmpty()) throw new IllegalArgumentException("union of no types");
    if (byRendering.size() == 1) return byRendering.firstEntry().getValue();
    return new UnionType(new ArrayList<>(byRendering.values()));
  }

  static Type union(Type a, Type b) {
    return union(List.of(a, b));
  }

  /** Compares strings by Unicode code point (not UTF-16 unit), as LANGUAGE.md requires for every ordering. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
