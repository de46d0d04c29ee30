package io.constellation.engine.dag;

import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.types.MatchPattern;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Dag} as the canonical JSON document of LANGUAGE.md 11.3. Top-level node references are ids;
 * inside a tree (a lambda or arm body) every reference is the nested node object itself, without an id.
 *
 * <p>One instance writes one DAG; not thread-safe (it is created per call by {@link DagCodec}).
 */
final class DagJsonWriter {
  private final Dag dag;
  private final IdentityHashMap<Node, Integer> ids;

  private DagJsonWriter(Dag dag) {
    this.dag = dag;
    this.ids = new IdentityHashMap<>(dag.nodes().size() * 2);
    for (int i = 0; i < dag.nodes().size(); i++) ids.putIfAbsent(dag.nodes().get(i), i);
  }

  /**
   * The document members {@code inputs}, {@code nodes}, {@code outputs}, plus {@code labels} and
   * {@code formatVersion} when requested (null to leave out).
   *
   * @throws IllegalArgumentException when the DAG breaks its own contract (a referenced node missing from
   *     {@link Dag#nodes()}, a child listed after its parent, an output id out of range, an unencodable literal)
   */
  static String write(Dag dag, boolean withLabels, Integer formatVersion) {
    DagJsonWriter writer = new DagJsonWriter(dag);
    Map<String, String> members = new TreeMap<>();
    members.put("inputs", writer.inputs());
    members.put("nodes", writer.nodes());
    members.put("outputs", writer.outputs());
    if (withLabels) members.put("labels", labels(dag.labels()));
    if (formatVersion != null) members.put(DagCodec.FORMAT_VERSION_KEY, Integer.toString(formatVersion));
    return CanonicalJson.object(members);
  }

  private String inputs() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < dag.inputs().size(); i++) {
      Dag.InputDecl input = dag.inputs().get(i);
      if (i > 0) out.append(',');
      out.append("{\"name\":");
      CanonicalJson.appendString(out, input.name()).append(",\"type\":");
      CanonicalJson.appendString(out, input.type().render()).append('}');
    }
    return out.append(']').toString();
  }

  private String outputs() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < dag.outputs().size(); i++) {
      Dag.Output output = dag.outputs().get(i);
      if (output.node() < 0 || output.node() >= dag.nodes().size()) {
        throw new IllegalArgumentException("output '" + output.name() + "' refers to missing node " + output.node());
      }
      if (i > 0) out.append(',');
      out.append("{\"name\":");
      CanonicalJson.appendString(out, output.name()).append(",\"node\":").append(output.node()).append('}');
    }
    return out.append(']').toString();
  }

  private String nodes() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < dag.nodes().size(); i++) {
      if (i > 0) out.append(',');
      out.append(node(dag.nodes().get(i), i));
    }
    return out.append(']').toString();
  }

  /** {@code {"nodes": [{"column", "label", "line"}, ...]}}, indexed by node id: an object so it can grow. */
  private static String labels(Labels labels) {
    StringBuilder out = new StringBuilder("{\"nodes\":[");
    for (int i = 0; i < labels.nodes().size(); i++) {
      Labels.NodeLabel label = labels.nodes().get(i);
      if (i > 0) out.append(',');
      out.append("{\"column\":").append(label.column()).append(",\"label\":");
      if (label.label() == null) {
        out.append("null");
      } else {
        CanonicalJson.appendString(out, label.label());
      }
      out.append(",\"line\":").append(label.line()).append('}');
    }
    out.append(']');
    if (!labels.inputOrder().isEmpty()) {
      out.append(",\"inputOrder\":[");
      for (int i = 0; i < labels.inputOrder().size(); i++) {
        if (i > 0) out.append(',');
        CanonicalJson.appendString(out, labels.inputOrder().get(i));
      }
      out.append(']');
    }
    return out.append('}').toString();
  }

  /**
   * One node object. {@code id} is the node's id at top level, or -1 inside a tree, where operands are nested
   * objects.
   */
  private String node(Node node, int id) {
    boolean tree = id < 0;
    Map<String, String> json = new TreeMap<>();
    if (!tree) json.put("id", Integer.toString(id));
    json.put("op", CanonicalJson.string(node.op()));
    json.put("type", CanonicalJson.string(node.type().render()));
    if (!node.args().isEmpty()) json.put("args", refs(node.args(), id));
    switch (node) {
      case Node.Input input -> json.put("name", CanonicalJson.string(input.name()));
      case Node.Literal literal -> json.put("value",
          LiteralJson.append(new StringBuilder(), literal.value(), literal.type()).toString());
      case Node.RecordOf record -> json.put("fields", strings(record.fields()));
      case Node.Field field -> json.put("field", CanonicalJson.string(field.field()));
      case Node.Project project -> json.put("fields", strings(project.fields()));
      case Node.Arith arith -> json.put("operator", CanonicalJson.string(arith.operator()));
      case Node.Compare compare -> json.put("operator", CanonicalJson.string(compare.operator()));
      case Node.Interp interp -> json.put("parts", strings(interp.parts()));
      case Node.Call call -> {
        json.put("function", CanonicalJson.string(call.function()));
        json.put("module", CanonicalJson.string(call.module()));
        json.put("options", options(call.options() == null ? CallOptions.NONE : call.options()));
        if (call.fallback() != null) json.put("fallback", ref(call.fallback(), id));
      }
      case Node.Hof hof -> {
        json.put("function", CanonicalJson.string(hof.function()));
        json.put("body", node(hof.body(), -1));
        json.put("captures", refs(hof.captures(), id));
      }
      case Node.Match match -> {
        StringBuilder arms = new StringBuilder("[");
        for (int i = 0; i < match.arms().size(); i++) {
          Node.MatchArm arm = match.arms().get(i);
          if (i > 0) arms.append(',');
          arms.append("{\"body\":").append(node(arm.body(), -1)).append(",\"pattern\":")
              .append(pattern(arm.pattern())).append('}');
        }
        json.put("arms", arms.append(']').toString());
        json.put("captures", refs(match.captures(), id));
      }
      case Node.Param param -> {
        json.put("depth", Integer.toString(param.depth()));
        json.put("index", Integer.toString(param.index()));
      }
      case Node.Capture capture -> json.put("index", Integer.toString(capture.index()));
      case Node.ListOf list -> { }
      case Node.Merge merge -> { }
      case Node.Eq eq -> { }
      case Node.Ne ne -> { }
      case Node.And and -> { }
      case Node.Or or -> { }
      case Node.Not not -> { }
      case Node.If conditional -> { }
      case Node.Branch branch -> { }
      case Node.When when -> { }
      case Node.Coalesce coalesce -> { }
    }
    return CanonicalJson.object(json);
  }

  private String refs(List<Node> nodes, int parentId) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) out.append(',');
      out.append(ref(nodes.get(i), parentId));
    }
    return out.append(']').toString();
  }

  /** A reference from the node {@code parentId}: an id at top level, a nested object inside a tree. */
  private String ref(Node child, int parentId) {
    if (parentId < 0) return node(child, -1);
    Integer childId = ids.get(child);
    if (childId == null) {
      throw new IllegalArgumentException("node " + parentId + " refers to a " + child.op()
          + " node that is not in dag.nodes()");
    }
    if (childId >= parentId) {
      throw new IllegalArgumentException("node " + parentId + " refers to node " + childId
          + ", which is not listed before it");
    }
    return Integer.toString(childId);
  }

  private static String pattern(MatchPattern pattern) {
    return switch (pattern) {
      case MatchPattern.Fields fields -> "{\"fields\":" + strings(fields.fields()) + "}";
      case MatchPattern.Is is -> "{\"is\":" + CanonicalJson.string(is.type().render()) + "}";
      case MatchPattern.Any any -> "{\"any\":true}";
    };
  }

  /** Only the options written, with the keys of LANGUAGE.md 11.3. */
  static String options(CallOptions options) {
    Map<String, String> json = new TreeMap<>();
    if (options.retry() != null) json.put("retry", options.retry().toString());
    if (options.timeoutMs() != null) json.put("timeoutMs", options.timeoutMs().toString());
    if (options.delayMs() != null) json.put("delayMs", options.delayMs().toString());
    if (options.backoff() != null) json.put("backoff", CanonicalJson.string(options.backoff().key()));
    if (options.cacheMs() != null) json.put("cacheMs", options.cacheMs().toString());
    if (options.cacheBackend() != null) json.put("cacheBackend", CanonicalJson.string(options.cacheBackend()));
    if (options.throttle() != null) {
      json.put("throttle", "{\"count\":" + options.throttle().count() + ",\"perMs\":"
          + options.throttle().perMs() + "}");
    }
    if (options.concurrency() != null) json.put("concurrency", options.concurrency().toString());
    if (options.onError() != null) json.put("onError", CanonicalJson.string(options.onError().key()));
    if (options.lazy() != null) json.put("lazy", options.lazy().toString());
    if (options.priority() != null) json.put("priority", options.priority().toString());
    return CanonicalJson.object(json);
  }

  private static String strings(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) out.append(',');
      CanonicalJson.appendString(out, values.get(i));
    }
    return out.append(']').toString();
  }
}
