package io.constellation.engine.dag;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.types.MatchPattern;
import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds a {@link Dag} from the parsed JSON document written by {@link DagJsonWriter}, validating as it goes
 * so that whatever it returns is safe for the runtime: ids are positions, every reference points to an earlier
 * node (hence no cycles), arities match each op, parameters and captures point to existing binders, options are
 * in range. Shared top-level nodes become the same object again because references resolve through one list.
 *
 * <p>Every problem is an {@link UnableToDecodeDagException} naming the JSON path; one instance reads one
 * document and is not thread-safe.
 */
final class DagJsonReader {
  private static final Set<String> ROOT_KEYS = Set.of("inputs", "nodes", "outputs", "labels",
      DagCodec.FORMAT_VERSION_KEY);
  private static final Set<String> HOF_FUNCTIONS = Set.of("filter", "map", "all", "any");
  private static final Set<String> ARITH_OPERATORS = Set.of("+", "-", "*", "/");
  private static final Set<String> COMPARE_OPERATORS = Set.of("<", ">", "<=", ">=");

  private final List<Node> nodes = new ArrayList<>();

  private DagJsonReader() {}

  static Dag read(JsonNode root) {
    return new DagJsonReader().document(root);
  }

  private Dag document(JsonNode root) {
    JsonCursor doc = JsonCursor.root(root);
    doc.allowOnly(ROOT_KEYS);
    List<Dag.InputDecl> inputs = new ArrayList<>();
    for (JsonCursor input : doc.array("inputs")) {
      input.allowOnly(Set.of("name", "type"));
      inputs.add(new Dag.InputDecl(input.string("name"), input.type("type")));
    }
    List<JsonCursor> nodeList = doc.array("nodes");
    for (int id = 0; id < nodeList.size(); id++) {
      JsonCursor json = nodeList.get(id);
      int written = json.integer("id", 0, Integer.MAX_VALUE);
      if (written != id) throw json.fail("id " + written + " is not the node's position " + id);
      nodes.add(node(json, new Scope(id, 0, List.of())));
    }
    List<Dag.Output> outputs = new ArrayList<>();
    for (JsonCursor output : doc.array("outputs")) {
      output.allowOnly(Set.of("name", "node"));
      outputs.add(new Dag.Output(output.string("name"), output.integer("node", 0, nodes.size() - 1)));
    }
    List<Labels.NodeLabel> labels = new ArrayList<>();
    List<String> inputOrder = new ArrayList<>();
    if (doc.has("labels")) {
      JsonCursor labelsObject = doc.object("labels");
      labelsObject.allowOnly(Set.of("nodes", "inputOrder"));
      for (JsonCursor label : labelsObject.array("nodes")) {
        label.allowOnly(Set.of("label", "line", "column"));
        labels.add(new Labels.NodeLabel(label.optionalString("label"), label.integer("line", 0, Integer.MAX_VALUE),
            label.integer("column", 0, Integer.MAX_VALUE)));
      }
      if (labelsObject.has("inputOrder")) {
        inputOrder.addAll(labelsObject.strings("inputOrder"));
      }
    }
    return new Dag(inputs, nodes, outputs, new Labels(labels, inputOrder));
  }

  /**
   * Where a node sits: {@code topId} is the id of the enclosing top-level node (or of the node itself),
   * {@code captureCount} the size of that node's captures, and {@code binders} the number of parameters or
   * bindings of each enclosing binder, innermost last (empty at top level, so a node is in a tree iff it has one).
   */
  private record Scope(int topId, int captureCount, List<Integer> binders) {
    boolean inTree() {
      return !binders.isEmpty();
    }

    Scope enter(int captures, int bindings) {
      List<Integer> more = new ArrayList<>(binders);
      more.add(bindings);
      return new Scope(topId, inTree() ? captureCount : captures, more);
    }
  }

  private Node node(JsonCursor json, Scope scope) {
    String op = json.string("op");
    Type type = json.type("type");
    Set<String> keys = new HashSet<>(Set.of("op", "type", "args"));
    if (!scope.inTree()) keys.add("id");
    List<Node> args = json.has("args") ? refs(json.array("args"), scope) : List.of();
    if (json.has("args") && args.isEmpty()) throw json.fail("'args' must be omitted when empty");
    Node node = switch (op) {
      case "input" -> {
        keys.add("name");
        arity(json, args, 0);
        yield new Node.Input(json.string("name"), type);
      }
      case "literal" -> {
        keys.add("value");
        arity(json, args, 0);
        yield new Node.Literal(json.literal("value", type), type);
      }
      case "list" -> new Node.ListOf(args, type);
      case "record" -> {
        keys.add("fields");
        List<String> fields = json.strings("fields");
        if (fields.size() != args.size()) throw json.fail("'fields' and 'args' differ in length");
        yield new Node.RecordOf(fields, args, type);
      }
      case "field" -> {
        keys.add("field");
        arity(json, args, 1);
        yield new Node.Field(args.get(0), json.string("field"), type);
      }
      case "project" -> {
        keys.add("fields");
        arity(json, args, 1);
        yield new Node.Project(args.get(0), json.strings("fields"), type);
      }
      case "merge" -> new Node.Merge(arity(json, args, 2).get(0), args.get(1), type);
      case "eq" -> new Node.Eq(arity(json, args, 2).get(0), args.get(1), type);
      case "ne" -> new Node.Ne(arity(json, args, 2).get(0), args.get(1), type);
      case "and" -> new Node.And(arity(json, args, 2).get(0), args.get(1), type);
      case "or" -> new Node.Or(arity(json, args, 2).get(0), args.get(1), type);
      case "arith" -> {
        keys.add("operator");
        arity(json, args, 2);
        yield new Node.Arith(json.oneOf("operator", ARITH_OPERATORS), args.get(0), args.get(1), type);
      }
      case "compare" -> {
        keys.add("operator");
        arity(json, args, 2);
        yield new Node.Compare(json.oneOf("operator", COMPARE_OPERATORS), args.get(0), args.get(1), type);
      }
      case "not" -> new Node.Not(arity(json, args, 1).get(0), type);
      case "if" -> new Node.If(arity(json, args, 3).get(0), args.get(1), args.get(2), type);
      case "branch" -> {
        if (args.size() % 2 == 0) throw json.fail("a branch needs condition/value pairs and an otherwise value");
        yield new Node.Branch(args, type);
      }
      case "when" -> new Node.When(arity(json, args, 2).get(0), args.get(1), type);
      case "coalesce" -> new Node.Coalesce(arity(json, args, 2).get(0), args.get(1), type);
      case "interp" -> {
        keys.add("parts");
        List<String> parts = json.strings("parts");
        if (parts.size() != args.size() + 1) throw json.fail("'parts' must have one more entry than 'args'");
        yield new Node.Interp(parts, args, type);
      }
      case "call" -> {
        keys.addAll(Set.of("function", "module", "options", "fallback"));
        CallOptions options = json.has("options") ? OptionsJson.read(json.object("options")) : CallOptions.NONE;
        Node fallback = json.has("fallback") ? ref(json.child("fallback"), scope) : null;
        yield new Node.Call(json.string("function"), json.string("module"), args, options, fallback, type);
      }
      case "hof" -> {
        keys.addAll(Set.of("function", "body", "captures"));
        arity(json, args, 1);
        List<Node> captures = refs(json.array("captures"), scope);
        Node body = node(json.object("body"), scope.enter(captures.size(), 1));
        yield new Node.Hof(json.oneOf("function", HOF_FUNCTIONS), args.get(0), body, captures, type);
      }
      case "match" -> {
        keys.addAll(Set.of("arms", "captures"));
        arity(json, args, 1);
        List<Node> captures = refs(json.array("captures"), scope);
        List<Node.MatchArm> arms = new ArrayList<>();
        for (JsonCursor arm : json.array("arms")) {
          arm.allowOnly(Set.of("pattern", "body"));
          MatchPattern pattern = pattern(arm.object("pattern"));
          int bindings = pattern instanceof MatchPattern.Fields fields ? fields.fields().size() : 0;
          arms.add(new Node.MatchArm(pattern, node(arm.object("body"), scope.enter(captures.size(), bindings))));
        }
        if (arms.isEmpty()) throw json.fail("a match needs at least one arm");
        yield new Node.Match(args.get(0), arms, captures, type);
      }
      case "param" -> {
        keys.addAll(Set.of("depth", "index"));
        arity(json, args, 0);
        if (!scope.inTree()) throw json.fail("a param node is only allowed inside a body");
        int depth = json.integer("depth", 0, scope.binders().size() - 1);
        int size = scope.binders().get(scope.binders().size() - 1 - depth);
        if (size == 0) throw json.fail("the binder " + depth + " level(s) out has no parameters");
        yield new Node.Param(depth, json.integer("index", 0, size - 1), type);
      }
      case "capture" -> {
        keys.add("index");
        arity(json, args, 0);
        if (!scope.inTree()) throw json.fail("a capture node is only allowed inside a body");
        if (scope.captureCount() == 0) throw json.fail("the enclosing node has no captures");
        yield new Node.Capture(json.integer("index", 0, scope.captureCount() - 1), type);
      }
      default -> throw json.fail("unknown op '" + op + "'");
    };
    json.allowOnly(keys);
    return node;
  }

  private List<Node> refs(List<JsonCursor> refs, Scope scope) {
    List<Node> resolved = new ArrayList<>(refs.size());
    for (JsonCursor ref : refs) resolved.add(ref(ref, scope));
    return resolved;
  }

  /** At top level a reference is the id of an earlier node; inside a tree it is a nested node object. */
  private Node ref(JsonCursor ref, Scope scope) {
    if (scope.inTree()) return node(ref.asObject(), scope);
    int id = ref.asInteger(0, Integer.MAX_VALUE);
    if (id >= scope.topId()) throw ref.fail("node " + id + " is not listed before node " + scope.topId());
    return nodes.get(id);
  }

  private static List<Node> arity(JsonCursor json, List<Node> args, int expected) {
    if (args.size() != expected) {
      throw json.fail("op '" + json.string("op") + "' takes " + expected + " operand(s), got " + args.size());
    }
    return args;
  }

  private static MatchPattern pattern(JsonCursor json) {
    if (json.has("fields")) {
      json.allowOnly(Set.of("fields"));
      return new MatchPattern.Fields(json.strings("fields"));
    }
    if (json.has("is")) {
      json.allowOnly(Set.of("is"));
      return new MatchPattern.Is(json.type("is"));
    }
    json.allowOnly(Set.of("any"));
    if (!json.bool("any")) throw json.fail("expected {\"fields\"}, {\"is\"} or {\"any\": true}");
    return new MatchPattern.Any();
  }
}
