package io.constellation.engine;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Compiler#compile} returns, whatever the source: the pipeline when there is no error, and every
 * diagnostic (errors, then warnings, each in source order). {@code sourceHash} is null when the source could not
 * be tokenised.
 */
public record CompileResult(Optional<CompiledPipeline> pipeline, List<Diagnostic> errors, List<Diagnostic> warnings,
    String sourceHash) {

  public CompileResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean ok() {
    return errors.isEmpty() && pipeline.isPresent();
  }

  /** The pipeline; throws when compilation failed (check {@link #ok()} first). */
  public CompiledPipeline get() {
    return pipeline.orElseThrow(() -> new IllegalStateException("compilation failed: " + errors));
  }
}
