package io.constellation.engine;

import io.constellation.engine.dag.Dag;

/**
 * A successfully compiled pipeline: the DAG and the hashes of LANGUAGE.md 11. Plain data; see
 * {@link io.constellation.engine.dag.DagCodec} for its byte form.
 */
public record CompiledPipeline(Dag dag, String sourceHash, String structuralHash, String registryHash) {

  /** The compilation cache key {@code compilation:<sourceHash>:<registryHash>}. */
  public String compilationKey() {
    return "compilation:" + sourceHash + ":" + registryHash;
  }
}
