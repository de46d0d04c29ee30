package io.constellation.engine.runtime;

import io.constellation.engine.spi.ExecutionListener;
import java.time.Duration;

/**
 * Per-execution settings. {@code deadline} (nullable: none) bounds the whole execution: when it expires every
 * unsettled node fails with EXECUTION_TIMEOUT {@code Execution timed out after <ms>ms} (LANGUAGE.md 9.1).
 * {@code listener} (nullable) receives this execution's node traces, in addition to the runtime's listener.
 */
public record ExecutionOptions(Duration deadline, ExecutionListener listener) {
  private static final ExecutionOptions NONE = new ExecutionOptions(null, null);

  public ExecutionOptions {
    if (deadline != null && !deadline.isPositive()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
  }

  public ExecutionOptions(Duration deadline) {
    this(deadline, null);
  }

  /** The same options with {@code listener} receiving this execution's node traces. */
  public ExecutionOptions withListener(ExecutionListener listener) {
    return new ExecutionOptions(deadline, listener);
  }

  /** No deadline. */
  public static ExecutionOptions none() {
    return NONE;
  }

  public static ExecutionOptions withDeadline(Duration deadline) {
    return new ExecutionOptions(deadline, null);
  }
}
