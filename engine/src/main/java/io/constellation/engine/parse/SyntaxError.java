package io.constellation.engine.parse;

import io.constellation.engine.syntax.Span;

/**
 * The first syntax error of a parse. Thrown inside the parser only to unwind the recursive descent at once (only
 * one error is ever reported); {@link Parser#parse} turns it into a diagnostic, so it never leaves the package.
 */
final class SyntaxError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final transient Span span;

  SyntaxError(String code, String message, Span span) {
    super(message, null, false, false); // no stack trace: this is control flow, not a bug report
    this.code = code;
    this.span = span;
  }

  static SyntaxError parse(String details, Span span) {
    return new SyntaxError("E020", "Parse error: " + details, span);
  }

  String code() {
    return code;
  }

  Span span() {
    return span;
  }
}
