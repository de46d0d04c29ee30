package io.constellation.engine.dag;

import io.constellation.engine.options.CallOptions;
import io.constellation.engine.types.MatchPattern;
import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built DAGs for the codec, hash and diagram tests. */
final class SampleDags {
  private SampleDags() {}

  static final Type REVIEW = Type.record(Map.of("stars", Type.INT, "text", Type.STRING));
  static final Type AB = Type.record(Map.of("a", Type.INT, "b", Type.STRING));

  static final CallOptions ALL_OPTIONS = new CallOptions(2, 500L, 100L, CallOptions.Backoff.EXPONENTIAL, 60_000L,
      "redis", new CallOptions.Throttle(100, 60_000), 4, CallOptions.OnError.LOG, true, 80);

  /**
   * {@code in text: String; up = Uppercase(text); n = WordCount(up); out n; out up}: node 1 is shared by node 2
   * and the output {@code up}.
   */
  static Dag wordCount() {
    Node text = new Node.Input("text", Type.STRING);
    Node up = new Node.Call("Uppercase", "Uppercase", List.of(text), CallOptions.NONE, null, Type.STRING);
    Node n = new Node.Call("WordCount", "WordCount", List.of(up), CallOptions.NONE, null, Type.INT);
    return new Dag(List.of(new Dag.InputDecl("text", Type.STRING)), List.of(text, up, n),
        List.of(new Dag.Output("n", 2), new Dag.Output("up", 1)),
        new Labels(List.of(new Labels.NodeLabel("text", 1, 4), new Labels.NodeLabel("up", 2, 6),
            new Labels.NodeLabel("n", 3, 5))));
  }

  /** One DAG that uses every op, shared operands, nested trees with params and captures, and every option. */
  static Dag everyOp() {
    Builder b = new Builder();
    Node reviews = b.add(new Node.Input("reviews", Type.list(REVIEW)), "reviews");
    Node minStars = b.add(new Node.Input("minStars", Type.optional(Type.INT)), "minStars");
    Node four = b.add(new Node.Literal(4L, Type.INT), "good");
    Node threshold = b.add(new Node.Coalesce(minStars, four, Type.INT), "good");
    Node starsAtLeast = new Node.Compare(">=",
        new Node.Field(new Node.Param(0, 0, REVIEW), "stars", Type.INT), new Node.Capture(0, Type.INT), Type.BOOLEAN);
    Node good = b.add(new Node.Hof("filter", reviews, starsAtLeast, List.of(threshold), Type.list(REVIEW)), "good");
    Node trimText = new Node.Call("Trim", "Trim",
        List.of(new Node.Field(new Node.Param(0, 0, REVIEW), "text", Type.STRING)),
        new CallOptions(1, null, null, null, null, null, null, null, null, null, null), null, Type.STRING);
    Node texts = b.add(new Node.Hof("map", good, trimText, List.of(), Type.list(Type.STRING)), "texts");
    Node empty = b.add(call("stdlib.list.list-is-empty", Type.BOOLEAN, texts), "top");
    Node notEmpty = b.add(new Node.Not(empty, Type.BOOLEAN), "top");
    Node first = b.add(call("stdlib.list.list-first", Type.STRING, texts), "top");
    Node guarded = b.add(new Node.When(first, notEmpty, Type.optional(Type.STRING)), "top");
    Node none = b.add(new Node.Literal("none \"quoted\" \\ \n é 😀", Type.STRING), "top");
    Node topText = b.add(new Node.Coalesce(guarded, none, Type.STRING), "top");
    Node na = b.add(new Node.Literal("n/a", Type.STRING), "top");
    Node top = b.add(new Node.Call("Uppercase", "Uppercase", List.of(topText), ALL_OPTIONS, na, Type.STRING), "top");
    Node name = b.add(new Node.Input("name", Type.STRING), "name");
    Node hello = b.add(new Node.Interp(List.of("Hello, ", "! ${x}"), List.of(name), Type.STRING), "hello");
    Node flag = b.add(new Node.Input("flag", Type.BOOLEAN), "flag");
    Node pick = b.add(new Node.If(flag, hello, top, Type.STRING), "pick");
    Node branch = b.add(new Node.Branch(List.of(flag, hello, empty, top, name), Type.STRING), "branch");
    b.add(new Node.ListOf(List.of(hello, top, pick, branch), Type.list(Type.STRING)), "all");
    b.add(new Node.ListOf(List.of(), Type.list(Type.NOTHING)), "nothing");
    Node rec = b.add(new Node.RecordOf(List.of("a", "b"), List.of(four, hello), AB), "rec");
    Node a = b.add(new Node.Field(rec, "a", Type.INT), "a");
    Node projected = b.add(new Node.Project(rec, List.of("a"), Type.record(Map.of("a", Type.INT))), "p");
    b.add(new Node.Merge(rec, projected, AB), "m");
    Node eq = b.add(new Node.Eq(a, four, Type.BOOLEAN), "eq");
    Node ne = b.add(new Node.Ne(a, four, Type.BOOLEAN), "ne");
    Node and = b.add(new Node.And(eq, ne, Type.BOOLEAN), "and");
    b.add(new Node.Or(and, flag, Type.BOOLEAN), "or");
    Node sum = b.add(new Node.Arith("+", a, four, Type.INT), "sum");
    Node half = b.add(new Node.Literal(-0.5, Type.FLOAT), "f");
    b.add(new Node.Arith("/", half, half, Type.FLOAT), "f");
    b.add(new Node.Compare("<", sum, a, Type.BOOLEAN), "lt");
    b.add(new Node.Literal(true, Type.BOOLEAN), "t");
    b.add(new Node.Literal(Long.MIN_VALUE, Type.INT), "min");
    Type intOrString = Type.union(Type.INT, Type.STRING);
    Node u = b.add(new Node.Input("u", intOrString), "u");
    b.add(new Node.Match(u, List.of(
        new Node.MatchArm(new MatchPattern.Is(Type.INT), new Node.Literal("int", Type.STRING)),
        new Node.MatchArm(new MatchPattern.Any(), new Node.Interp(List.of("other ", ""),
            List.of(new Node.Capture(0, Type.STRING)), Type.STRING))),
        List.of(name), Type.STRING), "shape");
    b.add(new Node.Match(rec, List.of(new Node.MatchArm(new MatchPattern.Fields(List.of("a", "b")),
        new Node.Arith("+", new Node.Param(0, 0, Type.INT), new Node.Literal(1L, Type.INT), Type.INT))),
        List.of(), Type.INT), "fields");
    // A lambda inside a lambda: the inner body reaches the outer parameter (depth 1) and a capture.
    Node inner = new Node.Hof("any", new Node.Field(new Node.Param(0, 0, REVIEW), "stars",
        Type.INT), new Node.Eq(new Node.Param(1, 0, REVIEW), new Node.Capture(1, REVIEW), Type.BOOLEAN), List.of(),
        Type.BOOLEAN);
    b.add(new Node.Hof("all", reviews, new Node.If(new Node.Capture(0, Type.BOOLEAN), inner,
        new Node.Call("stdlib.bool.not", "stdlib.not", List.of(new Node.Capture(0, Type.BOOLEAN)),
            CallOptions.NONE, new Node.Literal(false, Type.BOOLEAN), Type.BOOLEAN), Type.BOOLEAN),
        List.of(flag, reviews), Type.BOOLEAN), "nested");
    b.add(new Node.Literal(List.of(1L, 2L), Type.list(Type.INT)), "constList");
    b.add(new Node.Literal(java.util.Optional.empty(), Type.optional(Type.INT)), "constNone");
    b.add(new Node.Literal(2.5, Type.union(Type.FLOAT, Type.INT)), "floatOrInt");
    return b.build(List.of(
        new Dag.InputDecl("flag", Type.BOOLEAN),
        new Dag.InputDecl("minStars", Type.optional(Type.INT)),
        new Dag.InputDecl("name", Type.STRING),
        new Dag.InputDecl("reviews", Type.list(REVIEW)),
        new Dag.InputDecl("u", intOrString),
        new Dag.InputDecl("unused", Type.map(Type.INT, Type.list(Type.STRING)))));
  }

  private static Node call(String function, Type type, Node... args) {
    return new Node.Call(function, "stdlib." + function.substring(function.lastIndexOf('.') + 1), List.of(args),
        CallOptions.NONE, null, type);
  }

  /** Collects nodes in id order; every node is also an output named after its label and id. */
  private static final class Builder {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Labels.NodeLabel> labels = new ArrayList<>();

    Node add(Node node, String label) {
      nodes.add(node);
      labels.add(new Labels.NodeLabel(label, nodes.size(), 3));
      return node;
    }

    Dag build(List<Dag.InputDecl> inputs) {
      List<Dag.Output> outputs = new ArrayList<>();
      for (int id = 0; id < nodes.size(); id++) {
        outputs.add(new Dag.Output("o" + String.format(java.util.Locale.ROOT, "%03d", id), id));
      }
      return new Dag(inputs, nodes, outputs, new Labels(labels));
    }
  }
}
