package io.constellation.engine;

import io.constellation.engine.syntax.SourceText;
import io.constellation.engine.syntax.Span;

/**
 * A compile error or warning (LANGUAGE.md 10.1): errors carry a code such as {@code E001}; warnings have a null
 * code. {@code snippet} is the source line and a caret line.
 */
public record Diagnostic(String code, Severity severity, String message, int line, int column, String snippet) {

  public enum Severity { ERROR, WARNING }

  public static Diagnostic error(String code, String message, Span span, SourceText source) {
    return new Diagnostic(code, Severity.ERROR, message, span.line(), span.column(),
        source.snippet(span.line(), span.column()));
  }

  public static Diagnostic warning(String message, Span span, SourceText source) {
    return new Diagnostic(null, Severity.WARNING, message, span.line(), span.column(),
        source.snippet(span.line(), span.column()));
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code <code> <line>:<column>: <message>} then the snippet; warnings start with {@code warning}. */
  public String render() {
    String head = isError() ? code : "warning";
    return head + " " + line + ":" + column + ": " + message + "\n" + snippet;
  }
}
