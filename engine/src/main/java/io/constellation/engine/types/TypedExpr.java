package io.constellation.engine.types;

import io.constellation.engine.options.CallOptions;
import io.constellation.engine.spi.FunctionSignature;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import java.util.List;

/**
 * A type-checked expression: names resolved, calls bound to their signatures, options validated and normalised,
 * every node carrying its static type and source span. This is what {@code Lowering} turns into DAG nodes.
 *
 * <p>Local references ({@link Local}) use binder depth as the DAG does: depth 0 is the innermost binder. Each
 * lambda is one binder (its parameter at index 0) and each match arm is one binder (its bindings in sorted field
 * order; arms that bind nothing are still binders, so depths inside them count the arm).
 */
public sealed interface TypedExpr {
  Type type();

  Span span();

  /** A constant: Long, Double, String or Boolean. */
  record Literal(Object value, Type type, Span span) implements TypedExpr {}

  record ListOf(List<TypedExpr> elements, Type type, Span span) implements TypedExpr {
    public ListOf {
      elements = List.copyOf(elements);
    }
  }

  /** A record literal; {@code fields} sorted by name and {@code values} in that order. */
  record RecordOf(List<String> fields, List<TypedExpr> values, Type type, Span span) implements TypedExpr {
    public RecordOf {
      fields = List.copyOf(fields);
      values = List.copyOf(values);
    }
  }

  /** An interpolated string: {@code parts.size() == values.size() + 1}. */
  record Interpolation(List<String> parts, List<TypedExpr> values, Type type, Span span) implements TypedExpr {
    public Interpolation {
      parts = List.copyOf(parts);
      values = List.copyOf(values);
    }
  }

  /** A reference to a declared input. */
  record InputRef(String name, Type type, Span span) implements TypedExpr {}

  /** A reference to an earlier assignment. */
  record AssignmentRef(String name, Type type, Span span) implements TypedExpr {}

  /** A lambda parameter or pattern binding: {@code index} of the binder {@code depth} levels out. */
  record Local(int depth, int index, Type type, Span span) implements TypedExpr {}

  /** {@code target.field}, per element when the target is a list. */
  record Field(TypedExpr target, String field, Type type, Span span) implements TypedExpr {}

  /** {@code target[a, b]}; {@code fields} sorted. */
  record Project(TypedExpr target, List<String> fields, Type type, Span span) implements TypedExpr {
    public Project {
      fields = List.copyOf(fields);
    }
  }

  /** Record (or list of records) merge {@code left + right}. */
  record Merge(TypedExpr left, TypedExpr right, Type type, Span span) implements TypedExpr {}

  /** Arithmetic, comparison, equality, {@code and}, {@code or}: never {@code +} as a merge. */
  record Binary(Ast.BinaryOp op, TypedExpr left, TypedExpr right, Type type, Span span) implements TypedExpr {}

  record Not(TypedExpr operand, Type type, Span span) implements TypedExpr {}

  record If(TypedExpr condition, TypedExpr then, TypedExpr otherwise, Type type, Span span) implements TypedExpr {}

  /** {@code parts} = c1, e1, ..., cn, en, otherwise. */
  record Branch(List<TypedExpr> parts, Type type, Span span) implements TypedExpr {
    public Branch {
      parts = List.copyOf(parts);
    }
  }

  record When(TypedExpr value, TypedExpr condition, Type type, Span span) implements TypedExpr {}

  record Coalesce(TypedExpr optional, TypedExpr fallback, Type type, Span span) implements TypedExpr {}

  /**
   * A module call: arguments in parameter order, normalised options, and the fallback expression (null without
   * one). {@code type} already accounts for {@code on_error: wrap}.
   */
  record Call(FunctionSignature function, List<TypedExpr> arguments, CallOptions options, TypedExpr fallback,
      Type type, Span span) implements TypedExpr {
    public Call {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code filter}/{@code map}/{@code all}/{@code any}: {@code body} is the lambda body (one binder). */
  record Hof(String function, TypedExpr list, TypedExpr body, Type type, Span span) implements TypedExpr {}

  record Match(TypedExpr scrutinee, List<Arm> arms, Type type, Span span) implements TypedExpr {
    public Match {
      arms = List.copyOf(arms);
    }
  }

  /** One match arm: its pattern (types expanded) and body (one binder). */
  record Arm(MatchPattern pattern, TypedExpr body) {}
}
