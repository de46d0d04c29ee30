package io.constellation.engine.runtime;

import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.Labels;
import io.constellation.engine.dag.Node;
import io.constellation.engine.spi.FunctionSignature;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import io.constellation.engine.value.Values;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-DAG precomputation shared by all executions of one pipeline: operand ids of every top-level node (so
 * evaluation never looks nodes up by identity), fallback and capture ids, resolved {@link CallSite}s (also those
 * of calls inside lambda and arm bodies, keyed by node identity), comparison types of top-level equalities, and
 * labels. Immutable after construction.
 */
final class Plan {
  final Dag dag;
  final Node[] nodes;
  final int[][] argIds;
  final int[] fallbackIds;
  final int[][] captureIds;
  final CallSite[] callSites;
  final Type[] comparisonTypes;
  final String[] labels;
  final int[] lines;
  final int[] columns;
  final int[] outputIds;
  private final IdentityHashMap<Node, CallSite> treeCallSites = new IdentityHashMap<>();

  Plan(Dag dag, ModuleRegistry modules, Map<String, FunctionSignature> byModule) {
    this.dag = dag;
    int n = dag.nodes().size();
    nodes = dag.nodes().toArray(new Node[0]);
    IdentityHashMap<Node, Integer> ids = new IdentityHashMap<>(n * 2);
    for (int i = 0; i < n; i++) ids.put(nodes[i], i);
    argIds = new int[n][];
    fallbackIds = new int[n];
    captureIds = new int[n][];
    callSites = new CallSite[n];
    comparisonTypes = new Type[n];
    labels = new String[n];
    lines = new int[n];
    columns = new int[n];
    Labels nodeLabels = dag.labels() == null ? new Labels(List.of()) : dag.labels();
    for (int i = 0; i < n; i++) {
      Node node = nodes[i];
      argIds[i] = idsOf(node.args(), ids);
      fallbackIds[i] = -1;
      captureIds[i] = new int[0];
      switch (node) {
        case Node.Call call -> {
          callSites[i] = CallSite.resolve(call, modules, byModule);
          if (call.fallback() != null) fallbackIds[i] = idOf(call.fallback(), ids);
        }
        case Node.Hof hof -> {
          captureIds[i] = idsOf(hof.captures(), ids);
          resolveTree(hof.body(), modules, byModule);
        }
        case Node.Match match -> {
          captureIds[i] = idsOf(match.captures(), ids);
          for (Node.MatchArm arm : match.arms()) resolveTree(arm.body(), modules, byModule);
        }
        case Node.Eq eq -> comparisonTypes[i] = Values.comparisonType(eq.left().type(), eq.right().type());
        case Node.Ne ne -> comparisonTypes[i] = Values.comparisonType(ne.left().type(), ne.right().type());
        default -> { }
      }
      Labels.NodeLabel label = nodeLabels.of(i);
      labels[i] = label.label();
      lines[i] = label.line();
      columns[i] = label.column();
    }
    outputIds = new int[dag.outputs().size()];
    for (int i = 0; i < outputIds.length; i++) outputIds[i] = dag.outputs().get(i).node();
  }

  private void resolveTree(Node node, ModuleRegistry modules, Map<String, FunctionSignature> byModule) {
    if (node == null) return;
    switch (node) {
      case Node.Call call -> {
        treeCallSites.put(call, CallSite.resolve(call, modules, byModule));
        resolveTree(call.fallback(), modules, byModule);
      }
      case Node.Hof hof -> {
        resolveTree(hof.body(), modules, byModule);
        for (Node capture : hof.captures()) resolveTree(capture, modules, byModule);
      }
      case Node.Match match -> {
        for (Node.MatchArm arm : match.arms()) resolveTree(arm.body(), modules, byModule);
        for (Node capture : match.captures()) resolveTree(capture, modules, byModule);
      }
      default -> { }
    }
    for (Node arg : node.args()) resolveTree(arg, modules, byModule);
  }

  CallSite treeCallSite(Node.Call call) {
    CallSite site = treeCallSites.get(call);
    if (site == null) throw new IllegalStateException("call node outside the plan: " + call.function());
    return site;
  }

  private static int idOf(Node node, IdentityHashMap<Node, Integer> ids) {
    Integer id = ids.get(node);
    if (id == null) {
      throw new IllegalArgumentException("DAG operand is not a top-level node: " + node.op());
    }
    return id;
  }

  private static int[] idsOf(List<Node> operands, IdentityHashMap<Node, Integer> ids) {
    int[] out = new int[operands.size()];
    for (int i = 0; i < out.length; i++) out[i] = idOf(operands.get(i), ids);
    return out;
  }
}
