package io.constellation.engine.parse;

import io.constellation.engine.parse.Printer.Follower;
import io.constellation.engine.syntax.Ast;
import java.math.BigDecimal;
import java.util.List;

/**
 * Prints expressions for {@link Printer}. Each call gets the lowest precedence level its position accepts (0 =
 * anything, up to 10 = primary only) and what follows it; the expression is parenthesised when its own level is
 * lower or when it is open-ended and would swallow the follower. Levels follow LANGUAGE.md 5.1: lambda 0, {@code ??}
 * 1, {@code when} 2, {@code or} 3, {@code and} 4, {@code not} 5, comparison 6, {@code + -} 7, {@code * /} 8, postfix
 * 9, primary 10.
 */
final class ExpressionPrinter {
  private ExpressionPrinter() {}

  static void expr(StringBuilder out, Ast.Expr e, int minLevel, Follower follower) {
    if (level(e) < minLevel || absorbs(e, follower)) {
      out.append('(');
      body(out, e, Follower.END);
      out.append(')');
    } else {
      body(out, e, follower);
    }
  }

  private static int level(Ast.Expr e) {
    return switch (e) {
      case Ast.Lambda l -> 0;
      case Ast.Coalesce c -> 1;
      case Ast.When w -> 2;
      case Ast.Not n -> 5;
      case Ast.Binary b -> switch (b.op()) {
        case OR -> 3;
        case AND -> 4;
        case EQ, NE, LT, GT, LE, GE -> 6;
        case ADD, SUBTRACT -> 7;
        case MULTIPLY, DIVIDE -> 8;
      };
      case Ast.FieldAccess f -> 9;
      case Ast.Projection p -> 9;
      default -> 10;
    };
  }

  /** Whether {@code e}, printed bare, would take the following token(s) into itself when parsed back. */
  private static boolean absorbs(Ast.Expr e, Follower follower) {
    return switch (e) {
      // The body / else arm is a full expression and extends as far as possible.
      case Ast.Lambda l -> follower == Follower.OPERATOR;
      case Ast.If i -> follower == Follower.OPERATOR;
      // A comma continues the option list; after a fallback (a full expression) an operator extends it.
      case Ast.Call c when !c.options().isEmpty() -> follower == Follower.COMMA
          || follower == Follower.OPERATOR && c.options().get(c.options().size() - 1).value() instanceof Ast.ExprValue;
      default -> false;
    };
  }

  private static void body(StringBuilder out, Ast.Expr e, Follower follower) {
    switch (e) {
      case Ast.IntLiteral l -> out.append(l.text() != null ? l.text() : Long.toString(l.value()));
      case Ast.FloatLiteral l -> out.append(l.text() != null ? l.text() : floatText(l.value()));
      case Ast.BoolLiteral l -> out.append(l.value());
      case Ast.StringLiteral s -> string(out, s);
      case Ast.ListLiteral l -> {
        out.append('[');
        list(out, l.elements());
        out.append(']');
      }
      case Ast.RecordLiteral r -> {
        out.append('{');
        for (int i = 0; i < r.fields().size(); i++) {
          if (i > 0) out.append(", ");
          out.append(r.fields().get(i).name().name()).append(": ");
          expr(out, r.fields().get(i).value(), 0, last(i, r.fields()));
        }
        out.append('}');
      }
      case Ast.Variable v -> out.append(v.name().name());
      case Ast.FieldAccess f -> {
        expr(out, f.target(), 9, Follower.OPERATOR);
        out.append('.').append(f.field().name());
      }
      case Ast.Projection p -> {
        expr(out, p.target(), 9, Follower.OPERATOR);
        out.append(p.braces() ? '{' : '[');
        for (int i = 0; i < p.fields().size(); i++) {
          if (i > 0) out.append(", ");
          out.append(p.fields().get(i).name());
        }
        out.append(p.braces() ? '}' : ']');
      }
      case Ast.Binary b -> binary(out, b, follower);
      case Ast.Not n -> {
        out.append("not ");
        expr(out, n.operand(), 5, follower);
      }
      case Ast.If i -> {
        out.append("if (");
        expr(out, i.condition(), 0, Follower.END);
        out.append(") ");
        StringBuilder then = new StringBuilder();
        expr(then, i.then(), 0, Follower.END);
        // After ')' a '-' is binary minus, so a then-arm starting with a negative literal needs parentheses.
        if (then.charAt(0) == '-') then.insert(0, '(').append(')');
        out.append(then).append(" else ");
        expr(out, i.otherwise(), 0, follower);
      }
      case Ast.Branch b -> {
        out.append("branch { ");
        for (Ast.BranchArm arm : b.arms()) {
          expr(out, arm.condition(), 0, Follower.END);
          out.append(" -> ");
          expr(out, arm.value(), 0, Follower.COMMA);
          out.append(", ");
        }
        out.append("otherwise -> ");
        expr(out, b.otherwise(), 0, Follower.END);
        out.append(" }");
      }
      case Ast.When w -> {
        expr(out, w.value(), 3, Follower.OPERATOR);
        out.append(" when ");
        expr(out, w.condition(), 3, follower);
      }
      case Ast.Coalesce c -> {
        expr(out, c.optional(), 2, Follower.OPERATOR);
        out.append(" ?? ");
        expr(out, c.fallback(), 1, follower);
      }
      case Ast.Call c -> call(out, c, follower);
      case Ast.Lambda l -> {
        out.append('(');
        for (int i = 0; i < l.parameters().size(); i++) {
          if (i > 0) out.append(", ");
          Ast.Parameter p = l.parameters().get(i);
          out.append(p.name().name());
          if (p.type() != null) {
            out.append(": ");
            Printer.type(out, p.type());
          }
        }
        out.append(") => ");
        expr(out, l.body(), 0, follower);
      }
      case Ast.Match m -> {
        out.append("match ");
        expr(out, m.scrutinee(), 10, Follower.OPERATOR);
        out.append(" { ");
        for (int i = 0; i < m.arms().size(); i++) {
          if (i > 0) out.append(", ");
          pattern(out, m.arms().get(i).pattern());
          out.append(" -> ");
          expr(out, m.arms().get(i).body(), 0, last(i, m.arms()));
        }
        out.append(" }");
      }
      case Ast.Parenthesized p -> {
        out.append('(');
        expr(out, p.inner(), 0, Follower.END);
        out.append(')');
      }
    }
  }

  private static void binary(StringBuilder out, Ast.Binary b, Follower follower) {
    int left;
    int right;
    switch (b.op()) {
      case OR -> {
        left = 3;
        right = 4;
      }
      case AND -> {
        left = 4;
        right = 5;
      }
      case EQ, NE, LT, GT, LE, GE -> {
        left = 7; // comparisons do not chain: both sides one level up
        right = 7;
      }
      case ADD, SUBTRACT -> {
        left = 7;
        right = 8;
      }
      case MULTIPLY, DIVIDE -> {
        left = 8;
        right = 9;
      }
      default -> throw new IllegalStateException("unreachable");
    }
    expr(out, b.left(), left, Follower.OPERATOR);
    out.append(' ').append(b.op().symbol()).append(' ');
    expr(out, b.right(), right, follower);
  }

  private static void call(StringBuilder out, Ast.Call c, Follower follower) {
    out.append(c.function().text()).append('(');
    list(out, c.arguments());
    out.append(')');
    if (c.options().isEmpty()) return;
    out.append(" with ");
    for (int i = 0; i < c.options().size(); i++) {
      if (i > 0) out.append(", ");
      Ast.CallOption option = c.options().get(i);
      out.append(option.name().name());
      switch (option.value()) {
        case Ast.NoValue v -> { }
        case Ast.ExprValue v -> {
          out.append(": ");
          expr(out, v.expr(), 0, i == c.options().size() - 1 ? follower : Follower.COMMA);
        }
        case Ast.OptionValue v -> out.append(": ").append(v.text());
      }
    }
  }

  private static void list(StringBuilder out, List<Ast.Expr> items) {
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) out.append(", ");
      expr(out, items.get(i), 0, last(i, items));
    }
  }

  private static Follower last(int index, List<?> items) {
    return index == items.size() - 1 ? Follower.END : Follower.COMMA;
  }

  private static void pattern(StringBuilder out, Ast.Pattern pattern) {
    switch (pattern) {
      case Ast.FieldsPattern p -> {
        out.append('{');
        for (int i = 0; i < p.fields().size(); i++) {
          if (i > 0) out.append(", ");
          out.append(p.fields().get(i).name());
        }
        out.append('}');
      }
      case Ast.IsPattern p -> out.append("is ").append(p.typeName().name());
      case Ast.WildcardPattern p -> out.append('_');
    }
  }

  private static void string(StringBuilder out, Ast.StringLiteral s) {
    boolean raw = s.rawParts().size() == s.parts().size();
    out.append('"');
    for (int i = 0; i < s.parts().size(); i++) {
      out.append(raw ? s.rawParts().get(i) : escape(s.parts().get(i)));
      if (i < s.interpolations().size()) {
        out.append("${");
        expr(out, s.interpolations().get(i), 0, Follower.END);
        out.append('}');
      }
    }
    out.append('"');
  }

  /** The source form of decoded string text: every character that could be read as syntax is escaped. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '$' -> out.append("\\$");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String floatText(double value) {
    String text = BigDecimal.valueOf(value).toPlainString();
    return text.contains(".") ? text : text + ".0";
  }
}
