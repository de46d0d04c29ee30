package io.constellation.engine.runtime;

import java.time.Duration;

/**
 * Per-execution settings. {@code deadline} (nullable: none) bounds the whole execution: when it expires every
 * unsettled node fails with EXECUTION_TIMEOUT {@code Execution timed out after <ms>ms} (LANGUAGE.md 9.1).
 */
public record ExecutionOptions(Duration deadline) {
  private static final ExecutionOptions NONE = new ExecutionOptions(null);

  public ExecutionOptions {
    if (deadline != null && !deadline.isPositive()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
  }

  /** No deadline. */
  public static ExecutionOptions none() {
    return NONE;
  }

  public static ExecutionOptions withDeadline(Duration deadline) {
    return new ExecutionOptions(deadline);
  }
}
