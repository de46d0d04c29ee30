package io.constellation.engine.lower;

import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.Labels;
import io.constellation.engine.dag.Node;
import io.constellation.engine.syntax.Span;
import io.constellation.engine.types.Type;
import io.constellation.engine.types.TypedExpr;
import io.constellation.engine.types.TypedPipeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the node graph of one pipeline, then numbers it.
 *
 * <p>Implementation notes: assignments are lowered in declaration order, so a reference to an earlier assignment
 * always finds its node already built and reuses that very object (shared work runs once; no recursion across
 * assignments). Inside a lambda or match-arm body ("tree" context) references to inputs and assignments become
 * {@link Node.Capture}s of the enclosing top-level node; the order in which captures are created is the order of
 * first occurrence, depth-first and left to right, because operands are lowered in their serialised order. Every
 * map keyed by node is an {@link IdentityHashMap}: records hash their whole sub-graph.
 */
final class NodeBuilder {
  /** Where a top-level node came from: the assignment (or input) name and the source position. */
  private record Origin(String label, Span span) {}

  /** The captures of the top-level node whose tree is being lowered. */
  private static final class Tree {
    final List<Node> captures = new ArrayList<>();
    final IdentityHashMap<Node, Integer> index = new IdentityHashMap<>();

    Node capture(Node node) {
      Integer k = index.get(node);
      if (k == null) {
        k = captures.size();
        captures.add(node);
        index.put(node, k);
      }
      return new Node.Capture(k, node.type());
    }
  }

  private final TypedPipeline typed;
  private final Map<String, TypedPipeline.Input> inputsByName = new HashMap<>();
  private final Map<String, Node> inputNodes = new HashMap<>();
  private final Map<String, Node> assignmentNodes = new HashMap<>();
  private final IdentityHashMap<Node, Origin> origins = new IdentityHashMap<>();
  private String label;

  NodeBuilder(TypedPipeline typed) {
    this.typed = typed;
    for (TypedPipeline.Input input : typed.inputs()) inputsByName.put(input.name(), input);
  }

  Dag build() {
    for (TypedPipeline.Assignment assignment : typed.assignments().values()) {
      label = assignment.name();
      assignmentNodes.put(assignment.name(), lower(assignment.value(), null));
    }
    List<TypedPipeline.Output> outputs = new ArrayList<>(typed.outputs());
    outputs.sort((a, b) -> Type.compareCodePoints(a.name(), b.name()));
    List<Node> roots = new ArrayList<>();
    for (TypedPipeline.Output output : outputs) roots.add(reference(output.value()));
    Numbering numbering = Numbering.of(roots);

    List<Labels.NodeLabel> labels = new ArrayList<>();
    for (Node node : numbering.nodes()) {
      Origin origin = origins.get(node);
      labels.add(origin == null ? new Labels.NodeLabel(null, 0, 0)
          : new Labels.NodeLabel(origin.label(), origin.span().line(), origin.span().column()));
    }
    List<Dag.Output> dagOutputs = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      dagOutputs.add(new Dag.Output(outputs.get(i).name(), numbering.id(roots.get(i))));
    }
    List<Dag.InputDecl> inputs = new ArrayList<>();
    List<String> declarationOrder = new ArrayList<>();
    for (TypedPipeline.Input input : typed.inputs()) {
      inputs.add(new Dag.InputDecl(input.name(), input.type()));
      declarationOrder.add(input.name());
    }
    inputs.sort((a, b) -> Type.compareCodePoints(a.name(), b.name()));
    return new Dag(inputs, numbering.nodes(), dagOutputs, new Labels(labels, declarationOrder));
  }

  /** The top-level node of an input or assignment reference. */
  private Node reference(TypedExpr ref) {
    return switch (ref) {
      case TypedExpr.InputRef input -> input(input.name());
      case TypedExpr.AssignmentRef assignment -> assignmentNode(assignment.name());
      default -> throw new IllegalStateException("not a reference: " + ref);
    };
  }

  private Node assignmentNode(String name) {
    Node node = assignmentNodes.get(name);
    if (node == null) throw new IllegalStateException("assignment used before it was lowered: " + name);
    return node;
  }

  private Node input(String name) {
    return inputNodes.computeIfAbsent(name, n -> {
      TypedPipeline.Input input = inputsByName.get(n);
      Node node = new Node.Input(n, input.type());
      origins.put(node, new Origin(n, input.span()));
      return node;
    });
  }

  /** Lowers {@code expr}; {@code tree} is null at top level, else the tree whose captures outer values join. */
  private Node lower(TypedExpr expr, Tree tree) {
    Node node = switch (expr) {
      case TypedExpr.InputRef ref -> {
        Node input = input(ref.name());
        yield tree == null ? input : tree.capture(input);
      }
      case TypedExpr.AssignmentRef ref -> {
        Node assignment = assignmentNode(ref.name());
        yield tree == null ? assignment : tree.capture(assignment);
      }
      case TypedExpr.Local local -> {
        if (tree == null) throw new IllegalStateException("parameter outside a body: " + local);
        yield new Node.Param(local.depth(), local.index(), local.type());
      }
      case TypedExpr.Literal literal -> new Node.Literal(literal.value(), literal.type());
      case TypedExpr.ListOf list -> new Node.ListOf(all(list.elements(), tree), list.type());
      case TypedExpr.RecordOf record -> new Node.RecordOf(record.fields(), all(record.values(), tree), record.type());
      case TypedExpr.Interpolation interp -> new Node.Interp(interp.parts(), all(interp.values(), tree),
          interp.type());
      case TypedExpr.Field field -> new Node.Field(lower(field.target(), tree), field.field(), field.type());
      case TypedExpr.Project project -> new Node.Project(lower(project.target(), tree), project.fields(),
          project.type());
      case TypedExpr.Merge merge -> new Node.Merge(lower(merge.left(), tree), lower(merge.right(), tree),
          merge.type());
      case TypedExpr.Binary binary -> binary(binary, tree);
      case TypedExpr.Not not -> new Node.Not(lower(not.operand(), tree), not.type());
      case TypedExpr.If i -> {
        Node condition = lower(i.condition(), tree);
        Node then = lower(i.then(), tree);
        yield new Node.If(condition, then, lower(i.otherwise(), tree), i.type());
      }
      case TypedExpr.Branch branch -> new Node.Branch(all(branch.parts(), tree), branch.type());
      case TypedExpr.When when -> {
        Node value = lower(when.value(), tree);
        yield new Node.When(value, lower(when.condition(), tree), when.type());
      }
      case TypedExpr.Coalesce coalesce -> {
        Node optional = lower(coalesce.optional(), tree);
        yield new Node.Coalesce(optional, lower(coalesce.fallback(), tree), coalesce.type());
      }
      case TypedExpr.Call call -> {
        List<Node> args = all(call.arguments(), tree);
        Node fallback = call.fallback() == null ? null : lower(call.fallback(), tree);
        yield new Node.Call(call.function().qualifiedName(), call.function().module(), args, call.options(),
            fallback, call.type());
      }
      case TypedExpr.Hof hof -> {
        Node list = lower(hof.list(), tree);
        Tree bodyTree = tree == null ? new Tree() : tree;
        Node body = lower(hof.body(), bodyTree);
        yield new Node.Hof(hof.function(), list, body, tree == null ? bodyTree.captures : List.of(), hof.type());
      }
      case TypedExpr.Match match -> {
        Node scrutinee = lower(match.scrutinee(), tree);
        Tree armTree = tree == null ? new Tree() : tree;
        List<Node.MatchArm> arms = new ArrayList<>();
        for (TypedExpr.Arm arm : match.arms()) {
          arms.add(new Node.MatchArm(arm.pattern(), lower(arm.body(), armTree)));
        }
        yield new Node.Match(scrutinee, arms, tree == null ? armTree.captures : List.of(), match.type());
      }
    };
    if (tree == null) origins.putIfAbsent(node, new Origin(label, expr.span()));
    return node;
  }

  private List<Node> all(List<TypedExpr> exprs, Tree tree) {
    List<Node> nodes = new ArrayList<>(exprs.size());
    for (TypedExpr expr : exprs) nodes.add(lower(expr, tree));
    return nodes;
  }

  private Node binary(TypedExpr.Binary binary, Tree tree) {
    Node left = lower(binary.left(), tree);
    Node right = lower(binary.right(), tree);
    Type type = binary.type();
    String symbol = binary.op().symbol();
    return switch (binary.op()) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE -> new Node.Arith(symbol, left, right, type);
      case LT, GT, LE, GE -> new Node.Compare(symbol, left, right, type);
      case EQ -> new Node.Eq(left, right, type);
      case NE -> new Node.Ne(left, right, type);
      case AND -> new Node.And(left, right, type);
      case OR -> new Node.Or(left, right, type);
    };
  }
}
