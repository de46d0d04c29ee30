package io.constellation.engine.types;

import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Types expressions (LANGUAGE.md 5.2) in the environment of the declaration being checked. Every method returns
 * the typed expression, or null after reporting its errors. A null operand stops the check of the construct
 * that uses it (no cascades, 13.4), but sibling operands are still checked so that a declaration reports all of
 * its errors. Calls and matches are delegated to {@link CallChecker} and {@link MatchChecker}.
 */
final class ExprChecker {
  /** One binder on the scope stack: a lambda (one parameter) or a match arm (its bindings). */
  private record Binder(List<String> names, List<Type> types) {}

  final Environment env;
  final Reporter reporter;
  final TypeResolver types;
  private final CallChecker calls;
  private final MatchChecker matches;
  private final List<Binder> binders = new ArrayList<>();

  ExprChecker(Environment env, Reporter reporter, TypeResolver types) {
    this.env = env;
    this.reporter = reporter;
    this.types = types;
    this.calls = new CallChecker(this, new FunctionResolver(env, reporter));
    this.matches = new MatchChecker(this);
  }

  TypedExpr check(Ast.Expr expr) {
    return switch (expr) {
      case Ast.IntLiteral i -> new TypedExpr.Literal(i.value(), Type.INT, i.span());
      case Ast.FloatLiteral f -> new TypedExpr.Literal(f.value(), Type.FLOAT, f.span());
      case Ast.BoolLiteral b -> new TypedExpr.Literal(b.value(), Type.BOOLEAN, b.span());
      case Ast.StringLiteral s -> string(s);
      case Ast.ListLiteral l -> list(l);
      case Ast.RecordLiteral r -> record(r);
      case Ast.Variable v -> variable(v.name());
      case Ast.FieldAccess f -> field(f);
      case Ast.Projection p -> projection(p);
      case Ast.Binary b -> binary(b);
      case Ast.Not n -> not(n);
      case Ast.If i -> conditional(i);
      case Ast.Branch b -> branch(b);
      case Ast.When w -> when(w);
      case Ast.Coalesce c -> coalesce(c);
      case Ast.Call c -> calls.check(c);
      case Ast.Lambda l -> {
        reporter.error("E015", "Lambda expression cannot be used in this context", l.span());
        yield null;
      }
      case Ast.Match m -> matches.check(m);
      case Ast.Parenthesized p -> check(p.inner());
    };
  }

  /** Checks {@code body} with one more binder in scope. */
  TypedExpr checkInBinder(Ast.Expr body, List<String> names, List<Type> bindingTypes) {
    binders.add(new Binder(names, bindingTypes));
    try {
      return check(body);
    } finally {
      binders.remove(binders.size() - 1);
    }
  }

  /** E010 unless {@code expr} is a Boolean; {@code at} is the operand as written. */
  boolean expectBoolean(TypedExpr expr, Span at) {
    if (Subtyping.isSubtype(expr.type(), Type.BOOLEAN)) return true;
    mismatch(Type.BOOLEAN.render(), expr.type(), at);
    return false;
  }

  void mismatch(String expected, Type actual, Span at) {
    reporter.error("E010", "Type mismatch: expected " + expected + ", got " + actual.render(), at);
  }

  /** Checks every expression (so all of their errors are reported); null when any of them failed. */
  List<TypedExpr> checkAll(List<Ast.Expr> exprs) {
    List<TypedExpr> out = new ArrayList<>();
    boolean failed = false;
    for (Ast.Expr expr : exprs) {
      TypedExpr typed = check(expr);
      failed |= typed == null;
      out.add(typed);
    }
    return failed ? null : out;
  }

  private TypedExpr string(Ast.StringLiteral s) {
    if (s.plain()) return new TypedExpr.Literal(s.parts().get(0), Type.STRING, s.span());
    List<TypedExpr> values = checkAll(s.interpolations());
    return values == null ? null : new TypedExpr.Interpolation(s.parts(), values, Type.STRING, s.span());
  }

  private TypedExpr list(Ast.ListLiteral l) {
    List<TypedExpr> elements = checkAll(l.elements());
    if (elements == null) return null;
    List<Type> elementTypes = new ArrayList<>();
    for (TypedExpr element : elements) elementTypes.add(element.type());
    return new TypedExpr.ListOf(elements, Type.list(Subtyping.lub(elementTypes)), l.span());
  }

  private TypedExpr record(Ast.RecordLiteral r) {
    Map<String, TypedExpr> fields = new TreeMap<>(Type::compareCodePoints);
    boolean failed = false;
    for (Ast.FieldInit field : r.fields()) {
      String name = field.name().name();
      if (fields.containsKey(name)) {
        reporter.error("E030", "Duplicate field: " + name, field.name().span());
        failed = true;
      }
      TypedExpr value = check(field.value());
      failed |= value == null;
      fields.putIfAbsent(name, value);
    }
    if (failed) return null;
    Map<String, Type> fieldTypes = new TreeMap<>();
    fields.forEach((name, value) -> fieldTypes.put(name, value.type()));
    return new TypedExpr.RecordOf(List.copyOf(fields.keySet()), List.copyOf(fields.values()),
        Type.record(fieldTypes), r.span());
  }

  private TypedExpr variable(Ast.Ident name) {
    String n = name.name();
    for (int i = binders.size() - 1; i >= 0; i--) {
      Binder binder = binders.get(i);
      int index = binder.names().indexOf(n);
      if (index >= 0) {
        return new TypedExpr.Local(binders.size() - 1 - i, index, binder.types().get(index), name.span());
      }
    }
    Environment.Value value = env.values.get(n);
    if (value != null) {
      return value.input() ? new TypedExpr.InputRef(n, value.type(), name.span())
          : new TypedExpr.AssignmentRef(n, value.type(), name.span());
    }
    Set<String> inScope = new LinkedHashSet<>(env.values.keySet());
    for (Binder binder : binders) inScope.addAll(binder.names());
    reporter.error("E001", "Undefined variable: " + n + Suggestions.suffix(n, inScope), name.span());
    return null;
  }

  /** The record type that field access or projection works on: the type itself or a list's element type. */
  private static Type.RecordType recordOf(Type type) {
    if (type instanceof Type.RecordType record) return record;
    if (type instanceof Type.ListType list && list.element() instanceof Type.RecordType record) return record;
    return null;
  }

  private static String available(Type.RecordType record) {
    return String.join(", ", record.fields().keySet());
  }

  private TypedExpr field(Ast.FieldAccess f) {
    TypedExpr target = check(f.target());
    if (target == null) return null;
    Type.RecordType record = recordOf(target.type());
    if (record == null) {
      reporter.error("E015", "Field access requires a record type, got " + target.type().render(), f.field().span());
      return null;
    }
    String name = f.field().name();
    Type fieldType = record.field(name);
    if (fieldType == null) {
      reporter.error("E007", "Invalid field access: field '" + name + "' not found. Available: " + available(record)
          + Suggestions.suffix(name, record.fields().keySet()), f.field().span());
      return null;
    }
    Type type = target.type() instanceof Type.ListType ? Type.list(fieldType) : fieldType;
    return new TypedExpr.Field(target, name, type, f.span());
  }

  private TypedExpr projection(Ast.Projection p) {
    TypedExpr target = check(p.target());
    if (target == null) return null;
    Type.RecordType record = recordOf(target.type());
    if (record == null) {
      reporter.error("E015", "Projection requires a record type, got " + target.type().render(),
          p.fields().get(0).span());
      return null;
    }
    Map<String, Type> kept = new TreeMap<>();
    boolean failed = false;
    for (Ast.Ident field : p.fields()) {
      Type fieldType = record.field(field.name());
      if (fieldType == null) {
        reporter.error("E006", "Invalid projection: field '" + field.name() + "' not found. Available: "
            + available(record) + Suggestions.suffix(field.name(), record.fields().keySet()), field.span());
        failed = true;
      } else {
        kept.put(field.name(), fieldType);
      }
    }
    if (failed) return null;
    Type projected = Type.record(kept);
    Type type = target.type() instanceof Type.ListType ? Type.list(projected) : projected;
    return new TypedExpr.Project(target, List.copyOf(kept.keySet()), type, p.span());
  }

  private static boolean numeric(Type type) {
    return type == Type.INT || type == Type.FLOAT;
  }

  private TypedExpr binary(Ast.Binary b) {
    TypedExpr left = check(b.left());
    TypedExpr right = check(b.right());
    if (left == null || right == null) return null;
    Type l = left.type();
    Type r = right.type();
    String op = b.op().symbol();
    return switch (b.op()) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE -> {
        if (b.op() == Ast.BinaryOp.ADD && Subtyping.isRecordOrRecordList(l) && Subtyping.isRecordOrRecordList(r)) {
          yield new TypedExpr.Merge(left, right, Subtyping.merge(l, r), b.span());
        }
        if (!numeric(l) || !numeric(r)) {
          reporter.error("E014", "Arithmetic operator '" + op + "' is not supported for types " + l.render()
              + " and " + r.render(), b.operatorSpan());
          yield null;
        }
        Type type = l == Type.INT && r == Type.INT ? Type.INT : Type.FLOAT;
        yield new TypedExpr.Binary(b.op(), left, right, type, b.span());
      }
      case LT, GT, LE, GE -> {
        boolean ok = numeric(l) && numeric(r) || l == Type.STRING && r == Type.STRING;
        if (!ok) {
          reporter.error("E013", "Operator '" + op + "' is not supported for types " + l.render() + " and "
              + r.render(), b.operatorSpan());
          yield null;
        }
        yield new TypedExpr.Binary(b.op(), left, right, Type.BOOLEAN, b.span());
      }
      case EQ, NE -> {
        if (!Subtyping.compatible(l, r)) {
          mismatch(l.render(), r, b.right().span());
          yield null;
        }
        yield new TypedExpr.Binary(b.op(), left, right, Type.BOOLEAN, b.span());
      }
      case AND, OR -> {
        boolean ok = expectBoolean(left, b.left().span());
        ok &= expectBoolean(right, b.right().span());
        yield ok ? new TypedExpr.Binary(b.op(), left, right, Type.BOOLEAN, b.span()) : null;
      }
    };
  }

  private TypedExpr not(Ast.Not n) {
    TypedExpr operand = check(n.operand());
    if (operand == null || !expectBoolean(operand, n.operand().span())) return null;
    return new TypedExpr.Not(operand, Type.BOOLEAN, n.span());
  }

  private TypedExpr conditional(Ast.If i) {
    TypedExpr condition = check(i.condition());
    TypedExpr then = check(i.then());
    TypedExpr otherwise = check(i.otherwise());
    if (condition == null || then == null || otherwise == null) return null;
    if (!expectBoolean(condition, i.condition().span())) return null;
    return new TypedExpr.If(condition, then, otherwise, Subtyping.lub(then.type(), otherwise.type()), i.span());
  }

  private TypedExpr branch(Ast.Branch b) {
    List<TypedExpr> parts = new ArrayList<>();
    List<Type> values = new ArrayList<>();
    boolean failed = false;
    for (Ast.BranchArm arm : b.arms()) {
      TypedExpr condition = check(arm.condition());
      TypedExpr value = check(arm.value());
      if (condition != null && !expectBoolean(condition, arm.condition().span())) condition = null;
      failed |= condition == null || value == null;
      parts.add(condition);
      parts.add(value);
      if (value != null) values.add(value.type());
    }
    TypedExpr otherwise = check(b.otherwise());
    if (failed || otherwise == null) return null;
    parts.add(otherwise);
    values.add(otherwise.type());
    return new TypedExpr.Branch(parts, Subtyping.lub(values), b.span());
  }

  private TypedExpr when(Ast.When w) {
    TypedExpr value = check(w.value());
    TypedExpr condition = check(w.condition());
    if (value == null || condition == null || !expectBoolean(condition, w.condition().span())) return null;
    Type type = value.type() instanceof Type.OptionalType ? value.type() : Type.optional(value.type());
    return new TypedExpr.When(value, condition, type, w.span());
  }

  private TypedExpr coalesce(Ast.Coalesce c) {
    TypedExpr optional = check(c.optional());
    TypedExpr fallback = check(c.fallback());
    if (optional == null || fallback == null) return null;
    if (!(optional.type() instanceof Type.OptionalType(Type t))) {
      reporter.error("E015", "Left side of ?? must be Optional, got " + optional.type().render(),
          c.optional().span());
      return null;
    }
    Type d = fallback.type();
    if (Subtyping.isSubtype(d, t)) return new TypedExpr.Coalesce(optional, fallback, t, c.span());
    if (d instanceof Type.OptionalType(Type inner)) {
      if (Subtyping.isSubtype(inner, t)) {
        return new TypedExpr.Coalesce(optional, fallback, Type.optional(t), c.span());
      }
      d = inner;
    }
    mismatch(t.render(), d, c.fallback().span());
    return null;
  }
}
