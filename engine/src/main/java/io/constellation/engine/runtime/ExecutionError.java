package io.constellation.engine.runtime;

import io.constellation.engine.types.Type;
import java.util.Comparator;

/**
 * One runtime error (LANGUAGE.md 9.3, 10.5): {@code node} is the label of the failing node (the assignment whose
 * right-hand side contains it; an input name or null for INPUT_VALIDATION), {@code code} one of the runtime codes,
 * {@code module} the module name for call failures (else null), and the node's source position (0 if unknown).
 */
public record ExecutionError(String node, String code, String message, String module, int line, int column) {

  /** The order of {@link ExecutionResult#errors()}: by node label (null first, code points), then message. */
  public static final Comparator<ExecutionError> ORDER = Comparator
      .comparing(ExecutionError::node, Comparator.nullsFirst(Type::compareCodePoints))
      .thenComparing(ExecutionError::message, Type::compareCodePoints);
}
