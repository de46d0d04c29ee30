package io.constellation.engine.runtime;

import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.Labels;
import io.constellation.engine.dag.Node;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds DAGs by hand (no parser needed): post-order ids, shared nodes once, labels per assignment. */
final class TestDag {
  private final List<Dag.InputDecl> inputs = new ArrayList<>();
  private final Map<String, Node.Input> inputNodes = new LinkedHashMap<>();
  private final IdentityHashMap<Node, String> labels = new IdentityHashMap<>();
  private final TreeMap<String, Node> outputs = new TreeMap<>();

  TestDag input(String name, Type type) {
    inputs.add(new Dag.InputDecl(name, type));
    Node.Input node = new Node.Input(name, type);
    inputNodes.put(name, node);
    labels.put(node, name);
    return this;
  }

  Node.Input in(String name) {
    return inputNodes.get(name);
  }

  /** Labels {@code node} and its unlabelled top-level descendants as assignment {@code name}. */
  <N extends Node> N let(String name, N node) {
    labelDeep(name, node);
    return node;
  }

  private void labelDeep(String name, Node node) {
    if (node == null || labels.containsKey(node)) return;
    labels.put(node, name);
    for (Node arg : node.args()) labelDeep(name, arg);
    if (node instanceof Node.Call call) labelDeep(name, call.fallback());
  }

  TestDag out(String name, Node node) {
    outputs.put(name, node);
    return this;
  }

  CompiledPipeline build() {
    List<Node> order = new ArrayList<>();
    IdentityHashMap<Node, Integer> ids = new IdentityHashMap<>();
    for (Node node : outputs.values()) visit(node, order, ids);
    List<Labels.NodeLabel> nodeLabels = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) nodeLabels.add(new Labels.NodeLabel(labels.get(order.get(i)), i + 1, 1));
    List<Dag.Output> outs = new ArrayList<>();
    outputs.forEach((name, node) -> outs.add(new Dag.Output(name, ids.get(node))));
    List<Dag.InputDecl> sortedInputs = new ArrayList<>(inputs);
    sortedInputs.sort((a, b) -> a.name().compareTo(b.name()));
    Dag dag = new Dag(sortedInputs, order, outs, new Labels(nodeLabels));
    return new CompiledPipeline(dag, "source", "structural", "registry");
  }

  private static void visit(Node node, List<Node> order, IdentityHashMap<Node, Integer> ids) {
    if (ids.containsKey(node)) return;
    for (Node arg : node.args()) visit(arg, order, ids);
    if (node instanceof Node.Call call && call.fallback() != null) visit(call.fallback(), order, ids);
    if (node instanceof Node.Hof hof) hof.captures().forEach(c -> visit(c, order, ids));
    if (node instanceof Node.Match match) match.captures().forEach(c -> visit(c, order, ids));
    ids.put(node, order.size());
    order.add(node);
  }

  // ------------------------------------------------------------------------------------------- node helpers

  static Node.Literal lit(long value) {
    return new Node.Literal(value, Type.INT);
  }

  static Node.Literal lit(double value) {
    return new Node.Literal(value, Type.FLOAT);
  }

  static Node.Literal lit(String value) {
    return new Node.Literal(value, Type.STRING);
  }

  static Node.Literal lit(boolean value) {
    return new Node.Literal(value, Type.BOOLEAN);
  }

  static Node.Call call(String function, String module, Type type, Node... args) {
    return new Node.Call(function, module, List.of(args), CallOptions.NONE, null, type);
  }

  static Node.Call call(String module, Type type, CallOptions options, Node fallback, Node... args) {
    return new Node.Call(module, module, List.of(args), options, fallback, type);
  }

  static Node.Call stdlib(String namespace, String name, Type type, Node... args) {
    return call(namespace + "." + name, "stdlib." + name, type, args);
  }

  static Node.Arith arith(String op, Node left, Node right) {
    Type type = left.type() == Type.INT && right.type() == Type.INT ? Type.INT : Type.FLOAT;
    return new Node.Arith(op, left, right, type);
  }

  static CallOptions options() {
    return CallOptions.NONE;
  }

  static CallOptions retry(int retry, Long delayMs, CallOptions.Backoff backoff) {
    return new CallOptions(retry, null, delayMs, backoff, null, null, null, null, null, null, null);
  }
}
