package io.constellation.ops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.ExecutionError;
import io.constellation.engine.runtime.ExecutionOptions;
import io.constellation.engine.runtime.ExecutionResult;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.ModuleRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code constellation run FILE.cst}: compile and execute a pipeline in this process. */
final class RunCommand {
  static final long MAX_FILE_BYTES = 16L << 20;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  RunCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json"),
        Set.of("--input", "--inputs", "--deadline", "--module-path"));
    String file = parsed.single("pipeline file (FILE.cst)");
    boolean json = parsed.has("--json");
    Duration deadline = parsed.has("--deadline") ? Durations.parse("--deadline", parsed.one("--deadline", null)) : null;
    String source = SourceFiles.read(file, MAX_FILE_BYTES, "pipeline file");
    ModuleRegistry modules = Modules.registry(parsed.one("--module-path", null), env);

    long started = System.nanoTime();
    Map<String, JsonNode> inputs;
    try {
      inputs = inputs(parsed.one("--inputs", null), parsed.all("--input"));
    } catch (InvalidInputsException e) {
      return rejectedInputs(json, e.getMessage(), started);
    }

    CompileResult compiled = Compiler.create(modules).compile(source);
    if (!compiled.ok()) {
      if (json) {
        ObjectNode result = result("rejected", started);
        result.set("errors", Rendering.errors(compiled.errors()));
        result.set("warnings", Rendering.warnings(compiled.warnings()));
        out.println(Json.write(result));
      } else {
        Rendering.print(err, file, compiled.errors());
        Rendering.print(err, file, compiled.warnings());
        err.println("rejected: " + compiled.errors().size() + " error(s)");
      }
      return Main.EXIT_REJECTED;
    }
    if (!json) Rendering.print(err, file, compiled.warnings());

    ExecutionResult result;
    try (PipelineRuntime runtime = PipelineRuntime.builder(modules).build()) {
      result = runtime.execute(compiled.get(), inputs, new ExecutionOptions(deadline));
    }
    String status = result.inputsRejected() ? "rejected"
        : result.status() == ExecutionResult.Status.COMPLETED ? "completed" : "failed";
    if (json) {
      ObjectNode document = result(status, started);
      ObjectNode outputs = document.putObject("outputs");
      result.outputs().forEach(outputs::set);
      ArrayNode errors = document.putArray("errors");
      for (ExecutionError error : result.errors()) errors.add(error(error));
      document.set("warnings", Rendering.warnings(compiled.warnings()));
      out.println(Json.write(document));
    } else {
      result.outputs().forEach((name, value) -> out.println(name + " = " + Json.write(value)));
      for (ExecutionError error : result.errors()) {
        String where = error.node() == null ? "" : " in '" + error.node() + "'"
            + (error.line() > 0 ? " (" + file + ":" + error.line() + ":" + error.column() + ")" : "");
        err.println("error " + error.code() + where + ": " + error.message());
      }
      err.println(status + " in " + millis(started) + " ms");
    }
    return switch (status) {
      case "completed" -> Main.EXIT_OK;
      case "rejected" -> Main.EXIT_REJECTED;
      default -> Main.EXIT_FAILED;
    };
  }

  private static ObjectNode error(ExecutionError error) {
    ObjectNode node = Json.object();
    node.put("code", error.code());
    node.put("message", error.message());
    node.put("node", error.node());
    if (error.module() != null) node.put("module", error.module());
    if (error.line() > 0) {
      node.put("line", error.line());
      node.put("column", error.column());
    } else {
      node.putNull("line");
      node.putNull("column");
    }
    return node;
  }

  private int rejectedInputs(boolean json, String message, long started) {
    if (json) {
      ObjectNode result = result("rejected", started);
      result.set("errors", Rendering.inputValidation(message));
      result.putArray("warnings");
      out.println(Json.write(result));
    } else {
      err.println("error INPUT_VALIDATION: " + message);
      err.println("rejected");
    }
    return Main.EXIT_REJECTED;
  }

  private static ObjectNode result(String status, long started) {
    ObjectNode result = Json.object();
    result.put("status", status);
    result.putObject("outputs");
    result.putArray("errors");
    result.putArray("warnings");
    result.put("durationMs", millis(started));
    return result;
  }

  private static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /**
   * The inputs of {@code --inputs FILE.json} (a JSON object) overridden by each {@code --input name=value}, whose
   * value is JSON when it parses as JSON and a string otherwise.
   */
  static Map<String, JsonNode> inputs(String inputsFile, List<String> pairs) throws InvalidInputsException {
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    if (inputsFile != null) {
      String text = SourceFiles.read(inputsFile, MAX_FILE_BYTES, "inputs file");
      JsonNode document;
      try {
        document = Json.parse(text);
      } catch (JsonProcessingException e) {
        throw new InvalidInputsException("inputs file " + inputsFile + " is not valid JSON: "
            + e.getOriginalMessage());
      }
      if (document == null || !document.isObject()) {
        throw new InvalidInputsException("inputs file " + inputsFile + " must hold a JSON object of input values");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = document.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        inputs.put(field.getKey(), field.getValue());
      }
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageException("--input expects name=value, got '" + pair + "'");
      String value = pair.substring(eq + 1);
      JsonNode parsed;
      try {
        parsed = Json.parse(value);
      } catch (JsonProcessingException e) {
        parsed = null;
      }
      inputs.put(pair.substring(0, eq), parsed == null || parsed.isMissingNode() ? TextNode.valueOf(value) : parsed);
    }
    return inputs;
  }

  /** The inputs given cannot be read as JSON values: the execution is rejected, nothing runs. */
  static final class InvalidInputsException extends Exception {
    InvalidInputsException(String message) {
      super(message);
    }
  }
}
