package io.constellation.worker.execute;

import io.constellation.engine.CompileResult;

/**
 * Turns request source into a compiled pipeline, normally through {@link SharedCompilations} (a compilation store,
 * in memory or shared over Redis).
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
@FunctionalInterface
public interface PipelineCompiler {
  /** The compile result of {@code source}; never throws for bad source (the result carries the errors). */
  CompileResult compile(String source);
}
