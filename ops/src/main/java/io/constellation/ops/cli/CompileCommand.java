package io.constellation.ops.cli;

import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.DagDiagram;
import io.constellation.engine.dag.Node;
import io.constellation.submitter.CompileReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code constellation compile FILE.cst}: diagnostics, hashes and the DAG, as text, JSON, DOT or Mermaid. */
final class CompileCommand {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  CompileCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json"), Set.of("--format", "--module-path"));
    String file = parsed.single("pipeline file (FILE.cst)");
    String format = parsed.one("--format", "text");
    if (!List.of("text", "dot", "mermaid").contains(format)) {
      throw new UsageException("--format must be text, dot or mermaid, got '" + format + "'");
    }
    boolean json = parsed.has("--json");
    if (json && !format.equals("text")) throw new UsageException("--json cannot be combined with --format " + format);
    String source = SourceFiles.read(file, RunCommand.MAX_FILE_BYTES, "pipeline file");
    CompileResult compiled = Compiler.create(Modules.registry(parsed.one("--module-path", null), env)).compile(source);

    if (json) {
      out.println(Json.write(CompileReport.toJson(compiled)));
    } else {
      Rendering.print(err, file, compiled.errors());
      Rendering.print(err, file, compiled.warnings());
      if (compiled.ok()) {
        Dag dag = compiled.get().dag();
        switch (format) {
          case "dot" -> out.print(DagDiagram.dot(dag));
          case "mermaid" -> out.print(DagDiagram.mermaid(dag));
          default -> printText(compiled.get());
        }
      } else {
        err.println("rejected: " + compiled.errors().size() + " error(s)");
      }
    }
    return compiled.ok() ? Main.EXIT_OK : Main.EXIT_REJECTED;
  }

  private void printText(CompiledPipeline pipeline) {
    Dag dag = pipeline.dag();
    out.println("source hash:     " + pipeline.sourceHash());
    out.println("structural hash: " + pipeline.structuralHash());
    out.println("registry hash:   " + pipeline.registryHash());
    out.println("inputs:");
    for (Dag.InputDecl input : dag.inputs()) out.println("  " + input.name() + ": " + input.type().render());
    out.println("nodes:");
    for (int id = 0; id < dag.nodes().size(); id++) {
      Node node = dag.nodes().get(id);
      String label = dag.labels().of(id).label();
      out.println("  #" + id + " " + describe(node) + " : " + node.type().render()
          + (label == null ? "" : "   [" + label + "]"));
    }
    out.println("outputs:");
    for (Dag.Output output : dag.outputs()) out.println("  " + output.name() + " <- #" + output.node());
  }

  private static String describe(Node node) {
    return switch (node) {
      case Node.Input input -> "input " + input.name();
      case Node.Literal literal -> "literal " + literal.value();
      case Node.Call call -> "call " + call.function() + (call.options().isEmpty() ? "" : " with " + call.options());
      case Node.Hof hof -> "hof " + hof.function();
      case Node.Arith arith -> "arith " + arith.operator();
      case Node.Compare compare -> "compare " + compare.operator();
      case Node.Field field -> "field ." + field.field();
      default -> node.op();
    };
  }
}
