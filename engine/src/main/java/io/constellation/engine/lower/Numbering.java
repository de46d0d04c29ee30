package io.constellation.engine.lower;

import io.constellation.engine.dag.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Node ids (LANGUAGE.md 11.3): post-order of a depth-first walk from the roots in order, visiting a node's
 * {@code args}, then its {@code fallback}, then its {@code captures}; a shared node is numbered once. Iterative,
 * so long chains of assignments cannot overflow the stack. Tree bodies are not walked: their nodes have no id.
 */
final class Numbering {
  private final IdentityHashMap<Node, Integer> ids = new IdentityHashMap<>();
  private final List<Node> nodes = new ArrayList<>();

  private Numbering() {}

  static Numbering of(List<Node> roots) {
    Numbering numbering = new Numbering();
    for (Node root : roots) numbering.visit(root);
    return numbering;
  }

  /** Nodes in id order (index = id). */
  List<Node> nodes() {
    return nodes;
  }

  int id(Node node) {
    Integer id = ids.get(node);
    if (id == null) throw new IllegalArgumentException("node not numbered: " + node.op());
    return id;
  }

  /** The operands that get ids before {@code node}, in visiting order. */
  static List<Node> successors(Node node) {
    List<Node> out = new ArrayList<>(node.args());
    switch (node) {
      case Node.Call call when call.fallback() != null -> out.add(call.fallback());
      case Node.Hof hof -> out.addAll(hof.captures());
      case Node.Match match -> out.addAll(match.captures());
      default -> { }
    }
    return out;
  }

  private record Frame(Node node, List<Node> successors, int next) {}

  private void visit(Node root) {
    if (ids.containsKey(root)) return;
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root, successors(root), 0));
    while (!stack.isEmpty()) {
      Frame frame = stack.pop();
      if (frame.next() < frame.successors().size()) {
        stack.push(new Frame(frame.node(), frame.successors(), frame.next() + 1));
        Node child = frame.successors().get(frame.next());
        if (!ids.containsKey(child)) stack.push(new Frame(child, successors(child), 0));
      } else if (!ids.containsKey(frame.node())) {
        ids.put(frame.node(), nodes.size());
        nodes.add(frame.node());
      }
    }
  }
}
