package io.constellation.engine.parse;

import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helper: builds random, syntactically representable trees from a seed (jqwik supplies the seed, so failures
 * replay). Trees need not be well typed; they only respect what the surface syntax can express: names are
 * identifiers, floats are non-negative, unions are not nested directly in unions or merges.
 */
final class AstGenerator {
  private static final Span N = Span.NONE;
  private static final String[] NAMES = {"a", "b", "x-1", "list-length", "_tmp", "in-x", "input", "is_ok", "r2",
      "Ab_c", "outer", "_"};
  private static final String[] TYPE_NAMES = {"Int", "String", "Review", "Float", "Boolean"};
  private static final String[][] FUNCTIONS = {{"f"}, {"Uppercase"}, {"stdlib", "math", "add"}, {"l", "list-first"}};
  private static final String TEXT_ALPHABET = "ab \"\\${}\n\t\r#é\uD83D\uDE00-";

  private final Random random;

  AstGenerator(long seed) {
    this.random = new Random(seed);
  }

  private int below(int n) {
    return random.nextInt(n);
  }

  private boolean chance(int percent) {
    return below(100) < percent;
  }

  private Ast.Ident ident() {
    return new Ast.Ident(NAMES[below(NAMES.length)], N);
  }

  Ast.Pipeline pipeline() {
    List<Ast.Decl> decls = new ArrayList<>();
    int count = 1 + below(5);
    for (int i = 0; i < count; i++) decls.add(declaration());
    decls.add(new Ast.OutputDecl(List.of(), ident(), N));
    return new Ast.Pipeline(decls);
  }

  private Ast.Decl declaration() {
    return switch (below(5)) {
      case 0 -> new Ast.TypeDef(ident(), type(3), N);
      case 1 -> new Ast.InputDecl(inputAnnotations(), ident(), type(3), N);
      case 2 -> new Ast.OutputDecl(chance(30) ? List.of(annotation("sink")) : List.of(), ident(), N);
      case 3 -> new Ast.UseDecl(new Ast.QualifiedName(List.of(ident(), ident()), N), chance(50) ? ident() : null, N);
      default -> new Ast.Assignment(ident(), expr(4), N);
    };
  }

  private List<Ast.Annotation> inputAnnotations() {
    List<Ast.Annotation> out = new ArrayList<>();
    if (chance(30)) out.add(new Ast.Annotation(new Ast.Ident("example", N), expr(2), null, List.of(), N));
    if (chance(20)) out.add(annotation("source"));
    return out;
  }

  private Ast.Annotation annotation(String kind) {
    List<Ast.NamedArgument> args = new ArrayList<>();
    for (int i = below(3); i > 0; i--) args.add(new Ast.NamedArgument(ident(), expr(2)));
    return new Ast.Annotation(new Ast.Ident(kind, N), null, text(), args, N);
  }

  Ast.TypeExpr type(int depth) {
    int kind = depth <= 0 ? 0 : below(4);
    return switch (kind) {
      case 2 -> {
        List<Ast.TypeExpr> members = new ArrayList<>();
        for (int i = 2 + below(2); i > 0; i--) members.add(chance(30) ? merge(depth - 1) : atom(depth - 1));
        yield new Ast.UnionType(members, N);
      }
      case 3 -> merge(depth - 1);
      default -> atom(depth);
    };
  }

  private Ast.TypeExpr merge(int depth) {
    return new Ast.MergeType(List.of(atom(depth), atom(depth)), N);
  }

  private Ast.TypeExpr atom(int depth) {
    if (depth <= 0 || chance(40)) return new Ast.NamedType(new Ast.Ident(TYPE_NAMES[below(5)], N), List.of(), N);
    if (chance(50)) {
      List<Ast.TypeExpr> args = new ArrayList<>();
      for (int i = 1 + below(2); i > 0; i--) args.add(type(depth - 1));
      return new Ast.NamedType(new Ast.Ident(chance(50) ? "List" : "Map", N), args, N);
    }
    List<Ast.FieldType> fields = new ArrayList<>();
    for (int i = below(3); i > 0; i--) fields.add(new Ast.FieldType(ident(), type(depth - 1)));
    return new Ast.RecordType(fields, N);
  }

  Ast.Expr expr(int depth) {
    if (depth <= 0) return leaf();
    int d = depth - 1;
    return switch (below(20)) {
      case 0, 1 -> leaf();
      case 2 -> new Ast.Binary(Ast.BinaryOp.values()[below(Ast.BinaryOp.values().length)], expr(d), expr(d), N, N);
      case 3 -> new Ast.Binary(chance(50) ? Ast.BinaryOp.ADD : Ast.BinaryOp.SUBTRACT, expr(d), expr(d), N, N);
      case 4 -> new Ast.Not(expr(d), N);
      case 5 -> new Ast.When(expr(d), expr(d), N);
      case 6 -> new Ast.Coalesce(expr(d), expr(d), N, N);
      case 7 -> new Ast.If(expr(d), expr(d), expr(d), N);
      case 8 -> {
        List<Ast.BranchArm> arms = new ArrayList<>();
        for (int i = below(3); i > 0; i--) arms.add(new Ast.BranchArm(expr(d), expr(d)));
        yield new Ast.Branch(arms, expr(d), N);
      }
      case 9 -> {
        List<Ast.MatchArm> arms = new ArrayList<>();
        for (int i = 1 + below(2); i > 0; i--) arms.add(new Ast.MatchArm(pattern(), expr(d)));
        yield new Ast.Match(expr(d), arms, N);
      }
      case 10, 11 -> call(d);
      case 12 -> {
        List<Ast.Parameter> params = new ArrayList<>();
        for (int i = below(3); i > 0; i--) params.add(new Ast.Parameter(ident(), chance(30) ? type(1) : null));
        yield new Ast.Lambda(params, expr(d), N);
      }
      case 13 -> new Ast.FieldAccess(expr(d), ident(), N);
      case 14 -> new Ast.Projection(expr(d), List.of(ident(), ident()), chance(50), N);
      case 15 -> new Ast.ListLiteral(exprs(d, 3), N);
      case 16 -> {
        List<Ast.FieldInit> fields = new ArrayList<>();
        for (int i = below(3); i > 0; i--) fields.add(new Ast.FieldInit(ident(), expr(d)));
        yield new Ast.RecordLiteral(fields, N);
      }
      case 17 -> {
        List<Ast.Expr> interpolations = exprs(d, 3);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i <= interpolations.size(); i++) parts.add(text());
        yield new Ast.StringLiteral(parts, parts.stream().map(ExpressionPrinter::escape).toList(), interpolations, N);
      }
      case 18 -> new Ast.Parenthesized(expr(d), N);
      default -> new Ast.Binary(chance(50) ? Ast.BinaryOp.MULTIPLY : Ast.BinaryOp.LT, expr(d), expr(d), N, N);
    };
  }

  private List<Ast.Expr> exprs(int depth, int max) {
    List<Ast.Expr> out = new ArrayList<>();
    for (int i = below(max + 1); i > 0; i--) out.add(expr(depth));
    return out;
  }

  private Ast.Expr leaf() {
    return switch (below(6)) {
      case 0 -> {
        long value = chance(50) ? random.nextLong() : below(100) - 50;
        yield new Ast.IntLiteral(value, Long.toString(value), N);
      }
      case 1 -> {
        String text = below(1000) + "." + below(100);
        yield new Ast.FloatLiteral(Double.parseDouble(text), text, N);
      }
      case 2 -> new Ast.BoolLiteral(chance(50), N);
      case 3 -> {
        String part = text();
        yield new Ast.StringLiteral(List.of(part), List.of(ExpressionPrinter.escape(part)), List.of(), N);
      }
      default -> new Ast.Variable(ident(), N);
    };
  }

  private String text() {
    StringBuilder out = new StringBuilder();
    for (int i = below(5); i > 0; i--) {
      int at = below(TEXT_ALPHABET.length());
      char c = TEXT_ALPHABET.charAt(at);
      if (Character.isHighSurrogate(c)) {
        out.append(c).append(TEXT_ALPHABET.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private Ast.Pattern pattern() {
    return switch (below(3)) {
      case 0 -> new Ast.FieldsPattern(List.of(ident(), ident()), N);
      case 1 -> new Ast.IsPattern(new Ast.Ident(TYPE_NAMES[below(5)], N), N);
      default -> new Ast.WildcardPattern(N);
    };
  }

  private Ast.Expr call(int depth) {
    String[] function = FUNCTIONS[below(FUNCTIONS.length)];
    List<Ast.Ident> segments = new ArrayList<>();
    for (String s : function) segments.add(new Ast.Ident(s, N));
    List<Ast.CallOption> options = new ArrayList<>();
    if (chance(40)) {
      for (int i = 1 + below(3); i > 0; i--) options.add(option(depth));
    }
    return new Ast.Call(new Ast.QualifiedName(segments, N), exprs(depth, 3), options, N);
  }

  private Ast.CallOption option(int depth) {
    Ast.OptionValue value = switch (below(12)) {
      case 0 -> new Ast.NumberValue(3, "3", N);
      case 1 -> new Ast.NumberValue(-1, "-1", N);
      case 2 -> new Ast.DurationValue(500, "500ms", N);
      case 3 -> new Ast.RateValue(100, 60_000, "100/1min", N);
      case 4 -> new Ast.WordValue("exponential", List.of(), "exponential", N);
      case 5 -> new Ast.WordValue("sliding", List.of(new Ast.DurationValue(60_000, "1min", N),
          new Ast.DurationValue(10_000, "10s", N)), "sliding(1min, 10s)", N);
      case 6 -> new Ast.TextValue("redis", true, "\"redis\"", N);
      case 7 -> new Ast.NoValue("", N);
      case 8 -> new Ast.OtherValue("fast", N);
      default -> new Ast.ExprValue(expr(depth), "", N);
    };
    String name = switch (value) {
      case Ast.NumberValue v -> chance(50) ? "retry" : "priority";
      case Ast.DurationValue v -> "timeout";
      case Ast.RateValue v -> "throttle";
      case Ast.WordValue v -> v.arguments().isEmpty() ? "backoff" : "window";
      case Ast.TextValue v -> "cache_backend";
      case Ast.NoValue v -> "lazy";
      case Ast.OtherValue v -> "concurrency";
      case Ast.ExprValue v -> "fallback";
    };
    return new Ast.CallOption(new Ast.Ident(name, N), value, N);
  }
}
