package io.constellation.engine.types;

import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.SourceText;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-built syntax trees for checker and lowering tests, written so that tests do not depend on the parser.
 * Positions default to 1:1; tests that assert a position pass one with {@link #at}.
 */
public final class TestAst {
  private TestAst() {}

  public static final Span P = at(1, 1);

  public static Span at(int line, int column) {
    return new Span(0, 0, line, column);
  }

  public static Ast.Ident id(String name) {
    return new Ast.Ident(name, P);
  }

  public static Ast.Ident id(String name, Span at) {
    return new Ast.Ident(name, at);
  }

  public static TypedPipeline check(Ast.Decl... declarations) {
    return TypeChecker.check(new Ast.Pipeline(List.of(declarations)), ModuleRegistry.standard(), new SourceText(""));
  }

  public static TypedPipeline checkWith(ModuleRegistry modules, Ast.Decl... declarations) {
    return TypeChecker.check(new Ast.Pipeline(List.of(declarations)), modules, new SourceText(""));
  }

  // ---------------------------------------------------------------- declarations

  public static Ast.InputDecl in(String name, Ast.TypeExpr type) {
    return new Ast.InputDecl(List.of(), id(name), type, P);
  }

  public static Ast.InputDecl in(String name, Span at, Ast.TypeExpr type, Ast.Annotation... annotations) {
    return new Ast.InputDecl(List.of(annotations), id(name, at), type, at);
  }

  public static Ast.Annotation example(Ast.Expr value) {
    return new Ast.Annotation(id("example"), value, null, List.of(), value.span());
  }

  public static Ast.Annotation annotation(String kind, Span at) {
    return new Ast.Annotation(id(kind, at), null, "t", List.of(), at);
  }

  public static Ast.OutputDecl out(String name) {
    return new Ast.OutputDecl(List.of(), id(name), P);
  }

  public static Ast.OutputDecl out(String name, Span at, Ast.Annotation... annotations) {
    return new Ast.OutputDecl(List.of(annotations), id(name, at), at);
  }

  public static Ast.Assignment let(String name, Ast.Expr value) {
    return new Ast.Assignment(id(name), value, P);
  }

  public static Ast.Assignment let(String name, Span at, Ast.Expr value) {
    return new Ast.Assignment(id(name, at), value, at);
  }

  public static Ast.UseDecl use(String namespace) {
    return new Ast.UseDecl(qname(namespace, P), null, P);
  }

  public static Ast.UseDecl use(String namespace, String alias, Span at) {
    return new Ast.UseDecl(qname(namespace, at), alias == null ? null : id(alias, at), at);
  }

  public static Ast.TypeDef typeDef(String name, Ast.TypeExpr type) {
    return new Ast.TypeDef(id(name), type, P);
  }

  public static Ast.TypeDef typeDef(String name, Span at, Ast.TypeExpr type) {
    return new Ast.TypeDef(id(name, at), type, at);
  }

  // ---------------------------------------------------------------- types

  public static Ast.TypeExpr t(String name, Ast.TypeExpr... arguments) {
    return new Ast.NamedType(id(name), List.of(arguments), P);
  }

  public static Ast.TypeExpr t(Span at, String name, Ast.TypeExpr... arguments) {
    return new Ast.NamedType(id(name, at), List.of(arguments), at);
  }

  /** {@code recordType("a", T, "b", U)}. */
  public static Ast.TypeExpr recordType(Object... nameTypePairs) {
    List<Ast.FieldType> fields = new ArrayList<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      fields.add(new Ast.FieldType(id((String) nameTypePairs[i]), (Ast.TypeExpr) nameTypePairs[i + 1]));
    }
    return new Ast.RecordType(fields, P);
  }

  public static Ast.TypeExpr unionType(Ast.TypeExpr... members) {
    return new Ast.UnionType(List.of(members), P);
  }

  public static Ast.TypeExpr mergeType(Ast.TypeExpr... parts) {
    return new Ast.MergeType(List.of(parts), P);
  }

  // ---------------------------------------------------------------- expressions

  public static Ast.Expr num(long value) {
    return new Ast.IntLiteral(value, Long.toString(value), P);
  }

  public static Ast.Expr num(long value, Span at) {
    return new Ast.IntLiteral(value, Long.toString(value), at);
  }

  public static Ast.Expr dec(double value) {
    return new Ast.FloatLiteral(value, Double.toString(value), P);
  }

  public static Ast.Expr str(String value) {
    return new Ast.StringLiteral(List.of(value), List.of(value), List.of(), P);
  }

  public static Ast.Expr str(String value, Span at) {
    return new Ast.StringLiteral(List.of(value), List.of(value), List.of(), at);
  }

  /** {@code "a${e}b"}: parts and expressions alternate, starting and ending with a part. */
  public static Ast.Expr interp(Object... partsAndExprs) {
    List<String> parts = new ArrayList<>();
    List<Ast.Expr> exprs = new ArrayList<>();
    for (Object item : partsAndExprs) {
      if (item instanceof String s) parts.add(s);
      else exprs.add((Ast.Expr) item);
    }
    return new Ast.StringLiteral(parts, parts, exprs, P);
  }

  public static Ast.Expr bool(boolean value) {
    return new Ast.BoolLiteral(value, P);
  }

  public static Ast.Expr v(String name) {
    return new Ast.Variable(id(name), P);
  }

  public static Ast.Expr v(String name, Span at) {
    return new Ast.Variable(id(name, at), at);
  }

  public static Ast.Expr list(Ast.Expr... elements) {
    return new Ast.ListLiteral(List.of(elements), P);
  }

  /** {@code rec("a", e1, "b", e2)}. */
  public static Ast.Expr rec(Object... nameValuePairs) {
    List<Ast.FieldInit> fields = new ArrayList<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      Object name = nameValuePairs[i];
      Ast.Ident ident = name instanceof Ast.Ident given ? given : id((String) name);
      fields.add(new Ast.FieldInit(ident, (Ast.Expr) nameValuePairs[i + 1]));
    }
    return new Ast.RecordLiteral(fields, P);
  }

  public static Ast.Expr field(Ast.Expr target, String name) {
    return new Ast.FieldAccess(target, id(name), target.span());
  }

  public static Ast.Expr field(Ast.Expr target, String name, Span at) {
    return new Ast.FieldAccess(target, id(name, at), target.span());
  }

  public static Ast.Expr project(Ast.Expr target, String... names) {
    return new Ast.Projection(target, Arrays.stream(names).map(TestAst::id).toList(), false, target.span());
  }

  public static Ast.Expr bin(Ast.BinaryOp op, Ast.Expr left, Ast.Expr right) {
    return new Ast.Binary(op, left, right, P, left.span());
  }

  public static Ast.Expr bin(Ast.BinaryOp op, Ast.Expr left, Ast.Expr right, Span operator) {
    return new Ast.Binary(op, left, right, operator, left.span());
  }

  public static Ast.Expr not(Ast.Expr operand) {
    return new Ast.Not(operand, P);
  }

  public static Ast.Expr ifElse(Ast.Expr condition, Ast.Expr then, Ast.Expr otherwise) {
    return new Ast.If(condition, then, otherwise, P);
  }

  /** {@code branch(c1, e1, ..., otherwise)}. */
  public static Ast.Expr branch(Ast.Expr... items) {
    List<Ast.BranchArm> arms = new ArrayList<>();
    for (int i = 0; i + 1 < items.length; i += 2) arms.add(new Ast.BranchArm(items[i], items[i + 1]));
    return new Ast.Branch(arms, items[items.length - 1], P);
  }

  public static Ast.Expr when(Ast.Expr value, Ast.Expr condition) {
    return new Ast.When(value, condition, value.span());
  }

  public static Ast.Expr coalesce(Ast.Expr optional, Ast.Expr fallback) {
    return new Ast.Coalesce(optional, fallback, P, optional.span());
  }

  public static Ast.QualifiedName qname(String dotted, Span at) {
    List<Ast.Ident> segments = new ArrayList<>();
    for (String segment : dotted.split("\\.")) segments.add(id(segment, at));
    return new Ast.QualifiedName(segments, at);
  }

  public static Ast.Expr call(String function, Ast.Expr... arguments) {
    return new Ast.Call(qname(function, P), List.of(arguments), List.of(), P);
  }

  public static Ast.Expr call(Span at, String function, Ast.Expr... arguments) {
    return new Ast.Call(qname(function, at), List.of(arguments), List.of(), at);
  }

  public static Ast.Expr callWith(String function, List<Ast.CallOption> options, Ast.Expr... arguments) {
    return new Ast.Call(qname(function, P), List.of(arguments), options, P);
  }

  public static Ast.Expr lambda(Ast.Expr body, String... parameters) {
    List<Ast.Parameter> params = Arrays.stream(parameters).map(p -> new Ast.Parameter(id(p), null)).toList();
    return new Ast.Lambda(params, body, P);
  }

  public static Ast.Expr lambda(Span at, Ast.Expr body, String... parameters) {
    List<Ast.Parameter> params = Arrays.stream(parameters).map(p -> new Ast.Parameter(id(p), null)).toList();
    return new Ast.Lambda(params, body, at);
  }

  public static Ast.Expr typedLambda(Ast.Expr body, String parameter, Ast.TypeExpr type) {
    return new Ast.Lambda(List.of(new Ast.Parameter(id(parameter), type)), body, P);
  }

  public static Ast.Expr match(Ast.Expr scrutinee, Ast.MatchArm... arms) {
    return new Ast.Match(scrutinee, List.of(arms), P);
  }

  public static Ast.MatchArm fieldsArm(Ast.Expr body, String... fields) {
    return new Ast.MatchArm(new Ast.FieldsPattern(Arrays.stream(fields).map(TestAst::id).toList(), P), body);
  }

  public static Ast.MatchArm isArm(String typeName, Ast.Expr body) {
    return new Ast.MatchArm(new Ast.IsPattern(id(typeName), P), body);
  }

  public static Ast.MatchArm anyArm(Ast.Expr body) {
    return new Ast.MatchArm(new Ast.WildcardPattern(P), body);
  }

  public static Ast.Expr paren(Ast.Expr inner) {
    return new Ast.Parenthesized(inner, inner.span());
  }

  // ---------------------------------------------------------------- options

  public static Ast.CallOption opt(String name, Ast.OptionValue value) {
    return new Ast.CallOption(id(name), value, P);
  }

  public static Ast.CallOption opt(String name, Span at, Ast.OptionValue value) {
    return new Ast.CallOption(id(name, at), value, at);
  }

  public static Ast.OptionValue number(long value) {
    return new Ast.NumberValue(value, Long.toString(value), P);
  }

  public static Ast.OptionValue duration(long millis, String text) {
    return new Ast.DurationValue(millis, text, P);
  }

  public static Ast.OptionValue word(String word, Ast.OptionValue... arguments) {
    return new Ast.WordValue(word, List.of(arguments), word, P);
  }

  public static Ast.OptionValue rate(long count, long periodMillis, String text) {
    return new Ast.RateValue(count, periodMillis, text, P);
  }

  public static Ast.OptionValue text(String value, boolean plain) {
    return new Ast.TextValue(value, plain, "\"" + value + "\"", P);
  }

  public static Ast.OptionValue expr(Ast.Expr expr) {
    return new Ast.ExprValue(expr, "expr", expr.span());
  }

  public static Ast.OptionValue none() {
    return new Ast.NoValue("", P);
  }
}
