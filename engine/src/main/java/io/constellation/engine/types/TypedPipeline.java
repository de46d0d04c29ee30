package io.constellation.engine.types;

import io.constellation.engine.Diagnostic;
import io.constellation.engine.syntax.Span;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link TypeChecker#check}: every diagnostic (errors and warnings in source order) and, when
 * {@link #ok()}, the checked pipeline: inputs in declaration order, the assignments that some output needs (in
 * declaration order; unused ones are warned about and left out), and the outputs in declaration order.
 */
public record TypedPipeline(List<Diagnostic> diagnostics, List<Input> inputs, Map<String, Assignment> assignments,
    List<Output> outputs) {

  public TypedPipeline {
    diagnostics = List.copyOf(diagnostics);
    inputs = List.copyOf(inputs);
    assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
    outputs = List.copyOf(outputs);
  }

  /** A declared input; {@code span} is the position of its name. */
  public record Input(String name, Type type, Span span) {}

  /** {@code name = value}; {@code span} is the position of the name. */
  public record Assignment(String name, TypedExpr value, Span span) {}

  /** {@code out name}; {@code value} refers to the input or assignment exported. */
  public record Output(String name, TypedExpr value, Span span) {}

  public boolean ok() {
    return diagnostics.stream().noneMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }
}
