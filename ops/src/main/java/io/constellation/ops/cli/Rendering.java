package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.constellation.engine.Diagnostic;
import io.constellation.submitter.CompileReport;
import java.io.PrintStream;
import java.util.List;

/** How diagnostics look on a terminal and in {@code --json} output. */
final class Rendering {
  private Rendering() {}

  /** Compile errors in the {@code errors} shape of {@code run --json}: code, message, node (null), line, column. */
  static ArrayNode errors(List<Diagnostic> diagnostics) {
    return CompileReport.errors(diagnostics);
  }

  static ArrayNode warnings(List<Diagnostic> diagnostics) {
    return CompileReport.warnings(diagnostics);
  }

  /** The errors of inputs refused before anything ran: one INPUT_VALIDATION error without a position. */
  static ArrayNode inputValidation(String message) {
    ArrayNode errors = Json.MAPPER.createArrayNode();
    errors.addObject().put("code", "INPUT_VALIDATION").put("message", message).putNull("node").putNull("line")
        .putNull("column");
    return errors;
  }

  /** Like a compiler: {@code file:line:column: E001 message}, the source line, a caret. */
  static void print(PrintStream out, String file, List<Diagnostic> diagnostics) {
    for (Diagnostic d : diagnostics) {
      String kind = d.isError() ? "error " + d.code() : "warning";
      out.println(file + ":" + d.line() + ":" + d.column() + ": " + kind + ": " + d.message());
      for (String line : d.snippet().split("\n", -1)) out.println("    " + line);
    }
  }
}
