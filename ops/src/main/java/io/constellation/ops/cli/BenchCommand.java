package io.constellation.ops.cli;

import io.constellation.engine.bench.EngineBenchmark;
import io.constellation.engine.bench.EngineBenchmarkReport;
import io.constellation.ops.bench.ClusterBenchmark;
import io.constellation.ops.bench.ClusterBenchmarkReport;
import io.constellation.ops.bench.HistoryBenchmark;
import io.constellation.ops.bench.StateBenchmark;
import io.constellation.ops.bench.StateBenchmarkReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code constellation bench engine|cluster|state|history}: the engine's, the cluster's, the Redis state's or the
 * execution history's (trace sink, gateway) figures.
 */
final class BenchCommand {
  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json", "--quick"), Set.of("--fixtures"));
    String target = parsed.single("what to benchmark (engine, cluster, state or history)");
    return switch (target) {
      case "engine" -> engine(parsed);
      case "cluster" -> cluster(parsed);
      case "state" -> state(parsed);
      case "history" -> history(parsed);
      default -> throw new UsageException(
          "unknown benchmark '" + target + "' (known: engine, cluster, state, history)");
    };
  }

  private int engine(Arguments parsed) {
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

  private int cluster(Arguments parsed) {
    if (parsed.has("--fixtures")) throw new UsageException("--fixtures applies to 'bench engine' only");
    ClusterBenchmark.Options options =
        parsed.has("--quick") ? ClusterBenchmark.Options.quick() : ClusterBenchmark.Options.standard();
    try {
      ClusterBenchmarkReport report = new ClusterBenchmark(options, err).run();
      out.println(parsed.has("--json") ? report.toJson() : report.toText());
      return Main.EXIT_OK;
    } catch (IOException e) {
      err.println("constellation: cluster benchmark failed: " + e.getMessage());
      return Main.EXIT_INTERNAL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_INTERNAL;
    }
  }

  private int history(Arguments parsed) {
    if (parsed.has("--fixtures")) throw new UsageException("--fixtures applies to 'bench engine' only");
    HistoryBenchmark.Options options =
        parsed.has("--quick") ? HistoryBenchmark.Options.quick() : HistoryBenchmark.Options.standard();
    try {
      HistoryBenchmark.Report report = new HistoryBenchmark(options, err).run();
      out.println(parsed.has("--json") ? report.toJson() : report.toText());
      return Main.EXIT_OK;
    } catch (RuntimeException e) {
      err.println("constellation: history benchmark failed: " + e.getMessage());
      return Main.EXIT_INTERNAL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_INTERNAL;
    }
  }

  private int state(Arguments parsed) {
    if (parsed.has("--fixtures")) throw new UsageException("--fixtures applies to 'bench engine' only");
    StateBenchmark.Options options =
        parsed.has("--quick") ? StateBenchmark.Options.quick() : StateBenchmark.Options.standard();
    try {
      StateBenchmarkReport report = new StateBenchmark(options, err).run();
      out.println(parsed.has("--json") ? report.toJson() : report.toText());
      return Main.EXIT_OK;
    } catch (IOException | IllegalStateException e) {
      err.println("constellation: state benchmark failed: " + e.getMessage());
      return Main.EXIT_INTERNAL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.EXIT_INTERNAL;
    }
  }
}
