package io.constellation.engine.types;

import io.constellation.engine.syntax.Ast;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns types as written into {@link Type}s (LANGUAGE.md 4.1, 4.4): aliases expanded, {@code Seq}/{@code
 * Candidates} read as {@code List}, unions normalised, merges computed. Reports E003, E012 and duplicate record
 * fields (E030); returns null after reporting.
 */
final class TypeResolver {
  /** Names a {@code type} declaration may not take (LANGUAGE.md 13.12). */
  static final Set<String> BUILT_IN_NAMES =
      Set.of("String", "Int", "Float", "Boolean", "List", "Seq", "Candidates", "Optional", "Map", "Nothing");

  private final Reporter reporter;
  private final Map<String, Type> declared;

  TypeResolver(Reporter reporter, Map<String, Type> declared) {
    this.reporter = reporter;
    this.declared = declared;
  }

  Type resolve(Ast.TypeExpr written) {
    return switch (written) {
      case Ast.NamedType named -> named(named);
      case Ast.RecordType record -> record(record);
      case Ast.UnionType union -> union(union);
      case Ast.MergeType merge -> merge(merge);
    };
  }

  /** A simple type name ({@code is N} patterns): built-in primitive or declared type, else E003. */
  Type resolveName(Ast.Ident name) {
    Type type = simple(name.name());
    if (type == null) reporter.error("E003", "Undefined type: " + name.name(), name.span());
    return type;
  }

  private Type simple(String name) {
    return switch (name) {
      case "String" -> Type.STRING;
      case "Int" -> Type.INT;
      case "Float" -> Type.FLOAT;
      case "Boolean" -> Type.BOOLEAN;
      default -> declared.get(name);
    };
  }

  private Type named(Ast.NamedType named) {
    String name = named.name().name();
    List<Ast.TypeExpr> args = named.arguments();
    int expected = switch (name) {
      case "List", "Seq", "Candidates", "Optional" -> 1;
      case "Map" -> 2;
      default -> 0;
    };
    if (args.isEmpty() && expected == 0) {
      Type type = simple(name);
      if (type != null) return type;
    }
    if (expected == 0 || args.size() != expected) {
      reporter.error("E003", "Undefined type: " + written(named), named.span());
      return null;
    }
    List<Type> resolved = new ArrayList<>();
    boolean failed = false;
    for (Ast.TypeExpr arg : args) {
      Type type = resolve(arg);
      failed |= type == null;
      resolved.add(type);
    }
    if (failed) return null;
    return switch (name) {
      case "Optional" -> Type.optional(resolved.get(0));
      case "Map" -> Type.map(resolved.get(0), resolved.get(1));
      default -> Type.list(resolved.get(0));
    };
  }

  private Type record(Ast.RecordType record) {
    Map<String, Type> fields = new TreeMap<>();
    boolean failed = false;
    for (Ast.FieldType field : record.fields()) {
      String name = field.name().name();
      if (fields.containsKey(name)) {
        reporter.error("E030", "Duplicate field: " + name, field.name().span());
        failed = true;
      }
      Type type = resolve(field.type());
      if (type == null) {
        failed = true;
      } else if (!fields.containsKey(name)) {
        fields.put(name, type);
      }
    }
    return failed ? null : Type.record(fields);
  }

  private Type union(Ast.UnionType union) {
    List<Type> members = new ArrayList<>();
    boolean failed = false;
    for (Ast.TypeExpr member : union.members()) {
      Type type = resolve(member);
      failed |= type == null;
      members.add(type);
    }
    return failed ? null : Type.union(members);
  }

  private Type merge(Ast.MergeType merge) {
    List<Type> parts = new ArrayList<>();
    boolean failed = false;
    for (Ast.TypeExpr part : merge.parts()) {
      Type type = resolve(part);
      failed |= type == null;
      parts.add(type);
    }
    if (failed) return null;
    Type result = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      Type merged = Subtyping.merge(result, parts.get(i));
      if (merged == null) {
        reporter.error("E012", "Cannot merge types: " + result.render() + " + " + parts.get(i).render(),
            merge.span());
        return null;
      }
      result = merged;
    }
    return result;
  }

  /** The type as written, normalised (LANGUAGE.md 13.1): {@code Foo<Int>}, {@code Map<String, Bar>}. */
  static String written(Ast.TypeExpr type) {
    return switch (type) {
      case Ast.NamedType named -> {
        if (named.arguments().isEmpty()) yield named.name().name();
        StringBuilder out = new StringBuilder(named.name().name()).append('<');
        for (int i = 0; i < named.arguments().size(); i++) {
          if (i > 0) out.append(", ");
          out.append(written(named.arguments().get(i)));
        }
        yield out.append('>').toString();
      }
      case Ast.RecordType record -> {
        if (record.fields().isEmpty()) yield "{}";
        StringBuilder out = new StringBuilder("{ ");
        for (int i = 0; i < record.fields().size(); i++) {
          if (i > 0) out.append(", ");
          out.append(record.fields().get(i).name().name()).append(": ")
              .append(written(record.fields().get(i).type()));
        }
        yield out.append(" }").toString();
      }
      case Ast.UnionType union -> join(union.members(), " | ");
      case Ast.MergeType merge -> join(merge.parts(), " + ");
    };
  }

  private static String join(List<Ast.TypeExpr> parts, String separator) {
    StringBuilder out = new StringBuilder();
    for (Ast.TypeExpr part : parts) {
      if (!out.isEmpty()) out.append(separator);
      out.append(written(part));
    }
    return out.toString();
  }
}
