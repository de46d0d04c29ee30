package io.constellation.ops.cli;

import io.constellation.engine.bench.EngineBenchmark;
import io.constellation.engine.bench.EngineBenchmarkReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code constellation bench engine}: the engine's compile and execution figures. */
final class BenchCommand {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  BenchCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json", "--quick"), Set.of("--fixtures"));
    String target = parsed.single("what to benchmark (engine)");
    if (!target.equals("engine")) throw new UsageException("unknown benchmark '" + target + "' (known: engine)");
    Path fixtures = null;
    if (parsed.has("--fixtures")) {
      fixtures = Path.of(parsed.one("--fixtures", null));
      if (!Files.isDirectory(fixtures)) throw new UsageException("fixtures directory not found: " + fixtures);
    }
    if (!parsed.has("--json")) err.println("benchmarking the engine (warm-up, then measured rounds)...");
    EngineBenchmark benchmark = parsed.has("--quick") ? EngineBenchmark.quick() : EngineBenchmark.standard();
    EngineBenchmarkReport report = benchmark.run(fixtures);
    out.println(parsed.has("--json") ? report.toJson() : report.toText());
    return Main.EXIT_OK;
  }
}
