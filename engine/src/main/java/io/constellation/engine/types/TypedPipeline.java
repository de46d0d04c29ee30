package io.constellation.engine.types;

import io.constellation.engine.Diagnostic;
import java.util.List;

/** Placeholder until the type checker lands. */
public record TypedPipeline(List<Diagnostic> diagnostics) {
  public boolean ok() {
    return diagnostics.stream().noneMatch(Diagnostic::isError);
  }
}
