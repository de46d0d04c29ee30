package io.constellation.engine.parse;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.SourceText;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test helper: renders expressions as compact S-expressions so that tests can state the exact tree shape in one
 * line, e.g. {@code (+ a (* b c))}. Parentheses written in the source show as {@code (paren x)}.
 */
final class Sexp {
  private Sexp() {}

  static ParseResult parse(String source) {
    return Parser.parse(new SourceText(source), CompilerLimits.DEFAULTS);
  }

  /** Parses {@code x = <source> out x} and renders the right-hand side. */
  static String expr(String source) {
    ParseResult result = parse("x = " + source + "\nout x");
    if (!result.ok()) throw new AssertionError("did not parse: " + result.diagnostics());
    return of(((Ast.Assignment) result.pipeline().declarations().get(0)).value());
  }

  static String of(Ast.Expr e) {
    return switch (e) {
      case Ast.IntLiteral l -> l.text();
      case Ast.FloatLiteral l -> l.text();
      case Ast.BoolLiteral l -> Boolean.toString(l.value());
      case Ast.StringLiteral s -> string(s);
      case Ast.ListLiteral l -> "(list" + all(l.elements()) + ")";
      case Ast.RecordLiteral r -> "(record" + r.fields().stream()
          .map(f -> " " + f.name().name() + ":" + of(f.value())).collect(Collectors.joining()) + ")";
      case Ast.Variable v -> v.name().name();
      case Ast.FieldAccess f -> "(. " + of(f.target()) + " " + f.field().name() + ")";
      case Ast.Projection p -> "(" + (p.braces() ? "{}" : "[]") + " " + of(p.target())
          + p.fields().stream().map(i -> " " + i.name()).collect(Collectors.joining()) + ")";
      case Ast.Binary b -> "(" + b.op().symbol() + " " + of(b.left()) + " " + of(b.right()) + ")";
      case Ast.Not n -> "(not " + of(n.operand()) + ")";
      case Ast.If i -> "(if " + of(i.condition()) + " " + of(i.then()) + " " + of(i.otherwise()) + ")";
      case Ast.Branch b -> "(branch" + b.arms().stream()
          .map(a -> " [" + of(a.condition()) + " " + of(a.value()) + "]").collect(Collectors.joining())
          + " " + of(b.otherwise()) + ")";
      case Ast.When w -> "(when " + of(w.value()) + " " + of(w.condition()) + ")";
      case Ast.Coalesce c -> "(?? " + of(c.optional()) + " " + of(c.fallback()) + ")";
      case Ast.Call c -> "(call " + c.function().text() + all(c.arguments()) + c.options().stream()
          .map(o -> " " + o.name().name() + "=" + option(o.value())).collect(Collectors.joining()) + ")";
      case Ast.Lambda l -> "(lambda (" + l.parameters().stream()
          .map(p -> p.name().name() + (p.type() == null ? "" : ":" + Printer.print(p.type())))
          .collect(Collectors.joining(" ")) + ") " + of(l.body()) + ")";
      case Ast.Match m -> "(match " + of(m.scrutinee()) + m.arms().stream()
          .map(a -> " [" + pattern(a.pattern()) + " " + of(a.body()) + "]").collect(Collectors.joining()) + ")";
      case Ast.Parenthesized p -> "(paren " + of(p.inner()) + ")";
    };
  }

  private static String all(List<Ast.Expr> items) {
    return items.stream().map(i -> " " + of(i)).collect(Collectors.joining());
  }

  private static String string(Ast.StringLiteral s) {
    StringBuilder out = new StringBuilder("(str");
    for (int i = 0; i < s.parts().size(); i++) {
      out.append(" '").append(s.parts().get(i)).append('\'');
      if (i < s.interpolations().size()) out.append(" ").append(of(s.interpolations().get(i)));
    }
    return out.append(')').toString();
  }

  private static String pattern(Ast.Pattern p) {
    return switch (p) {
      case Ast.FieldsPattern f -> "{" + f.fields().stream().map(Ast.Ident::name).collect(Collectors.joining(",")) + "}";
      case Ast.IsPattern i -> "is " + i.typeName().name();
      case Ast.WildcardPattern w -> "_";
    };
  }

  static String option(Ast.OptionValue v) {
    return switch (v) {
      case Ast.NumberValue n -> "num:" + n.value();
      case Ast.DurationValue d -> "ms:" + d.millis();
      case Ast.RateValue r -> "rate:" + r.count() + "/" + r.periodMillis();
      case Ast.WordValue w -> "word:" + w.word() + (w.arguments().isEmpty() ? "" : w.arguments().stream()
          .map(Sexp::option).collect(Collectors.joining(",", "(", ")")));
      case Ast.TextValue t -> "text:" + t.value() + (t.plain() ? "" : "(interpolated)");
      case Ast.ExprValue e -> "expr:" + of(e.expr());
      case Ast.NoValue n -> "none";
      case Ast.OtherValue o -> "other:" + o.text();
    };
  }
}
