package io.constellation.engine.parse;

import io.constellation.engine.Diagnostic;
import io.constellation.engine.syntax.Ast;
import java.util.List;

/**
 * The parser's output: the syntax tree when the source parsed ({@code pipeline} is null otherwise), its
 * diagnostics (at most one error), and the source hash over the tokens (null when lexing failed).
 */
public record ParseResult(Ast.Pipeline pipeline, List<Diagnostic> diagnostics, String sourceHash) {
  public ParseResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean ok() {
    return pipeline != null && diagnostics.stream().noneMatch(Diagnostic::isError);
  }
}
