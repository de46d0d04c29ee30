package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.Diagnostic;
import java.io.PrintStream;
import java.util.List;

/** How diagnostics look on a terminal and in {@code --json} output. */
final class Rendering {
  private Rendering() {}

  /** Compile errors in the {@code errors} shape of {@code run --json}: code, message, node (null), line, column. */
  static ArrayNode errors(List<Diagnostic> diagnostics) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Diagnostic d : diagnostics) {
      ObjectNode error = array.addObject();
      error.put("code", d.code());
      error.put("message", d.message());
      error.putNull("node");
      error.put("line", d.line());
      error.put("column", d.column());
      error.put("snippet", d.snippet());
    }
    return array;
  }

  static ArrayNode warnings(List<Diagnostic> diagnostics) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (Diagnostic d : diagnostics) {
      ObjectNode warning = array.addObject();
      warning.put("message", d.message());
      warning.put("line", d.line());
      warning.put("column", d.column());
      warning.put("snippet", d.snippet());
    }
    return array;
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
