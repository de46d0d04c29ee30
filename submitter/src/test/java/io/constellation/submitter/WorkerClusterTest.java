package io.constellation.submitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.submitter.batch.BatchOptions;
import io.constellation.submitter.batch.BatchProgress;
import io.constellation.submitter.batch.BatchRunner;
import io.constellation.submitter.batch.BatchSummary;
import io.constellation.testkit.TestInfrastructure;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client and the batch runner against a real broker and two real worker nodes. */
final class WorkerClusterTest {
  private static final String DOUBLE = "in x: Int\ndoubled = x * 2\nout doubled\n";
  private static final Topics TOPICS = new Topics("workers-" + UUID.randomUUID().toString().substring(0, 8));
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String bootstrap;
  private static final List<WorkerNode> nodes = new ArrayList<>();
  private static ConstellationClient client;

  @TempDir Path dir;

  @BeforeAll
  static void cluster() throws InterruptedException {
    bootstrap = TestInfrastructure.kafka().bootstrapServers();
    for (String id : List.of("w-1", "w-2")) {
      nodes.add(WorkerNode.start(WorkerConfig.defaults().withNodeId(id).withAdminPort(0)
          .withBootstrapServers(bootstrap).withTopicPrefix(TOPICS.prefix()).withMaxConcurrency(8),
          ModuleRegistry.standard()));
    }
    Poll.until("both workers ready", Duration.ofSeconds(60), () -> nodes.stream().allMatch(WorkerNode::ready));
    client = ConstellationClient.builder().bootstrapServers(bootstrap).topics(TOPICS).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) client.close();
    nodes.forEach(WorkerNode::close);
  }

  private static ExecutionResult await(ExecutionRequest request) throws Exception {
    return client.submit(request).get(60, TimeUnit.SECONDS);
  }

  @Test
  void submit_resultComesBackFromAWorker() throws Exception {
    ExecutionResult result = await(Requests.source(DOUBLE).input("x", 21).build());

    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(JSON.readTree(result.getOutputs()).get("doubled").asInt()).isEqualTo(42);
    assertThat(result.getNodeId()).isIn("w-1", "w-2");
  }

  @Test
  void submit_json_roundTripsThroughARealWorker() throws Exception {
    try (ConstellationClient jsonClient = ConstellationClient.builder().bootstrapServers(bootstrap).topics(TOPICS)
        .encoding(Encoding.JSON).build()) {
      ExecutionResult result = jsonClient.submit(Requests.source(DOUBLE).input("x", -4).build())
          .get(60, TimeUnit.SECONDS);

      assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(JSON.readTree(result.getOutputs()).get("doubled").asInt()).isEqualTo(-8);
    }
  }

  @Test
  void submit_pinned_runsOnTheNamedNode() throws Exception {
    for (String node : List.of("w-1", "w-2", "w-2", "w-1")) {
      ExecutionResult result = await(Requests.source(DOUBLE).input("x", 1).node(node).build());
      assertThat(result.getNodeId()).isEqualTo(node);
    }
  }

  @Test
  void submit_badSourceOrInputs_isRejectedWithTheReason() throws Exception {
    ExecutionResult badSource = await(Requests.source("in x: Int\nout nope\n").input("x", 1).build());
    ExecutionResult badInput = await(Requests.source(DOUBLE).input("x", "not a number").build());

    assertThat(badSource.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(badSource.getErrors()).isNotEmpty();
    assertThat(badInput.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
  }

  @Test
  void batch_500Lines_twoWorkers_500Results_andTheSummaryCounts() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 500; i++) lines.add("{\"x\":" + i + "}");
    lines.set(99, "{\"x\":\"text\"}");   // line 100: wrong type -> rejected by the worker
    lines.set(199, "{broken json");      // line 200: malformed -> rejected by the runner
    Path in = dir.resolve("numbers.jsonl");
    Files.write(in, lines, StandardCharsets.UTF_8);
    Path out = dir.resolve("numbers.results.jsonl");
    List<BatchProgress> progress = new CopyOnWriteArrayList<>();

    BatchSummary summary = new BatchRunner(client, BatchOptions.of(DOUBLE, in, out).withMaxInFlight(64)
        .withResultTimeout(Duration.ofSeconds(60)),
        progress::add).run();

    assertThat(summary.count("completed")).isEqualTo(498);
    assertThat(summary.count("rejected")).isEqualTo(2);
    assertThat(summary.malformed()).isEqualTo(1);
    assertThat(summary.missing()).isZero();
    List<JsonNode> results = new ArrayList<>();
    for (String line : Files.readAllLines(out)) results.add(JSON.readTree(line));
    assertThat(results).hasSize(500);
    Set<Integer> lineNumbers = new HashSet<>();
    Set<String> nodesSeen = new HashSet<>();
    for (JsonNode result : results) {
      int line = result.get("line").asInt();
      lineNumbers.add(line);
      if (result.get("status").asText().equals("completed")) {
        assertThat(result.get("outputs").get("doubled").asInt()).isEqualTo(2 * line);
        nodesSeen.add(result.get("node").asText());
      }
    }
    assertThat(lineNumbers).hasSize(500);
    assertThat(nodesSeen).containsExactlyInAnyOrder("w-1", "w-2");
    assertThat(progress).last().satisfies(p -> assertThat(p.done()).isEqualTo(500));
  }

  @Test
  void batch_resumeAfterAPartialOutput_submitsOnlyTheMissingLines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 40; i++) lines.add("{\"x\":" + i + "}");
    Path in = dir.resolve("resume.jsonl");
    Files.write(in, lines, StandardCharsets.UTF_8);
    Path out = dir.resolve("resume.results.jsonl");
    new BatchRunner(client, BatchOptions.of(DOUBLE, in, out).withResultTimeout(Duration.ofSeconds(60)), p -> {}).run();
    List<String> firstRun = Files.readAllLines(out);
    // Keep the results of the first 25 lines only, as if the run had been killed.
    List<String> partial = firstRun.stream().filter(l -> readLine(l) <= 25).toList();
    Files.write(out, partial, StandardCharsets.UTF_8);

    BatchSummary resumed = new BatchRunner(client, BatchOptions.of(DOUBLE, in, out).withResume(true)
        .withResultTimeout(Duration.ofSeconds(60)), p -> {}).run();

    assertThat(resumed.skipped()).isEqualTo(25);
    assertThat(resumed.recovered()).isEqualTo(15);  // already answered on the topic: not run again
    assertThat(resumed.count("completed")).isEqualTo(15);
    assertThat(resumed.missing()).isZero();
    List<Integer> numbers = Files.readAllLines(out).stream().map(WorkerClusterTest::readLine).toList();
    assertThat(numbers).hasSize(40).doesNotHaveDuplicates();
  }

  private static int readLine(String resultLine) {
    try {
      return JSON.readTree(resultLine).get("line").asInt();
    } catch (Exception e) {
      throw new AssertionError(resultLine, e);
    }
  }
}
