package io.constellation.engine.dag;

import java.util.List;

/**
 * A compiled pipeline as plain data (LANGUAGE.md 11.3): declared inputs (sorted by name), top-level nodes in id
 * order (a node's id is its index; children come before parents), outputs (sorted by name) and the non-semantic
 * {@link Labels}. A {@code Dag} can be written to bytes and read back on another machine ({@link DagCodec}).
 */
public record Dag(List<InputDecl> inputs, List<Node> nodes, List<Output> outputs, Labels labels) {
  public Dag {
    inputs = List.copyOf(inputs);
    nodes = List.copyOf(nodes);
    outputs = List.copyOf(outputs);
  }

  /** The declared inputs in source order (for messages), as recorded in the labels. */
  public List<InputDecl> inputsInDeclarationOrder() {
    if (labels == null || labels.inputOrder().size() != inputs.size()) return inputs;
    java.util.Map<String, InputDecl> byName = new java.util.HashMap<>();
    for (InputDecl input : inputs) byName.put(input.name(), input);
    List<InputDecl> ordered = new java.util.ArrayList<>(inputs.size());
    for (String name : labels.inputOrder()) {
      InputDecl input = byName.get(name);
      if (input == null) return inputs;
      ordered.add(input);
    }
    return ordered;
  }

  /** A declared input: name and type (the {@link Node.Input} node exists only if the input is used). */
  public record InputDecl(String name, io.constellation.engine.types.Type type) {}

  /** An output: its name and the id of the node that computes it. */
  public record Output(String name, int node) {}
}
