package io.constellation.submitter.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BatchRunnerTest {
  private static final String SOURCE = "in x: Int\nout x";

  @TempDir Path dir;

  /**
   * Stands for the cluster: answers each request on a virtual thread (x < 0 fails), keeps every published result
   * (the results topic), and like a real worker never runs an execution id again once its result is published.
   * Lines in {@code lose} are never answered; lines in {@code late} are published but their answer never reaches
   * the waiting client (it arrives after the client gave up).
   */
  private static class FakeCluster implements BatchCluster {
    final List<String> submitted = new CopyOnWriteArrayList<>();
    final List<Long> cacheTtls = new CopyOnWriteArrayList<>();
    final List<ExecutionResult> topic = new CopyOnWriteArrayList<>();
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger maxOutstanding = new AtomicInteger();
    final Set<Integer> lose = ConcurrentHashMap.newKeySet();
    final Set<Integer> late = ConcurrentHashMap.newKeySet();

    @Override
    public long scanResults(Predicate<String> executionIds, Instant since, Consumer<ExecutionResult> found) {
      long count = 0;
      for (ExecutionResult result : topic) {
        if (executionIds.test(result.getExecutionId())) {
          found.accept(result);
          count++;
        }
      }
      return count;
    }

    @Override
    public CompletableFuture<ExecutionResult> submit(ExecutionRequest request) {
      submitted.add(request.getExecutionId());
      cacheTtls.add(request.getCacheTtlMs() == null ? -1L : request.getCacheTtlMs());
      maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
      CompletableFuture<ExecutionResult> future = new CompletableFuture<>();
      long x = Long.parseLong(request.getInputs().replaceAll("[^-0-9]", ""));
      boolean published = topic.stream().anyMatch(r -> r.getExecutionId().equals(request.getExecutionId()));
      if (lose.contains((int) x) || published) {
        outstanding.decrementAndGet();
        return future;  // never answered
      }
      Thread.ofVirtual().start(() -> {
        Thread.yield();
        outstanding.decrementAndGet();
        ExecutionResult.Builder result = ExecutionResult.newBuilder()
            .setExecutionId(request.getExecutionId())
            .setNodeId("fake-node")
            .setFromCache(request.getCacheTtlMs() != null && x % 2 == 0); // even lines "hit" when caching
        if (x < 0) {
          result.setStatus(ExecutionStatus.FAILED).setErrors(List.of(ExecutionError.newBuilder()
              .setCode("E900").setMessage("negative").build()));
        } else {
          result.setStatus(ExecutionStatus.COMPLETED).setOutputs("{\"x\":" + x + "}");
        }
        ExecutionResult built = result.build();
        topic.add(built);
        if (!late.contains((int) x)) future.complete(built);
      });
      return future;
    }
  }

  private Path inputs(String... lines) throws IOException {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static String[] numbered(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "{\"x\":" + i + "}").toArray(String[]::new);
  }

  private BatchSummary run(FakeCluster cluster, BatchOptions options, List<BatchProgress> progress)
      throws Exception {
    return new BatchRunner(cluster, options, progress::add, InstantSource.system()).run();
  }

  private List<JsonNode> outLines(Path out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) nodes.add(JsonlReader.MAPPER.readTree(line));
    }
    return nodes;
  }

  @Test
  void run_everyLineGetsOneResultLine_andSummaryCounts() throws Exception {
    String[] lines = numbered(200);
    lines[9] = "{\"x\":-10}";
    Path in = inputs(lines);
    Path out = dir.resolve("out.jsonl");
    FakeCluster cluster = new FakeCluster();
    List<BatchProgress> progress = new CopyOnWriteArrayList<>();

    BatchSummary summary = run(cluster, BatchOptions.of(SOURCE, in, out).withMaxInFlight(8), progress);

    List<JsonNode> results = outLines(out);
    assertThat(results).hasSize(200);
    assertThat(results).extracting(r -> r.get("line").asInt()).containsExactlyInAnyOrderElementsOf(
        IntStream.rangeClosed(1, 200).boxed().toList());
    JsonNode failed = results.stream().filter(r -> r.get("line").asInt() == 10).findFirst().orElseThrow();
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("errors").get(0).get("code").asText()).isEqualTo("E900");
    JsonNode first = results.stream().filter(r -> r.get("line").asInt() == 1).findFirst().orElseThrow();
    assertThat(first.get("status").asText()).isEqualTo("completed");
    assertThat(first.get("outputs").get("x").asInt()).isEqualTo(1);
    assertThat(first.get("node").asText()).isEqualTo("fake-node");
    assertThat(first.get("executionId").asText()).isEqualTo(summary.batchId() + "-1");

    assertThat(summary.count("completed")).isEqualTo(199);
    assertThat(summary.count("failed")).isEqualTo(1);
    assertThat(summary.failures()).isEqualTo(1);
    assertThat(summary.missing()).isZero();
    assertThat(summary.total()).isEqualTo(200);
    assertThat(summary.latencyP99()).isGreaterThanOrEqualTo(summary.latencyP50());
    assertThat(cluster.maxOutstanding.get()).isBetween(1, 8);
    assertThat(progress).last().satisfies(p -> {
      assertThat(p.done()).isEqualTo(200);
      assertThat(p.total()).isEqualTo(200);
      assertThat(p.failures()).isEqualTo(1);
    });
  }

  @Test
  void run_withCacheTtl_everyRequestCarriesIt_andLinesSayFromCache() throws Exception {
    Path in = inputs(numbered(6));
    Path out = dir.resolve("out.jsonl");
    FakeCluster cluster = new FakeCluster();

    run(cluster, BatchOptions.of(SOURCE, in, out).withCacheTtl(Duration.ofMinutes(5)), new ArrayList<>());

    assertThat(cluster.cacheTtls).hasSize(6).containsOnly(300_000L);
    assertThat(outLines(out)).allSatisfy(line ->
        assertThat(line.get("fromCache").asBoolean()).isEqualTo(line.get("line").asInt() % 2 == 0));
  }

  @Test
  void run_withoutCacheTtl_requestsCarryNone_andLinesSayNotFromCache() throws Exception {
    Path in = inputs(numbered(3));
    Path out = dir.resolve("out.jsonl");
    FakeCluster cluster = new FakeCluster();

    run(cluster, BatchOptions.of(SOURCE, in, out), new ArrayList<>());

    assertThat(cluster.cacheTtls).hasSize(3).containsOnly(-1L);
    assertThat(outLines(out)).allSatisfy(line -> assertThat(line.get("fromCache").isBoolean()).isTrue())
        .allSatisfy(line -> assertThat(line.get("fromCache").asBoolean()).isFalse());
  }

  @Test
  void run_malformedLines_areRejectedEntriesWithLineAndReason_notACrash() throws Exception {
    Path in = inputs("{\"x\":1}", "{broken", "", "[1]", "{\"x\":1e999999}", "{\"x\":2}");
    Path out = dir.resolve("out.jsonl");

    BatchSummary summary = run(new FakeCluster(), BatchOptions.of(SOURCE, in, out), new ArrayList<>());

    List<JsonNode> results = outLines(out);
    assertThat(results).hasSize(5);
    JsonNode broken = results.stream().filter(r -> r.get("line").asInt() == 2).findFirst().orElseThrow();
    assertThat(broken.get("status").asText()).isEqualTo("rejected");
    assertThat(broken.get("errors").get(0).get("code").asText()).isEqualTo("INPUT_VALIDATION");
    assertThat(broken.get("errors").get(0).get("message").asText()).startsWith("line 2: not valid JSON");
    JsonNode array = results.stream().filter(r -> r.get("line").asInt() == 4).findFirst().orElseThrow();
    assertThat(array.get("errors").get(0).get("message").asText()).contains("must be a JSON object");
    assertThat(summary.count("rejected")).isEqualTo(3);
    assertThat(summary.malformed()).isEqualTo(2);
    assertThat(summary.count("completed")).isEqualTo(2);
  }

  @Test
  void resume_submitsOnlyLinesWithoutAResult_underTheSameIds() throws Exception {
    Path in = inputs(numbered(30));
    Path out = dir.resolve("out.jsonl");
    FakeCluster lossy = new FakeCluster();
    lossy.lose.addAll(Set.of(5, 17, 30));
    BatchSummary first = run(lossy, BatchOptions.of(SOURCE, in, out).withResultTimeout(Duration.ofMillis(300)),
        new ArrayList<>());
    assertThat(first.missing()).isEqualTo(3);
    assertThat(first.problems()).hasSize(3).allMatch(p -> p.contains("no result within"));
    assertThat(outLines(out)).hasSize(27);

    FakeCluster cluster = new FakeCluster();
    BatchSummary resumed = run(cluster, BatchOptions.of(SOURCE, in, out).withResume(true), new ArrayList<>());

    String id = first.batchId();
    assertThat(cluster.submitted).containsExactlyInAnyOrder(id + "-5", id + "-17", id + "-30");
    assertThat(resumed.skipped()).isEqualTo(27);
    assertThat(resumed.count("completed")).isEqualTo(3);
    assertThat(outLines(out)).extracting(r -> r.get("line").asInt())
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
  }

  @Test
  void resume_linesAnsweredAfterTheClientGaveUp_areRecoveredFromTheTopic_notSubmittedAgain() throws Exception {
    Path in = inputs(numbered(10));
    Path out = dir.resolve("out.jsonl");
    FakeCluster cluster = new FakeCluster();
    cluster.late.addAll(Set.of(3, 8));
    BatchSummary first = run(cluster, BatchOptions.of(SOURCE, in, out).withResultTimeout(Duration.ofMillis(300)),
        new ArrayList<>());
    assertThat(first.missing()).isEqualTo(2);
    cluster.late.clear();
    cluster.submitted.clear();

    BatchSummary resumed = run(cluster, BatchOptions.of(SOURCE, in, out).withResume(true), new ArrayList<>());

    assertThat(cluster.submitted).isEmpty();
    assertThat(resumed.recovered()).isEqualTo(2);
    assertThat(resumed.count("completed")).isEqualTo(2);
    assertThat(resumed.missing()).isZero();
    assertThat(outLines(out)).extracting(r -> r.get("line").asInt())
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
  }

  @Test
  void run_sameBatchAgain_getsThePublishedResults_insteadOfWaitingForWorkersThatWillNotRerun() throws Exception {
    Path in = inputs(numbered(5));
    Path out = dir.resolve("out.jsonl");
    FakeCluster cluster = new FakeCluster();
    run(cluster, BatchOptions.of(SOURCE, in, out), new ArrayList<>());

    BatchSummary again = run(cluster, BatchOptions.of(SOURCE, in, out).withResultTimeout(Duration.ofSeconds(5)),
        new ArrayList<>());

    assertThat(again.recovered()).isEqualTo(5);
    assertThat(again.missing()).isZero();
    assertThat(outLines(out)).hasSize(5);
  }

  @Test
  void resume_afterALineCutShort_redoesItAndKeepsTheFileValid() throws Exception {
    Path in = inputs(numbered(3));
    Path out = dir.resolve("out.jsonl");
    String id = BatchRunner.batchId(SOURCE, in);
    Files.writeString(out, "{\"line\":1,\"executionId\":\"" + id + "-1\",\"status\":\"completed\"}\n"
        + "{\"line\":2,\"executionId\":\"" + id + "-2\",\"sta");
    FakeCluster cluster = new FakeCluster();

    run(cluster, BatchOptions.of(SOURCE, in, out).withResume(true), new ArrayList<>());

    assertThat(cluster.submitted).containsExactlyInAnyOrder(id + "-2", id + "-3");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(4);  // the cut line stays, alone on its line; 2 and 3 follow it
    assertThat(lines.subList(2, 4)).allMatch(l -> l.startsWith("{\"line\":"));
  }

  @Test
  void resume_intoOutputOfAnotherBatch_isRefused() throws Exception {
    Path in = inputs(numbered(2));
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "{\"line\":1,\"executionId\":\"bother-1\",\"status\":\"completed\"}\n");

    assertThatThrownBy(() -> run(new FakeCluster(), BatchOptions.of(SOURCE, in, out).withResume(true),
        new ArrayList<>())).isInstanceOf(IOException.class).hasMessageContaining("results of another batch");
    assertThat(Files.readString(out)).contains("bother-1");  // nothing lost
  }

  @Test
  void run_withoutResume_replacesTheOutput() throws Exception {
    Path in = inputs(numbered(2));
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "old line 1\nold line 2\nold line 3\n");

    run(new FakeCluster(), BatchOptions.of(SOURCE, in, out), new ArrayList<>());

    assertThat(outLines(out)).hasSize(2);
  }

  @Test
  void run_missingInputFile_throwsClearIOException() {
    Path out = dir.resolve("out.jsonl");
    assertThatThrownBy(() -> run(new FakeCluster(), BatchOptions.of(SOURCE, dir.resolve("nope.jsonl"), out),
        new ArrayList<>())).isInstanceOf(IOException.class).hasMessageContaining("inputs file not found");
  }

  @Test
  void run_submitterThrowing_countsLinesMissing_notACrash() throws Exception {
    Path in = inputs(numbered(4));
    Path out = dir.resolve("out.jsonl");
    FakeCluster gone = new FakeCluster() {
      @Override
      public CompletableFuture<ExecutionResult> submit(ExecutionRequest request) {
        throw new IllegalStateException("cluster gone");
      }
    };
    BatchSummary summary = new BatchRunner(gone, BatchOptions.of(SOURCE, in, out), p -> {},
        InstantSource.system()).run();

    assertThat(summary.missing()).isEqualTo(4);
    assertThat(summary.problems()).first().asString().contains("cluster gone");
    assertThat(outLines(out)).isEmpty();
  }

  @Test
  void batchId_dependsOnSourceAndFileName_only() {
    assertThat(BatchRunner.batchId("a", Path.of("/x/in.jsonl"))).isEqualTo(BatchRunner.batchId("a", Path.of("in.jsonl")))
        .startsWith("b").hasSize(16);
    assertThat(BatchRunner.batchId("a", Path.of("in.jsonl"))).isNotEqualTo(BatchRunner.batchId("b", Path.of("in.jsonl")));
    assertThat(BatchRunner.batchId("a", Path.of("in.jsonl"))).isNotEqualTo(BatchRunner.batchId("a", Path.of("in2.jsonl")));
  }

  @Test
  void options_areValidated() {
    Path p = Path.of("x");
    assertThatThrownBy(() -> BatchOptions.of("s", p, p).withMaxInFlight(0)).hasMessageContaining("maxInFlight");
    assertThatThrownBy(() -> BatchOptions.of("s", p, p).withPriority(101)).hasMessageContaining("priority");
    assertThatThrownBy(() -> BatchOptions.of("s", p, p).withResultTimeout(Duration.ZERO))
        .hasMessageContaining("resultTimeout");
    assertThatThrownBy(() -> BatchOptions.of("s", p, p).withCacheTtl(Duration.ZERO)).hasMessageContaining("cacheTtl");
    assertThatThrownBy(() -> BatchOptions.of("s", p, p).withCacheTtl(Duration.ofDays(400))).hasMessageContaining("cacheTtl");
    assertThatThrownBy(() -> BatchOptions.of("s", p, p).withCacheTtl(Duration.ofSeconds(Long.MAX_VALUE)))
        .hasMessageContaining("cacheTtl");
    assertThat(BatchOptions.of("s", p, p).withCacheTtl(null).cacheTtl()).isNull();
  }
}
