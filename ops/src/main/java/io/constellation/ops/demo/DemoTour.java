package io.constellation.ops.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.ExecutionQuery;
import io.constellation.history.ExecutionStorage;
import io.constellation.history.ExecutionSummary;
import io.constellation.history.HistoryStats;
import io.constellation.history.StoredExecution;
import io.constellation.ops.local.LocalStack;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import io.constellation.submitter.replay.ReplayItem;
import io.constellation.submitter.replay.ReplayPlan;
import io.constellation.submitter.replay.ReplayProgress;
import io.constellation.submitter.replay.ReplayReport;
import io.constellation.submitter.replay.Replayer;
import io.constellation.worker.WorkerNode;
import io.constellation.worker.state.CacheMetrics;
import io.constellation.worker.state.CacheStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The steps of {@code constellation demo} on a started {@link LocalStack}: a batch of the example pipelines with
 * their inputs, the results, how the work spread over the nodes, the cache hit rate, one failing execution replayed
 * after its cause is fixed, and the history from PostgreSQL.
 *
 * <p>Thread-safety: not thread-safe; runs once, on the caller's thread.
 */
public final class DemoTour {
  /** One example: {@code NAME.cst} with its inputs in {@code NAME.inputs.json}. */
  public record Example(String name, String source, ObjectNode inputs) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration HISTORY_TIMEOUT = Duration.ofSeconds(60);
  private static final int OUTPUT_CHARS = 110;

  private final LocalStack stack;
  private final InventoryService inventory;
  private final PrintStream out;

  public DemoTour(LocalStack stack, InventoryService inventory, PrintStream out) {
    this.stack = stack;
    this.inventory = inventory;
    this.out = out;
  }

  /** The examples of {@code dir}, by name. */
  public static List<Example> examples(Path dir) throws IOException {
    List<Example> examples = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".cst")).sorted().toList()) {
        String name = Requests.pipelineName(file);
        Path inputs = dir.resolve(name + ".inputs.json");
        if (!Files.isRegularFile(inputs)) continue;
        JsonNode parsed = JSON.readTree(Files.readString(inputs, StandardCharsets.UTF_8));
        if (!parsed.isObject()) throw new IOException(inputs + " must hold a JSON object of inputs");
        examples.add(new Example(name, Files.readString(file, StandardCharsets.UTF_8), (ObjectNode) parsed));
      }
    }
    return examples;
  }

  /** Runs every step; true when each did what it shows (every example ran, the replay completed). */
  public boolean run(List<Example> examples, int repeats) throws InterruptedException {
    List<ExecutionResult> results = batch(examples, repeats);
    showResults(examples, results);
    showSpread(results);
    showCaches();
    boolean replayed = failAndReplay();
    boolean recorded = showHistory(results.size() + 2); // the batch, the failure and its replay
    boolean allCompleted = results.stream().allMatch(r -> r.getStatus() == ExecutionStatus.COMPLETED);
    boolean worked = allCompleted && replayed && recorded;
    out.println();
    out.println(worked ? "demo finished: every step worked" : "demo finished with problems (above)");
    return worked;
  }

  private List<ExecutionResult> batch(List<Example> examples, int repeats) throws InterruptedException {
    int total = examples.size() * repeats;
    heading("1. A batch: " + repeats + " executions of each of " + examples.size() + " example pipelines ("
        + total + " in all), onto " + stack.topics().requests());
    ConstellationClient client = stack.client();
    AtomicInteger done = new AtomicInteger();
    List<CompletableFuture<ExecutionResult>> futures = new ArrayList<>(total);
    for (int i = 0; i < repeats; i++) {
      for (Example example : examples) {
        futures.add(client.submit(Requests.source(example.source()).inputs(example.inputs())
                .metadata(Requests.PIPELINE_METADATA, example.name()).build())
            .whenComplete((result, error) -> progress(done.incrementAndGet(), total)));
      }
    }
    List<ExecutionResult> results = new ArrayList<>(total);
    for (CompletableFuture<ExecutionResult> future : futures) results.add(await(future));
    return results;
  }

  private void progress(int done, int total) {
    int step = Math.max(1, total / 10);
    if (done % step == 0 || done == total) {
      int filled = done * 30 / total;
      synchronized (out) {
        out.printf("  [%s%s] %d/%d%n", "#".repeat(filled), ".".repeat(30 - filled), done, total);
      }
    }
  }

  private void showResults(List<Example> examples, List<ExecutionResult> results) {
    heading("2. Results (the first of each pipeline)");
    for (int i = 0; i < examples.size(); i++) {
      ExecutionResult result = results.get(i);
      out.printf("  %-14s %-9s %s%n", examples.get(i).name(), result.getStatus(), shorten(result.getOutputs()));
    }
    Map<ExecutionStatus, Long> byStatus = new TreeMap<>();
    results.forEach(r -> byStatus.merge(r.getStatus(), 1L, Long::sum));
    out.println("  all " + results.size() + ": " + byStatus);
  }

  private void showSpread(List<ExecutionResult> results) {
    heading("3. How the work spread over the nodes (consumer group " + stack.topics().prefix() + "-workers)");
    Map<String, Long> byNode = new TreeMap<>();
    results.forEach(r -> byNode.merge(r.getNodeId(), 1L, Long::sum));
    byNode.forEach((node, count) -> out.printf("  %-6s %4d  %s%n", node, count,
        "#".repeat((int) (count * 40 / results.size()))));
  }

  private void showCaches() {
    heading("4. Caches: a pipeline compiled on one node is loaded from Redis by the others");
    long hits = 0;
    long misses = 0;
    for (WorkerNode worker : stack.workers()) {
      CacheStats compilation = worker.metrics().caches().stats(CacheMetrics.COMPILATION);
      hits += compilation.hits();
      misses += compilation.misses();
      out.printf("  %-6s compilation cache: %d hits, %d misses%n", worker.nodeId(), compilation.hits(),
          compilation.misses());
    }
    long lookups = hits + misses;
    out.printf("  hit rate over the cluster: %.1f%%%n", lookups == 0 ? 0.0 : 100.0 * hits / lookups);
  }

  private boolean failAndReplay() throws InterruptedException {
    heading("5. A failing execution, replayed after its cause is fixed");
    ExecutionResult failed = await(stack.client().submit(Requests.source(InventoryService.PIPELINE)
        .input("sku", "widget-7").metadata(Requests.PIPELINE_METADATA, "stock-check").build()));
    out.println("  stock-check(sku = \"widget-7\") -> " + failed.getStatus() + ": "
        + failed.getErrors().stream().map(e -> e.getMessage()).findFirst().orElse("(no error)"));
    if (failed.getStatus() != ExecutionStatus.FAILED) return false;
    ExecutionStorage history = stack.history().executions();
    if (awaitRecorded(history, failed.getExecutionId()).isEmpty()) {
      out.println("  the failure did not reach the history in time");
      return false;
    }
    out.println("  recorded in PostgreSQL by the streams app; deploying the fix to the inventory service...");
    inventory.deployFix();
    Replayer replayer = new Replayer(history, stack.client());
    ReplayPlan plan = replayer.plan(ExecutionQuery.builder().status("FAILED").pipeline("stock-check").build(), false);
    ReplayReport report = replayer.replay(plan, ReplayProgress.NONE);
    if (report.submitted().isEmpty()) {
      out.println("  nothing was replayed: " + report.failed());
      return false;
    }
    ReplayItem item = report.submitted().getFirst();
    out.println("  constellation replay --status failed --pipeline stock-check: submitted " + item.replayId()
        + " (attempt " + item.attempt() + ")");
    Optional<StoredExecution> replay = awaitRecorded(history, item.replayId());
    if (replay.isEmpty()) {
      out.println("  the replay did not reach the history in time");
      return false;
    }
    ExecutionSummary summary = replay.get().summary();
    out.println("  replay " + summary.executionId() + " -> " + summary.status() + ", outputs "
        + replay.get().outputsJson() + ", replayOf " + summary.replayOf());
    boolean again = replayer.plan(ExecutionQuery.builder().status("FAILED").pipeline("stock-check").build(), false)
        .isEmpty();
    out.println("  replaying the same selection again submits " + (again ? "nothing" : "something (unexpected)")
        + " (--again would)");
    return "COMPLETED".equals(summary.status()) && again;
  }

  /** Waits until the streams app has recorded {@code expected} executions, then shows the newest and the stats. */
  private boolean showHistory(long expected) throws InterruptedException {
    heading("6. The history in PostgreSQL (constellation history, GET " + stack.gatewayUri() + "/executions)");
    ExecutionStorage history = stack.history().executions();
    long deadline = System.nanoTime() + HISTORY_TIMEOUT.toNanos();
    while (history.stats(ExecutionQuery.all()).total() < expected && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    for (ExecutionSummary e : history.list(ExecutionQuery.builder().limit(6).build()).items()) {
      out.printf("  %s  %-13s %-9s %-6s %4s ms  %s%n", e.completedAt(), e.pipeline(), e.status(), e.nodeId(),
          e.durationMs() == null ? "-" : e.durationMs(), e.replayOf() == null ? "" : "replay of " + e.replayOf());
    }
    HistoryStats stats = history.stats(ExecutionQuery.all());
    out.printf("  %d executions recorded: %s; duration p50 %.1f ms, p99 %.1f ms%n", stats.total(), stats.byStatus(),
        stats.durationMs().p50(), stats.durationMs().p99());
    if (stats.total() < expected) {
      out.println("  only " + stats.total() + " of " + expected + " executions reached the history within "
          + HISTORY_TIMEOUT.toSeconds() + " s");
      return false;
    }
    return true;
  }

  private Optional<StoredExecution> awaitRecorded(ExecutionStorage history, String executionId)
      throws InterruptedException {
    long deadline = System.nanoTime() + HISTORY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<StoredExecution> found = history.get(executionId);
      if (found.isPresent()) return found;
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return Optional.empty();
  }

  private static ExecutionResult await(CompletableFuture<ExecutionResult> future) throws InterruptedException {
    try {
      return future.get(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("an execution could not be submitted: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no result within " + RESULT_TIMEOUT.toSeconds() + " s", e);
    }
  }

  private void heading(String text) {
    out.println();
    out.println(text);
  }

  private static String shorten(String text) {
    return text.length() <= OUTPUT_CHARS ? text : text.substring(0, OUTPUT_CHARS - 3) + "...";
  }
}
