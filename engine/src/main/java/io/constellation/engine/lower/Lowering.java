package io.constellation.engine.lower;

import io.constellation.engine.dag.Dag;
import io.constellation.engine.types.TypedPipeline;

/** Placeholder until lowering lands. */
public final class Lowering {
  private Lowering() {}

  public static Dag lower(TypedPipeline typed) {
    throw new UnsupportedOperationException("lowering not implemented yet");
  }
}
