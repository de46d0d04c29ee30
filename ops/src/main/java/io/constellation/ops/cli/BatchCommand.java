package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.Encoding;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.SubmitterException;
import io.constellation.submitter.Requests;
import io.constellation.submitter.batch.BatchOptions;
import io.constellation.submitter.batch.BatchRunner;
import io.constellation.submitter.batch.BatchSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code constellation batch FILE.cst --inputs IN.jsonl}: one execution per input line on the cluster, results
 * as JSONL in {@code --out} (default {@code IN.results.jsonl}), live progress, then a summary. Exit 0 when every
 * line completed, 1 when some did not (see the output file), 64 usage, 69 cluster unreachable, 74 the output
 * cannot be written.
 */
final class BatchCommand {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final boolean terminal;

  BatchCommand(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.terminal = terminal;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--resume", "--json"),
        Set.of("--inputs", "--out", "--node", "--max-in-flight", "--priority", "--timeout", "--bootstrap-servers",
            "--topic-prefix", "--encoding", "--cache-ttl"));
    String file = parsed.single("pipeline file (FILE.cst)");
    String inputs = parsed.one("--inputs", null);
    if (inputs == null) throw new UsageException("batch needs --inputs IN.jsonl (one JSON object of inputs per line)");
    Path in = Path.of(inputs);
    if (!Files.isRegularFile(in)) throw new UsageException("inputs file not found: " + inputs);
    Path outFile = Path.of(parsed.one("--out", defaultOut(in)));
    if (Files.isDirectory(outFile)) throw new UsageException("--out " + outFile + " is a directory");
    if (outFile.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
      throw new UsageException("--out must not be the inputs file");
    }
    String node = parsed.one("--node", null);
    if (node != null && node.isBlank()) throw new UsageException("--node needs a node id");
    int maxInFlight = maxInFlight(parsed.one("--max-in-flight", null));
    int priority = SubmitCommand.priority(parsed.one("--priority", null));
    Duration timeout = Durations.parse("--timeout", parsed.one("--timeout", "5min"));
    Duration cacheTtl = parsed.has("--cache-ttl") ? Durations.cacheTtl("--cache-ttl", parsed.one("--cache-ttl", null)) : null;
    Encoding encoding = SubmitCommand.encoding(parsed.one("--encoding", "avro"));
    boolean json = parsed.has("--json");
    String source = SourceFiles.read(file, SubmitCommand.MAX_SOURCE_BYTES, "pipeline file");
    ClusterAddress address = ClusterAddress.resolve(parsed.one("--bootstrap-servers", null),
        parsed.one("--topic-prefix", null), env);

    BatchOptions options = BatchOptions.of(source, in, outFile)
        .withNode(node)
        .withPriority(priority)
        .withMaxInFlight(maxInFlight)
        .withResume(parsed.has("--resume"))
        .withResultTimeout(timeout)
        .withCacheTtl(cacheTtl)
        .withPipeline(Requests.pipelineName(Path.of(file)).isBlank() ? null : Requests.pipelineName(Path.of(file)))
        .withProgressInterval(terminal ? Duration.ofMillis(200) : Duration.ofSeconds(5));
    BatchProgressPrinter progress = new BatchProgressPrinter(err, terminal);
    BatchSummary summary;
    try (ConstellationClient client = ClusterClients.client(address, encoding)) {
      summary = new BatchRunner(client, options, progress).run();
    } catch (IOException e) {
      progress.finish();
      throw new CommandException(Main.EXIT_IO, e.getMessage());
    } catch (SubmitterException e) {
      progress.finish();
      throw CommandException.unavailable(e.getMessage() + "; run again with --resume to finish");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      progress.finish();
      throw new CommandException(Main.EXIT_FAILED, "interrupted; run again with --resume to finish");
    }
    progress.finish();
    print(summary, outFile, json);
    return summary.failures() == 0 ? Main.EXIT_OK : Main.EXIT_FAILED;
  }

  private void print(BatchSummary summary, Path outFile, boolean json) {
    if (json) {
      ObjectNode document = Json.object();
      document.put("batchId", summary.batchId());
      document.put("out", outFile.toString());
      ObjectNode counts = document.putObject("counts");
      for (String status : List.of("completed", "failed", "rejected", "expired")) {
        counts.put(status, summary.count(status));
      }
      counts.put("missing", summary.missing());
      document.put("malformed", summary.malformed());
      document.put("skipped", summary.skipped());
      document.put("elapsedMs", summary.elapsed().toMillis());
      document.put("throughputPerSecond", Math.round(summary.throughputPerSecond() * 10) / 10.0);
      document.put("latencyP50Ms", summary.latencyP50().toMillis());
      document.put("latencyP99Ms", summary.latencyP99().toMillis());
      summary.problems().forEach(document.putArray("problems")::add);
      out.println(Json.write(document));
      return;
    }
    out.printf(Locale.ROOT, "batch %s: %d line(s) in %s -> %s%n", summary.batchId(), summary.total(),
        BatchProgressPrinter.duration(summary.elapsed()), outFile);
    out.printf(Locale.ROOT, "  completed %d, failed %d, rejected %d (malformed %d), expired %d, missing %d%s%n",
        summary.count("completed"), summary.count("failed"), summary.count("rejected"), summary.malformed(),
        summary.count("expired"), summary.missing(),
        summary.skipped() > 0 ? ", skipped " + summary.skipped() + " (already in the output)" : "");
    out.printf(Locale.ROOT, "  throughput %.1f/s, latency p50 %d ms, p99 %d ms%n", summary.throughputPerSecond(),
        summary.latencyP50().toMillis(), summary.latencyP99().toMillis());
    for (String problem : summary.problems()) out.println("  missing: " + problem);
    if (summary.missing() > 0) out.println("  run again with --resume to submit the missing lines");
  }

  private static String defaultOut(Path in) {
    String name = in.getFileName().toString();
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    return in.resolveSibling(stem + ".results.jsonl").toString();
  }

  private static int maxInFlight(String text) {
    if (text == null) return BatchOptions.DEFAULT_MAX_IN_FLIGHT;
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1 && n <= 100_000) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--max-in-flight expects a number from 1 to 100000, got '" + text + "'");
  }
}
