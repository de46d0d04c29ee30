package io.constellation.engine.syntax;

import java.util.List;

/**
 * The syntax tree of one pipeline, as the parser produces it: plain records, each carrying the {@link Span} of the
 * construct in the source. Names are {@link Ident}s so that diagnostics can point at them exactly.
 */
public final class Ast {
  private Ast() {}

  /** A whole source file: its declarations in source order. */
  public record Pipeline(List<Decl> declarations) {
    public Pipeline {
      declarations = List.copyOf(declarations);
    }
  }

  /** An identifier as written, with its position. */
  public record Ident(String name, Span span) {}

  /** A dotted name such as {@code stdlib.math.add} ({@code segments} has at least one element). */
  public record QualifiedName(List<Ident> segments, Span span) {
    public QualifiedName {
      segments = List.copyOf(segments);
    }

    public String text() {
      StringBuilder out = new StringBuilder();
      for (Ident segment : segments) {
        if (!out.isEmpty()) out.append('.');
        out.append(segment.name());
      }
      return out.toString();
    }
  }

  // ---------------------------------------------------------------- declarations

  public sealed interface Decl {
    Span span();
  }

  /** {@code type Name = T}. */
  public record TypeDef(Ident name, TypeExpr type, Span span) implements Decl {}

  /** {@code @example(...) in name: T}. */
  public record InputDecl(List<Annotation> annotations, Ident name, TypeExpr type, Span span) implements Decl {
    public InputDecl {
      annotations = List.copyOf(annotations);
    }
  }

  /** {@code @sink(...) out name}. */
  public record OutputDecl(List<Annotation> annotations, Ident name, Span span) implements Decl {
    public OutputDecl {
      annotations = List.copyOf(annotations);
    }
  }

  /** {@code use ns} or {@code use ns as alias}; {@code alias} is null without {@code as}. */
  public record UseDecl(QualifiedName namespace, Ident alias, Span span) implements Decl {}

  /** {@code name = expr}. */
  public record Assignment(Ident name, Expr value, Span span) implements Decl {}

  /**
   * {@code @example(expr)}, {@code @source("s", k: e, ...)} or {@code @sink("s", k: e, ...)}. {@code kind} is
   * {@code example}, {@code source} or {@code sink}; {@code example} is set only for {@code @example};
   * {@code target} (the plain string) and {@code arguments} only for the other two.
   */
  public record Annotation(Ident kind, Expr example, String target, List<NamedArgument> arguments, Span span) {
    public Annotation {
      arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }
  }

  public record NamedArgument(Ident name, Expr value) {}

  // ---------------------------------------------------------------- types as written

  public sealed interface TypeExpr {
    Span span();
  }

  /** {@code Int}, {@code Review}, {@code List<T>}, {@code Map<K, V>}: a name with zero or more arguments. */
  public record NamedType(Ident name, List<TypeExpr> arguments, Span span) implements TypeExpr {
    public NamedType {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code { f: T, ... }}. */
  public record RecordType(List<FieldType> fields, Span span) implements TypeExpr {
    public RecordType {
      fields = List.copyOf(fields);
    }
  }

  public record FieldType(Ident name, TypeExpr type) {}

  /** {@code A | B | ...} (at least two members). */
  public record UnionType(List<TypeExpr> members, Span span) implements TypeExpr {
    public UnionType {
      members = List.copyOf(members);
    }
  }

  /** {@code A + B + ...} (at least two parts). */
  public record MergeType(List<TypeExpr> parts, Span span) implements TypeExpr {
    public MergeType {
      parts = List.copyOf(parts);
    }
  }

  // ---------------------------------------------------------------- expressions

  public sealed interface Expr {
    Span span();
  }

  public record IntLiteral(long value, String text, Span span) implements Expr {}

  public record FloatLiteral(double value, String text, Span span) implements Expr {}

  public record BoolLiteral(boolean value, Span span) implements Expr {}

  /**
   * A string literal. {@code parts} has one more element than {@code interpolations}: text, expr, text, ...
   * The parts hold the decoded text (escapes resolved); {@code rawParts} the source characters as written.
   */
  public record StringLiteral(List<String> parts, List<String> rawParts, List<Expr> interpolations, Span span)
      implements Expr {
    public StringLiteral {
      parts = List.copyOf(parts);
      rawParts = List.copyOf(rawParts);
      interpolations = List.copyOf(interpolations);
    }

    public boolean plain() {
      return interpolations.isEmpty();
    }
  }

  public record ListLiteral(List<Expr> elements, Span span) implements Expr {
    public ListLiteral {
      elements = List.copyOf(elements);
    }
  }

  public record RecordLiteral(List<FieldInit> fields, Span span) implements Expr {
    public RecordLiteral {
      fields = List.copyOf(fields);
    }
  }

  public record FieldInit(Ident name, Expr value) {}

  /** A reference to a value: input, assignment, lambda parameter or pattern binding. */
  public record Variable(Ident name, Span span) implements Expr {}

  /** {@code target.field}. */
  public record FieldAccess(Expr target, Ident field, Span span) implements Expr {}

  /** {@code target[a, b]} ({@code braces} false) or {@code target{a, b}} ({@code braces} true). */
  public record Projection(Expr target, List<Ident> fields, boolean braces, Span span) implements Expr {
    public Projection {
      fields = List.copyOf(fields);
    }
  }

  public enum BinaryOp {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"),
    EQ("=="), NE("!="), LT("<"), GT(">"), LE("<="), GE(">="),
    AND("and"), OR("or");

    private final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** {@code left op right}; {@code operatorSpan} is the position of the operator token. */
  public record Binary(BinaryOp op, Expr left, Expr right, Span operatorSpan, Span span) implements Expr {}

  public record Not(Expr operand, Span span) implements Expr {}

  public record If(Expr condition, Expr then, Expr otherwise, Span span) implements Expr {}

  public record Branch(List<BranchArm> arms, Expr otherwise, Span span) implements Expr {
    public Branch {
      arms = List.copyOf(arms);
    }
  }

  public record BranchArm(Expr condition, Expr value) {}

  /** {@code value when condition}. */
  public record When(Expr value, Expr condition, Span span) implements Expr {}

  /** {@code optional ?? fallback}; {@code operatorSpan} is the position of {@code ??}. */
  public record Coalesce(Expr optional, Expr fallback, Span operatorSpan, Span span) implements Expr {}

  /** {@code name(args) with options}; {@code options} is empty without {@code with}. */
  public record Call(QualifiedName function, List<Expr> arguments, List<CallOption> options, Span span)
      implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
      options = List.copyOf(options);
    }
  }

  /** {@code (p, q: T) => body}. */
  public record Lambda(List<Parameter> parameters, Expr body, Span span) implements Expr {
    public Lambda {
      parameters = List.copyOf(parameters);
    }
  }

  /** A lambda parameter; {@code type} is null when not annotated. */
  public record Parameter(Ident name, TypeExpr type) {}

  public record Match(Expr scrutinee, List<MatchArm> arms, Span span) implements Expr {
    public Match {
      arms = List.copyOf(arms);
    }
  }

  public record MatchArm(Pattern pattern, Expr body) {}

  public sealed interface Pattern {
    Span span();
  }

  /** {@code {f, g}}. */
  public record FieldsPattern(List<Ident> fields, Span span) implements Pattern {
    public FieldsPattern {
      fields = List.copyOf(fields);
    }
  }

  /** {@code is N}. */
  public record IsPattern(Ident typeName, Span span) implements Pattern {}

  /** {@code _}. */
  public record WildcardPattern(Span span) implements Pattern {}

  /** {@code ( expr )}: kept so that positions and pretty-printing stay faithful. */
  public record Parenthesized(Expr inner, Span span) implements Expr {}

  // ---------------------------------------------------------------- call options

  /** One {@code name: value} of a {@code with} clause. */
  public record CallOption(Ident name, OptionValue value, Span span) {}

  /**
   * An option value as written. The parser knows each option's value syntax (LANGUAGE.md 7.1) and produces the
   * matching form; the type checker validates the value (E016) and builds the normalised options.
   */
  public sealed interface OptionValue {
    /** The value as written in the source (for E016 messages). */
    String text();

    Span span();
  }

  /** An integer, sign included ({@code retry: 3}, {@code retry: -1}, {@code priority: 120}). */
  public record NumberValue(long value, String text, Span span) implements OptionValue {}

  /** A duration such as {@code 500ms}, in milliseconds. */
  public record DurationValue(long millis, String text, Span span) implements OptionValue {}

  /** {@code C/D} for {@code throttle}. */
  public record RateValue(long count, long periodMillis, String text, Span span) implements OptionValue {}

  /**
   * A bare word, optionally with arguments: {@code fixed}, {@code skip}, {@code true}, {@code high},
   * {@code tumbling(5s)}, {@code sliding(1min, 10s)}, {@code count(10)}, {@code buffer(1s)}.
   */
  public record WordValue(String word, List<OptionValue> arguments, String text, Span span) implements OptionValue {
    public WordValue {
      arguments = List.copyOf(arguments);
    }
  }

  /** A string literal ({@code cache_backend: "redis"}); {@code plain} is false when it interpolates. */
  public record TextValue(String value, boolean plain, String text, Span span) implements OptionValue {}

  /** The expression of {@code fallback: expr}. */
  public record ExprValue(Expr expr, String text, Span span) implements OptionValue {}

  /** An option written without a value ({@code lazy}). */
  public record NoValue(String text, Span span) implements OptionValue {}

  /** Anything else written where a value was expected, kept so the checker can report E016 with the text. */
  public record OtherValue(String text, Span span) implements OptionValue {}
}
