package io.constellation.engine.dag;

import java.util.List;

/**
 * Non-semantic data that travels with a {@link Dag} but is not hashed: for each node id, the label used in
 * runtime errors (the assignment whose right-hand side contains the node, or the input name) and its source
 * position; and the input names in declaration order (messages list inputs that way, while {@link Dag#inputs()}
 * is sorted by name). An empty {@code inputOrder} means the order of {@link Dag#inputs()}.
 */
public record Labels(List<NodeLabel> nodes, List<String> inputOrder) {
  public Labels {
    nodes = List.copyOf(nodes);
    inputOrder = List.copyOf(inputOrder);
  }

  public Labels(List<NodeLabel> nodes) {
    this(nodes, List.of());
  }

  /** {@code label} may be null for nodes outside any assignment; line and column are 1-based, 0 if unknown. */
  public record NodeLabel(String label, int line, int column) {}

  public NodeLabel of(int nodeId) {
    return nodeId >= 0 && nodeId < nodes.size() ? nodes.get(nodeId) : new NodeLabel(null, 0, 0);
  }
}
