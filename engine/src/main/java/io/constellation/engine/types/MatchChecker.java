package io.constellation.engine.types;

import io.constellation.engine.syntax.Ast;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Types {@code match} (LANGUAGE.md 5.5): which union members each pattern covers, the binding types of field
 * patterns, E010 for a pattern that covers nothing and E015 for members no arm covers.
 */
final class MatchChecker {
  private final ExprChecker exprs;
  private final Reporter reporter;

  MatchChecker(ExprChecker exprs) {
    this.exprs = exprs;
    this.reporter = exprs.reporter;
  }

  TypedExpr check(Ast.Match match) {
    TypedExpr scrutinee = exprs.check(match.scrutinee());
    if (scrutinee == null) return null;
    Type s = scrutinee.type();
    List<Type> members = s instanceof Type.UnionType union ? union.members() : List.of(s);
    boolean[] covered = new boolean[members.size()];
    List<TypedExpr.Arm> arms = new ArrayList<>();
    List<Type> bodies = new ArrayList<>();
    boolean failed = false;
    for (Ast.MatchArm arm : match.arms()) {
      TypedExpr.Arm typed = arm(arm, s, members, covered);
      if (typed == null) {
        failed = true;
      } else {
        arms.add(typed);
        bodies.add(typed.body().type());
      }
    }
    if (failed) return null;
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      if (!covered[i]) missing.add(members.get(i).render());
    }
    if (!missing.isEmpty()) {
      reporter.error("E015", "Non-exhaustive match on type " + s.render() + ". Missing patterns for: "
          + String.join(", ", missing), match.span());
      return null;
    }
    return new TypedExpr.Match(scrutinee, arms, Subtyping.lub(bodies), match.span());
  }

  private TypedExpr.Arm arm(Ast.MatchArm arm, Type s, List<Type> members, boolean[] covered) {
    return switch (arm.pattern()) {
      case Ast.FieldsPattern fields -> fieldsArm(arm, fields, s, members, covered);
      case Ast.IsPattern is -> {
        Type n = exprs.types.resolveName(is.typeName());
        if (n == null) yield null;
        boolean any = false;
        for (int i = 0; i < members.size(); i++) {
          if (Subtyping.isSubtype(members.get(i), n)) {
            covered[i] = true;
            any = true;
          }
        }
        TypedExpr body = exprs.checkInBinder(arm.body(), List.of(), List.of());
        if (!any) {
          cannotMatch("is " + is.typeName().name(), s, is);
          yield null;
        }
        yield body == null ? null : new TypedExpr.Arm(new MatchPattern.Is(n), body);
      }
      case Ast.WildcardPattern w -> {
        java.util.Arrays.fill(covered, true);
        TypedExpr body = exprs.checkInBinder(arm.body(), List.of(), List.of());
        yield body == null ? null : new TypedExpr.Arm(new MatchPattern.Any(), body);
      }
    };
  }

  private TypedExpr.Arm fieldsArm(Ast.MatchArm arm, Ast.FieldsPattern pattern, Type s, List<Type> members,
      boolean[] covered) {
    TreeSet<String> names = new TreeSet<>(Type::compareCodePoints);
    for (Ast.Ident field : pattern.fields()) {
      if (!names.add(field.name())) {
        reporter.error("E030", "Duplicate field: " + field.name(), field.span());
        return null;
      }
    }
    List<Type.RecordType> matched = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i) instanceof Type.RecordType record && record.fields().keySet().containsAll(names)) {
        matched.add(record);
        covered[i] = true;
      }
    }
    if (matched.isEmpty()) {
      List<String> written = new ArrayList<>();
      for (Ast.Ident field : pattern.fields()) written.add(field.name());
      cannotMatch("{" + String.join(", ", written) + "}", s, pattern);
      return null;
    }
    List<String> bindings = List.copyOf(names);
    List<Type> bindingTypes = new ArrayList<>();
    for (String name : bindings) {
      List<Type> each = new ArrayList<>();
      for (Type.RecordType record : matched) each.add(record.field(name));
      bindingTypes.add(Subtyping.lub(each));
    }
    TypedExpr body = exprs.checkInBinder(arm.body(), bindings, bindingTypes);
    return body == null ? null : new TypedExpr.Arm(new MatchPattern.Fields(bindings), body);
  }

  private void cannotMatch(String pattern, Type s, Ast.Pattern at) {
    reporter.error("E010", "Pattern " + pattern + " cannot match type " + s.render(), at.span());
  }
}
