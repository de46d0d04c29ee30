package io.constellation.engine.dag;

import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.options.CallOptions;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Draws the top-level nodes of a {@link Dag} as Graphviz DOT or a Mermaid flowchart, for documentation and
 * debugging. Each node is labelled with its op and its most useful attribute (input name, called function,
 * literal value, operator, field, HOF function), a call's options on a line of their own, and on the last line its
 * type and the assignment it belongs to;
 * edges run from operands to consumers (fallbacks dashed, captures dotted); each output is a distinct oval node.
 * Lambda and arm bodies are summarised in their node's label, not drawn.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
public final class DagDiagram {
  /** Literal values and other long texts are cut to this many characters so the drawing stays readable. */
  static final int MAX_TEXT = 60;

  private DagDiagram() {}

  /** Graphviz DOT text: {@code digraph dag { n0 [label="..."]; n0 -> n1; ... }}; node ids {@code n<id>}. */
  public static String dot(Dag dag) {
    StringBuilder out = new StringBuilder("digraph dag {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n");
    for (int id = 0; id < dag.nodes().size(); id++) {
      out.append("  n").append(id).append(" [label=\"").append(dotText(String.join("\n", lines(dag, id))))
          .append("\"];\n");
    }
    for (Edge edge : edges(dag)) {
      out.append("  n").append(edge.from()).append(" -> n").append(edge.to());
      switch (edge.kind()) {
        case OPERAND -> { }
        case FALLBACK -> out.append(" [style=dashed, label=\"fallback\"]");
        case CAPTURE -> out.append(" [style=dotted, label=\"capture\"]");
      }
      out.append(";\n");
    }
    for (int i = 0; i < dag.outputs().size(); i++) {
      Dag.Output output = dag.outputs().get(i);
      out.append("  out").append(i).append(" [shape=oval, label=\"out ").append(dotText(output.name()))
          .append("\"];\n  n").append(output.node()).append(" -> out").append(i).append(";\n");
    }
    return out.append("}\n").toString();
  }

  /** Mermaid flowchart text: {@code flowchart TD}, nodes {@code n<id>["..."]}, edges {@code n0 --> n1}. */
  public static String mermaid(Dag dag) {
    StringBuilder out = new StringBuilder("flowchart TD\n");
    for (int id = 0; id < dag.nodes().size(); id++) {
      List<String> lines = new ArrayList<>();
      for (String line : lines(dag, id)) lines.add(mermaidText(line));
      out.append("  n").append(id).append("[\"").append(String.join("<br/>", lines)).append("\"]\n");
    }
    for (Edge edge : edges(dag)) {
      out.append("  n").append(edge.from()).append(switch (edge.kind()) {
        case OPERAND -> " --> ";
        case FALLBACK -> " -. fallback .-> ";
        case CAPTURE -> " -. capture .-> ";
      }).append('n').append(edge.to()).append('\n');
    }
    for (int i = 0; i < dag.outputs().size(); i++) {
      Dag.Output output = dag.outputs().get(i);
      out.append("  out").append(i).append("([\"out ").append(mermaidText(output.name())).append("\"])\n")
          .append("  n").append(output.node()).append(" --> out").append(i).append('\n');
    }
    return out.toString();
  }

  private enum EdgeKind { OPERAND, FALLBACK, CAPTURE }

  private record Edge(int from, int to, EdgeKind kind) {}

  private static List<Edge> edges(Dag dag) {
    IdentityHashMap<Node, Integer> ids = new IdentityHashMap<>();
    for (int id = 0; id < dag.nodes().size(); id++) ids.putIfAbsent(dag.nodes().get(id), id);
    List<Edge> edges = new ArrayList<>();
    for (int id = 0; id < dag.nodes().size(); id++) {
      Node node = dag.nodes().get(id);
      for (Node arg : node.args()) addEdge(edges, ids, arg, id, EdgeKind.OPERAND);
      switch (node) {
        case Node.Call call when call.fallback() != null -> addEdge(edges, ids, call.fallback(), id, EdgeKind.FALLBACK);
        case Node.Hof hof -> {
          for (Node capture : hof.captures()) addEdge(edges, ids, capture, id, EdgeKind.CAPTURE);
        }
        case Node.Match match -> {
          for (Node capture : match.captures()) addEdge(edges, ids, capture, id, EdgeKind.CAPTURE);
        }
        default -> { }
      }
    }
    return edges;
  }

  private static void addEdge(List<Edge> edges, IdentityHashMap<Node, Integer> ids, Node from, int to,
      EdgeKind kind) {
    Integer fromId = ids.get(from);
    if (fromId != null) edges.add(new Edge(fromId, to, kind));
  }

  /** The label lines of a node: title, the call's options if any, type and assignment. */
  static List<String> lines(Dag dag, int id) {
    List<String> lines = new ArrayList<>();
    lines.add(title(dag, id));
    if (dag.nodes().get(id) instanceof Node.Call call && call.options() != null && !call.options().isEmpty()) {
      lines.add(clip("with " + optionsText(call.options()), 2 * MAX_TEXT));
    }
    lines.add(subtitle(dag, id));
    return lines;
  }

  /** The options as written in source, normalised: {@code retry: 2, timeout: 500ms, throttle: 10/1000ms}. */
  static String optionsText(CallOptions options) {
    List<String> parts = new ArrayList<>();
    if (options.retry() != null) parts.add("retry: " + options.retry());
    if (options.timeoutMs() != null) parts.add("timeout: " + options.timeoutMs() + "ms");
    if (options.delayMs() != null) parts.add("delay: " + options.delayMs() + "ms");
    if (options.backoff() != null) parts.add("backoff: " + options.backoff().key());
    if (options.cacheMs() != null) parts.add("cache: " + options.cacheMs() + "ms");
    if (options.cacheBackend() != null) parts.add("cache_backend: " + CanonicalJson.string(options.cacheBackend()));
    if (options.throttle() != null) {
      parts.add("throttle: " + options.throttle().count() + "/" + options.throttle().perMs() + "ms");
    }
    if (options.concurrency() != null) parts.add("concurrency: " + options.concurrency());
    if (options.onError() != null) parts.add("on_error: " + options.onError().key());
    if (options.lazy() != null) parts.add("lazy: " + options.lazy());
    if (options.priority() != null) parts.add("priority: " + options.priority());
    return String.join(", ", parts);
  }

  /** {@code id: op attribute}, e.g. {@code 3: call Uppercase}. */
  static String title(Dag dag, int id) {
    Node node = dag.nodes().get(id);
    String attribute = switch (node) {
      case Node.Input input -> input.name();
      case Node.Literal literal -> literalText(literal);
      case Node.RecordOf record -> "{" + String.join(", ", record.fields()) + "}";
      case Node.Field field -> "." + field.field();
      case Node.Project project -> "[" + String.join(", ", project.fields()) + "]";
      case Node.Arith arith -> arith.operator();
      case Node.Compare compare -> compare.operator();
      case Node.Call call -> call.function();
      case Node.Hof hof -> hof.function();
      case Node.Match match -> match.arms().size() + " arms";
      case Node.Interp interp -> CanonicalJson.string(String.join("${}", interp.parts()));
      case Node.Param param -> param.depth() + "." + param.index();
      case Node.Capture capture -> Integer.toString(capture.index());
      case Node.ListOf list -> "";
      case Node.Merge merge -> "";
      case Node.Eq eq -> "";
      case Node.Ne ne -> "";
      case Node.And and -> "";
      case Node.Or or -> "";
      case Node.Not not -> "";
      case Node.If conditional -> "";
      case Node.Branch branch -> "";
      case Node.When when -> "";
      case Node.Coalesce coalesce -> "";
    };
    return clip(id + ": " + node.op() + (attribute.isEmpty() ? "" : " " + attribute));
  }

  /** The node's type and, when known, the assignment or input it belongs to: {@code String (up)}. */
  static String subtitle(Dag dag, int id) {
    String label = dag.labels().of(id).label();
    return clip(dag.nodes().get(id).type().render()) + (label == null ? "" : " (" + clip(label) + ")");
  }

  private static String literalText(Node.Literal literal) {
    try {
      return LiteralJson.append(new StringBuilder(), literal.value(), literal.type()).toString();
    } catch (IllegalArgumentException e) {
      return String.valueOf(literal.value());   // a drawing must not fail on a malformed literal
    }
  }

  private static String clip(String text) {
    return clip(text, MAX_TEXT);
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  /** Inside a DOT double-quoted string: backslash and quote escaped, line breaks written as {@code \n}. */
  static String dotText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Inside a Mermaid quoted label: quotes and markup characters as Mermaid entity codes ({@code #quot;}), so no
   * text can end the label or inject markup; {@code #} itself is escaped first.
   */
  static String mermaidText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '#' -> out.append("#35;");
        case '"' -> out.append("#quot;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        case '&' -> out.append("#amp;");
        case '\n' -> out.append(' ');
        case '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
