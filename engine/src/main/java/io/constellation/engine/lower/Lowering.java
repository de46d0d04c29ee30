package io.constellation.engine.lower;

import io.constellation.engine.dag.Dag;
import io.constellation.engine.types.TypedPipeline;

/**
 * Lowers a type-checked pipeline to its {@link Dag} (LANGUAGE.md 11.3): one node per operation that some output
 * needs, shared values as shared node objects, lambda and match-arm bodies as trees with {@code param} and
 * {@code capture} leaves, ids in post-order from the outputs, and labels for runtime errors.
 */
public final class Lowering {
  private Lowering() {}

  /**
   * The DAG of {@code typed}, which must be {@link TypedPipeline#ok()}.
   *
   * @throws IllegalArgumentException when {@code typed} has errors
   */
  public static Dag lower(TypedPipeline typed) {
    if (!typed.ok()) throw new IllegalArgumentException("cannot lower a pipeline with errors: " + typed.errors());
    return new NodeBuilder(typed).build();
  }
}
