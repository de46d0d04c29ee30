package io.constellation.engine.parse;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.syntax.SourceText;

/** Placeholder until the parser lands. */
public final class Parser {
  private Parser() {}

  public static ParseResult parse(SourceText source, CompilerLimits limits) {
    throw new UnsupportedOperationException("parser not implemented yet");
  }
}
