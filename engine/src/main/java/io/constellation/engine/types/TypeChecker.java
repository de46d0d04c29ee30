package io.constellation.engine.types;

import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.SourceText;

/** Placeholder until the type checker lands. */
public final class TypeChecker {
  private TypeChecker() {}

  public static TypedPipeline check(Ast.Pipeline pipeline, ModuleRegistry modules, SourceText source) {
    throw new UnsupportedOperationException("type checker not implemented yet");
  }
}
