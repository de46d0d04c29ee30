package io.constellation.engine.parse;

import io.constellation.engine.syntax.Ast;
import java.util.List;

/**
 * Pretty-prints a syntax tree as constellation-lang source that parses back to the same tree (spans aside).
 *
 * <p>Parentheses: {@link Ast.Parenthesized} nodes print as written, and the printer adds parentheses only where the
 * tree could not be read back otherwise: an operand of lower precedence than its position requires, or an
 * open-ended construct (lambda, {@code if}, call with options) followed by something it would swallow. A tree that
 * came from the parser therefore prints without added parentheses and re-parses to exactly the same tree. A tree
 * built by hand that has no source form at all (a union nested directly in a union or merge, a negative Float
 * literal, a reserved word as a name) prints as best it can.
 *
 * <p>Thread-safety: stateless.
 */
public final class Printer {
  private Printer() {}

  /** What follows an expression in its context, which decides whether an open-ended expression needs parentheses. */
  enum Follower {
    /** A closing token: {@code ) ] } -> else}, end of a declaration. */
    END,
    /** A comma that a {@code with} clause would take as the start of another option. */
    COMMA,
    /** An operator or postfix ({@code .f [..] {..}}) that extends the expression. */
    OPERATOR
  }

  /** The pipeline, one declaration per line. */
  public static String print(Ast.Pipeline pipeline) {
    StringBuilder out = new StringBuilder();
    for (Ast.Decl decl : pipeline.declarations()) {
      declaration(out, decl);
      out.append('\n');
    }
    return out.toString();
  }

  /** One expression as it would appear on the right of {@code =}. */
  public static String print(Ast.Expr expr) {
    StringBuilder out = new StringBuilder();
    ExpressionPrinter.expr(out, expr, 0, Follower.END);
    return out.toString();
  }

  /** One type as written after {@code :}. */
  public static String print(Ast.TypeExpr type) {
    StringBuilder out = new StringBuilder();
    type(out, type);
    return out.toString();
  }

  private static void declaration(StringBuilder out, Ast.Decl decl) {
    switch (decl) {
      case Ast.TypeDef d -> {
        out.append("type ").append(d.name().name()).append(" = ");
        type(out, d.type());
      }
      case Ast.InputDecl d -> {
        annotations(out, d.annotations());
        out.append("in ").append(d.name().name()).append(": ");
        type(out, d.type());
      }
      case Ast.OutputDecl d -> {
        annotations(out, d.annotations());
        out.append("out ").append(d.name().name());
      }
      case Ast.UseDecl d -> {
        out.append("use ").append(d.namespace().text());
        if (d.alias() != null) out.append(" as ").append(d.alias().name());
      }
      case Ast.Assignment d -> {
        out.append(d.name().name()).append(" = ");
        ExpressionPrinter.expr(out, d.value(), 0, Follower.END);
      }
    }
  }

  private static void annotations(StringBuilder out, List<Ast.Annotation> annotations) {
    for (Ast.Annotation a : annotations) {
      out.append('@').append(a.kind().name()).append('(');
      if (a.example() != null) {
        ExpressionPrinter.expr(out, a.example(), 0, Follower.END);
      } else {
        out.append('"').append(ExpressionPrinter.escape(a.target() == null ? "" : a.target())).append('"');
        for (Ast.NamedArgument argument : a.arguments()) {
          out.append(", ").append(argument.name().name()).append(": ");
          ExpressionPrinter.expr(out, argument.value(), 0, Follower.COMMA);
        }
      }
      out.append(") ");
    }
  }

  static void type(StringBuilder out, Ast.TypeExpr type) {
    switch (type) {
      case Ast.NamedType t -> {
        out.append(t.name().name());
        if (!t.arguments().isEmpty()) {
          out.append('<');
          for (int i = 0; i < t.arguments().size(); i++) {
            if (i > 0) out.append(", ");
            type(out, t.arguments().get(i));
          }
          out.append('>');
        }
      }
      case Ast.RecordType t -> {
        if (t.fields().isEmpty()) {
          out.append("{}");
          return;
        }
        out.append("{ ");
        for (int i = 0; i < t.fields().size(); i++) {
          if (i > 0) out.append(", ");
          out.append(t.fields().get(i).name().name()).append(": ");
          type(out, t.fields().get(i).type());
        }
        out.append(" }");
      }
      case Ast.UnionType t -> join(out, t.members(), " | ");
      case Ast.MergeType t -> join(out, t.parts(), " + ");
    }
  }

  private static void join(StringBuilder out, List<Ast.TypeExpr> types, String separator) {
    for (int i = 0; i < types.size(); i++) {
      if (i > 0) out.append(separator);
      type(out, types.get(i));
    }
  }
}
