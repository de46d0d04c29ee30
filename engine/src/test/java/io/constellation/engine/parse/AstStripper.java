package io.constellation.engine.parse;

import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import java.util.List;
import java.util.function.Function;

/**
 * Test helper: rebuilds a tree with every span set to {@link Span#NONE} (and the source-derived text of a fallback
 * value cleared), so that trees can be compared with {@code equals} regardless of layout. With {@code
 * dropParentheses}, {@link Ast.Parenthesized} wrappers are removed too, which compares trees up to redundant
 * parentheses.
 */
final class AstStripper {
  private static final Span N = Span.NONE;
  private final boolean dropParentheses;

  private AstStripper(boolean dropParentheses) {
    this.dropParentheses = dropParentheses;
  }

  static Ast.Pipeline strip(Ast.Pipeline p) {
    return new AstStripper(false).pipeline(p);
  }

  static Ast.Pipeline stripWithoutParentheses(Ast.Pipeline p) {
    return new AstStripper(true).pipeline(p);
  }

  static Ast.Expr strip(Ast.Expr e) {
    return new AstStripper(false).expr(e);
  }

  private Ast.Pipeline pipeline(Ast.Pipeline p) {
    return new Ast.Pipeline(map(p.declarations(), this::decl));
  }

  private static <A, B> List<B> map(List<A> items, Function<A, B> f) {
    return items.stream().map(f).toList();
  }

  private static Ast.Ident id(Ast.Ident i) {
    return i == null ? null : new Ast.Ident(i.name(), N);
  }

  private Ast.Decl decl(Ast.Decl d) {
    return switch (d) {
      case Ast.TypeDef t -> new Ast.TypeDef(id(t.name()), type(t.type()), N);
      case Ast.InputDecl i -> new Ast.InputDecl(map(i.annotations(), this::annotation), id(i.name()), type(i.type()), N);
      case Ast.OutputDecl o -> new Ast.OutputDecl(map(o.annotations(), this::annotation), id(o.name()), N);
      case Ast.UseDecl u -> new Ast.UseDecl(name(u.namespace()), id(u.alias()), N);
      case Ast.Assignment a -> new Ast.Assignment(id(a.name()), expr(a.value()), N);
    };
  }

  private Ast.Annotation annotation(Ast.Annotation a) {
    return new Ast.Annotation(id(a.kind()), a.example() == null ? null : expr(a.example()), a.target(),
        map(a.arguments(), n -> new Ast.NamedArgument(id(n.name()), expr(n.value()))), N);
  }

  private static Ast.QualifiedName name(Ast.QualifiedName q) {
    return new Ast.QualifiedName(map(q.segments(), AstStripper::id), N);
  }

  private Ast.TypeExpr type(Ast.TypeExpr t) {
    if (t == null) return null;
    return switch (t) {
      case Ast.NamedType n -> new Ast.NamedType(id(n.name()), map(n.arguments(), this::type), N);
      case Ast.RecordType r -> new Ast.RecordType(
          map(r.fields(), f -> new Ast.FieldType(id(f.name()), type(f.type()))), N);
      case Ast.UnionType u -> new Ast.UnionType(map(u.members(), this::type), N);
      case Ast.MergeType m -> new Ast.MergeType(map(m.parts(), this::type), N);
    };
  }

  private Ast.Expr expr(Ast.Expr e) {
    return switch (e) {
      case Ast.IntLiteral l -> new Ast.IntLiteral(l.value(), l.text(), N);
      case Ast.FloatLiteral l -> new Ast.FloatLiteral(l.value(), l.text(), N);
      case Ast.BoolLiteral l -> new Ast.BoolLiteral(l.value(), N);
      case Ast.StringLiteral s -> new Ast.StringLiteral(s.parts(), s.rawParts(), map(s.interpolations(), this::expr), N);
      case Ast.ListLiteral l -> new Ast.ListLiteral(map(l.elements(), this::expr), N);
      case Ast.RecordLiteral r -> new Ast.RecordLiteral(
          map(r.fields(), f -> new Ast.FieldInit(id(f.name()), expr(f.value()))), N);
      case Ast.Variable v -> new Ast.Variable(id(v.name()), N);
      case Ast.FieldAccess f -> new Ast.FieldAccess(expr(f.target()), id(f.field()), N);
      case Ast.Projection p -> new Ast.Projection(expr(p.target()), map(p.fields(), AstStripper::id), p.braces(), N);
      case Ast.Binary b -> new Ast.Binary(b.op(), expr(b.left()), expr(b.right()), N, N);
      case Ast.Not n -> new Ast.Not(expr(n.operand()), N);
      case Ast.If i -> new Ast.If(expr(i.condition()), expr(i.then()), expr(i.otherwise()), N);
      case Ast.Branch b -> new Ast.Branch(
          map(b.arms(), a -> new Ast.BranchArm(expr(a.condition()), expr(a.value()))), expr(b.otherwise()), N);
      case Ast.When w -> new Ast.When(expr(w.value()), expr(w.condition()), N);
      case Ast.Coalesce c -> new Ast.Coalesce(expr(c.optional()), expr(c.fallback()), N, N);
      case Ast.Call c -> new Ast.Call(name(c.function()), map(c.arguments(), this::expr),
          map(c.options(), o -> new Ast.CallOption(id(o.name()), option(o.value()), N)), N);
      case Ast.Lambda l -> new Ast.Lambda(
          map(l.parameters(), p -> new Ast.Parameter(id(p.name()), type(p.type()))), expr(l.body()), N);
      case Ast.Match m -> new Ast.Match(expr(m.scrutinee()),
          map(m.arms(), a -> new Ast.MatchArm(pattern(a.pattern()), expr(a.body()))), N);
      case Ast.Parenthesized p -> dropParentheses ? expr(p.inner()) : new Ast.Parenthesized(expr(p.inner()), N);
    };
  }

  private static Ast.Pattern pattern(Ast.Pattern p) {
    return switch (p) {
      case Ast.FieldsPattern f -> new Ast.FieldsPattern(map(f.fields(), AstStripper::id), N);
      case Ast.IsPattern i -> new Ast.IsPattern(id(i.typeName()), N);
      case Ast.WildcardPattern w -> new Ast.WildcardPattern(N);
    };
  }

  private Ast.OptionValue option(Ast.OptionValue v) {
    return switch (v) {
      case Ast.NumberValue n -> new Ast.NumberValue(n.value(), n.text(), N);
      case Ast.DurationValue d -> new Ast.DurationValue(d.millis(), d.text(), N);
      case Ast.RateValue r -> new Ast.RateValue(r.count(), r.periodMillis(), r.text(), N);
      case Ast.WordValue w -> new Ast.WordValue(w.word(), map(w.arguments(), this::option), w.text(), N);
      case Ast.TextValue t -> new Ast.TextValue(t.value(), t.plain(), t.text(), N);
      case Ast.ExprValue e -> new Ast.ExprValue(expr(e.expr()), "", N);
      case Ast.NoValue n -> new Ast.NoValue(n.text(), N);
      case Ast.OtherValue o -> new Ast.OtherValue(o.text(), N);
    };
  }
}
