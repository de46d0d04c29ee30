package io.constellation.engine.dag;

import io.constellation.engine.options.CallOptions;
import io.constellation.engine.types.MatchPattern;
import io.constellation.engine.types.Type;
import java.util.List;

/**
 * One node of a compiled pipeline (LANGUAGE.md 11.3). Nodes form an immutable object graph: {@link #args()} are
 * the operand nodes, and a node used by several consumers is the same object (compare nodes by identity, never
 * put them in a {@code HashMap}: record hashing walks the whole sub-graph). Top-level nodes are listed in
 * {@link Dag#nodes()}, whose index is the node id; the bodies of {@link Hof} and {@link Match} are trees that may
 * also contain {@link Param} and {@link Capture}.
 */
public sealed interface Node {

  /** The node's static type. */
  Type type();

  /** Operand nodes in the order of LANGUAGE.md 11.3. */
  List<Node> args();

  /** The {@code op} name of the serialised form. */
  String op();

  record Input(String name, Type type) implements Node {
    public List<Node> args() { return List.of(); }
    public String op() { return "input"; }
  }

  /** A constant; {@code value} is the runtime value (LANGUAGE.md 8.1 mapping). */
  record Literal(Object value, Type type) implements Node {
    public List<Node> args() { return List.of(); }
    public String op() { return "literal"; }
  }

  record ListOf(List<Node> args, Type type) implements Node {
    public ListOf { args = List.copyOf(args); }
    public String op() { return "list"; }
  }

  /** A record literal; {@code fields} sorted, {@code args} the values in that order. */
  record RecordOf(List<String> fields, List<Node> args, Type type) implements Node {
    public RecordOf { fields = List.copyOf(fields); args = List.copyOf(args); }
    public String op() { return "record"; }
  }

  /** {@code target.field}, per element when the target is a list. */
  record Field(Node target, String field, Type type) implements Node {
    public List<Node> args() { return List.of(target); }
    public String op() { return "field"; }
  }

  /** {@code target[a, b]}; {@code fields} sorted. */
  record Project(Node target, List<String> fields, Type type) implements Node {
    public Project { fields = List.copyOf(fields); }
    public List<Node> args() { return List.of(target); }
    public String op() { return "project"; }
  }

  /** Record / list-of-record merge {@code left + right}. */
  record Merge(Node left, Node right, Type type) implements Node {
    public List<Node> args() { return List.of(left, right); }
    public String op() { return "merge"; }
  }

  record Eq(Node left, Node right, Type type) implements Node {
    public List<Node> args() { return List.of(left, right); }
    public String op() { return "eq"; }
  }

  record Ne(Node left, Node right, Type type) implements Node {
    public List<Node> args() { return List.of(left, right); }
    public String op() { return "ne"; }
  }

  record And(Node left, Node right, Type type) implements Node {
    public List<Node> args() { return List.of(left, right); }
    public String op() { return "and"; }
  }

  record Or(Node left, Node right, Type type) implements Node {
    public List<Node> args() { return List.of(left, right); }
    public String op() { return "or"; }
  }

  /** {@code + - * /} on numbers; {@code operator} is the symbol. */
  record Arith(String operator, Node left, Node right, Type type) implements Node {
    public List<Node> args() { return List.of(left, right); }
    public String op() { return "arith"; }
  }

  /** {@code < > <= >=}; {@code operator} is the symbol. */
  record Compare(String operator, Node left, Node right, Type type) implements Node {
    public List<Node> args() { return List.of(left, right); }
    public String op() { return "compare"; }
  }

  record Not(Node operand, Type type) implements Node {
    public List<Node> args() { return List.of(operand); }
    public String op() { return "not"; }
  }

  record If(Node condition, Node then, Node otherwise, Type type) implements Node {
    public List<Node> args() { return List.of(condition, then, otherwise); }
    public String op() { return "if"; }
  }

  /** {@code args} = c1, e1, ..., cn, en, otherwise. */
  record Branch(List<Node> args, Type type) implements Node {
    public Branch { args = List.copyOf(args); }
    public String op() { return "branch"; }
  }

  /** {@code value when condition}. */
  record When(Node value, Node condition, Type type) implements Node {
    public List<Node> args() { return List.of(value, condition); }
    public String op() { return "when"; }
  }

  /** {@code optional ?? fallback}. */
  record Coalesce(Node optional, Node fallback, Type type) implements Node {
    public List<Node> args() { return List.of(optional, fallback); }
    public String op() { return "coalesce"; }
  }

  /** String interpolation: {@code parts} has {@code args.size() + 1} literal strings. */
  record Interp(List<String> parts, List<Node> args, Type type) implements Node {
    public Interp { parts = List.copyOf(parts); args = List.copyOf(args); }
    public String op() { return "interp"; }
  }

  /**
   * A function call: {@code args} in parameter order, {@code function} the qualified name, {@code module} the
   * implementation key; {@code fallback} is null unless the call has a {@code fallback} option.
   */
  record Call(String function, String module, List<Node> args, CallOptions options, Node fallback, Type type)
      implements Node {
    public Call { args = List.copyOf(args); }
    public String op() { return "call"; }
  }

  /** {@code filter}/{@code map}/{@code all}/{@code any} over {@code list} with a lambda body (a tree). */
  record Hof(String function, Node list, Node body, List<Node> captures, Type type) implements Node {
    public Hof { captures = List.copyOf(captures); }
    public List<Node> args() { return List.of(list); }
    public String op() { return "hof"; }
  }

  record Match(Node scrutinee, List<MatchArm> arms, List<Node> captures, Type type) implements Node {
    public Match { arms = List.copyOf(arms); captures = List.copyOf(captures); }
    public List<Node> args() { return List.of(scrutinee); }
    public String op() { return "match"; }
  }

  record MatchArm(MatchPattern pattern, Node body) {}

  /** Inside a tree: parameter/binding {@code index} of the binder {@code depth} levels out (0 = innermost). */
  record Param(int depth, int index, Type type) implements Node {
    public List<Node> args() { return List.of(); }
    public String op() { return "param"; }
  }

  /** Inside a tree: the {@code index}-th capture of the enclosing top-level node. */
  record Capture(int index, Type type) implements Node {
    public List<Node> args() { return List.of(); }
    public String op() { return "capture"; }
  }
}
