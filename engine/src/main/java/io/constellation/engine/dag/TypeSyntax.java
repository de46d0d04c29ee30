package io.constellation.engine.dag;

import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a type back from its canonical rendering ({@link Type#render()}, LANGUAGE.md 4.1), so that a serialised
 * DAG can carry types as the same strings that messages and hashes use.
 *
 * <p>Accepted forms: {@code String Int Float Boolean Nothing}, {@code List<T>}, {@code Optional<T>},
 * {@code Map<K, V>}, records {@code { a: Int, b: String }} and {@code {}}, unions {@code A | B}, function types
 * {@code (A, B) => R} and type variables (one uppercase letter, {@code T}). Whitespace between tokens is
 * ignored. For every type {@code t}: {@code parse(t.render()).equals(t)}. A function type's result extends as far
 * as possible ({@code (A) => B | C} has result {@code B | C}), which is also how a rendering must be read, since
 * unions never contain function types.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
public final class TypeSyntax {
  /** Nesting deeper than this is rejected rather than risking the stack on hostile input. */
  public static final int MAX_DEPTH = 200;

  private final String text;
  private int pos;
  private int depth;

  private TypeSyntax(String text) {
    this.text = text;
  }

  /**
   * Parses a rendering.
   *
   * @throws IllegalArgumentException when {@code rendering} is not a valid rendering, with the offset and reason
   */
  public static Type parse(String rendering) {
    if (rendering == null) throw new IllegalArgumentException("type rendering must not be null");
    TypeSyntax parser = new TypeSyntax(rendering);
    Type type = parser.type();
    parser.skipSpaces();
    if (parser.pos != rendering.length()) throw parser.error("unexpected '" + parser.peekText() + "'");
    return type;
  }

  // type = member { "|" member }
  private Type type() {
    if (++depth > MAX_DEPTH) throw error("type nested deeper than " + MAX_DEPTH);
    List<Type> members = new ArrayList<>();
    members.add(member());
    while (accept('|')) members.add(member());
    depth--;
    if (members.size() == 1) return members.getFirst();
    for (Type member : members) {
      if (member instanceof Type.FunctionType) throw error("a function type cannot be a union member");
    }
    return Type.union(members);
  }

  // member = "(" [ type { "," type } ] ")" "=>" type | "{" [ field { "," field } ] "}" | NAME [ "<" args ">" ]
  private Type member() {
    skipSpaces();
    if (accept('(')) return function();
    if (accept('{')) return record();
    String name = identifier("a type");
    return switch (name) {
      case "String" -> Type.STRING;
      case "Int" -> Type.INT;
      case "Float" -> Type.FLOAT;
      case "Boolean" -> Type.BOOLEAN;
      case "Nothing" -> Type.NOTHING;
      case "List" -> Type.list(single(name));
      case "Optional" -> Type.optional(single(name));
      case "Map" -> {
        expect('<');
        Type key = type();
        expect(',');
        Type value = type();
        expect('>');
        yield Type.map(key, value);
      }
      default -> {
        if (name.length() == 1 && name.charAt(0) >= 'A' && name.charAt(0) <= 'Z') {
          yield new Type.TypeVariable(name);
        }
        throw error("unknown type name '" + name + "'");
      }
    };
  }

  private Type single(String constructor) {
    expect('<');
    Type element = type();
    if (!accept('>')) throw error(constructor + " takes one type argument");
    return element;
  }

  private Type function() {
    List<Type> parameters = new ArrayList<>();
    if (!accept(')')) {
      do {
        parameters.add(type());
      } while (accept(','));
      expect(')');
    }
    skipSpaces();
    if (!text.startsWith("=>", pos)) throw error("expected '=>', found '" + peekText() + "'");
    pos += 2;
    Type result = type();
    return new Type.FunctionType(parameters, result);
  }

  private Type record() {
    TreeMap<String, Type> fields = new TreeMap<>(Type::compareCodePoints);
    if (accept('}')) return new Type.RecordType(fields);
    do {
      String field = identifier("a field name");
      expect(':');
      if (fields.put(field, type()) != null) throw error("duplicate field '" + field + "'");
    } while (accept(','));
    expect('}');
    return new Type.RecordType(fields);
  }

  // Identifier of LANGUAGE.md 1: [A-Za-z_]([A-Za-z0-9_-]*[A-Za-z0-9_])?
  private String identifier(String what) {
    skipSpaces();
    int start = pos;
    if (pos < text.length() && isStart(text.charAt(pos))) {
      pos++;
      while (pos < text.length() && (isStart(text.charAt(pos)) || isDigitOrHyphen(text.charAt(pos)))) pos++;
    }
    if (start == pos) throw error("expected " + what + ", found '" + peekText() + "'");
    if (text.charAt(pos - 1) == '-') {
      pos = start;
      throw error("an identifier cannot end with '-'");
    }
    return text.substring(start, pos);
  }

  private static boolean isStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  private static boolean isDigitOrHyphen(char c) {
    return (c >= '0' && c <= '9') || c == '-';
  }

  private boolean accept(char c) {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) throw error("expected '" + c + "', found '" + peekText() + "'");
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') pos++;
  }

  private String peekText() {
    if (pos >= text.length()) return "end of text";
    return text.substring(pos, Math.min(text.length(), pos + 12));
  }

  private IllegalArgumentException error(String reason) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return new IllegalArgumentException("Invalid type rendering at offset " + pos + ": " + reason + " in '" + shown
        + "'");
  }
}
