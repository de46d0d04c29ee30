package io.constellation.engine.types;

import io.constellation.engine.Diagnostic;
import io.constellation.engine.syntax.SourceText;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one type-checking run and renders their snippets from the source. */
final class Reporter {
  private final SourceText source;
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private int errors;

  Reporter(SourceText source) {
    this.source = source;
  }

  void error(String code, String message, Span span) {
    diagnostics.add(Diagnostic.error(code, message, span, source));
    errors++;
  }

  void warning(String message, Span span) {
    diagnostics.add(Diagnostic.warning(message, span, source));
  }

  /** The number of errors reported so far: a declaration failed when this grew while checking it. */
  int errorCount() {
    return errors;
  }

  /** Every diagnostic in source order (stable: equal positions keep the order of reporting). */
  List<Diagnostic> inSourceOrder() {
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    return sorted;
  }
}
