package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.testkit.TestInfrastructure;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit, batch and topics through {@link Main#run} against a real broker and a real worker node. */
final class ClusterCommandsTest {
  private static final String PREFIX = "cli-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String DOUBLE = "in x: Int\ndoubled = x * 2\nout doubled\n";

  private static String bootstrap;
  private static WorkerNode worker;

  @TempDir static Path home;
  @TempDir Path dir;

  @BeforeAll
  static void cluster() throws InterruptedException {
    bootstrap = TestInfrastructure.kafka().bootstrapServers();
    worker = WorkerNode.start(WorkerConfig.defaults().withNodeId("cli-1").withAdminPort(0)
        .withBootstrapServers(bootstrap).withTopicPrefix(PREFIX), ModuleRegistry.standard());
    Polling.until("worker ready", Duration.ofSeconds(60), worker::ready);
  }

  @AfterAll
  static void stop() {
    if (worker != null) worker.close();
  }

  /** No dev.json is found by accident: CONSTELLATION_HOME is a fresh directory. */
  private static Map<String, String> env() {
    return Map.of("CONSTELLATION_HOME", home.toString());
  }

  private static CliRunner.Outcome cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap-servers", bootstrap, "--topic-prefix", PREFIX));
    return CliRunner.run(env(), all.toArray(String[]::new));
  }

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void submit_json_completedOnTheWorker_exit0() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);

    CliRunner.Outcome outcome = cli("submit", pipeline.toString(), "--input", "x=21", "--json");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(0);
    JsonNode result = outcome.json();
    assertThat(result.get("status").asText()).isEqualTo("completed");
    assertThat(result.get("outputs").get("doubled").asInt()).isEqualTo(42);
    assertThat(result.get("node").asText()).isEqualTo("cli-1");
    assertThat(result.get("executionId").asText()).isNotBlank();
    assertThat(result.get("errors")).isEmpty();
  }

  @Test
  void submit_text_printsOutputsAndStatus_pinnedToTheNode() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);
    Path inputs = file("in.json", "{\"x\": 5}");

    CliRunner.Outcome outcome = cli("submit", pipeline.toString(), "--inputs", inputs.toString(), "--node", "cli-1",
        "--encoding", "json", "--priority", "90", "--deadline", "1min");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(0);
    assertThat(outcome.stdout()).contains("doubled = 10");
    assertThat(outcome.stderr()).contains("completed on cli-1");
  }

  @Test
  void submit_badSource_isRejected_exit2_withTheCompileErrors() throws IOException {
    Path pipeline = file("bad.cst", "in x: Int\nout nope\n");

    CliRunner.Outcome outcome = cli("submit", pipeline.toString(), "--input", "x=1", "--json");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.json().get("status").asText()).isEqualTo("rejected");
    assertThat(outcome.json().get("errors")).isNotEmpty();
  }

  @Test
  void submit_inputsFileNotJson_isRejectedBeforeSending_exit2() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);
    Path inputs = file("in.json", "{not json");

    CliRunner.Outcome outcome = cli("submit", pipeline.toString(), "--inputs", inputs.toString(), "--json");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.json().get("errors").get(0).get("code").asText()).isEqualTo("INPUT_VALIDATION");
  }

  @Test
  void submit_noWait_printsTheExecutionId_exit0() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);

    CliRunner.Outcome outcome = cli("submit", pipeline.toString(), "--input", "x=1", "--no-wait",
        "--execution-id", "cli-nowait-1");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(0);
    assertThat(outcome.stdout().strip()).isEqualTo("cli-nowait-1");
    assertThat(outcome.stderr()).contains("submitted to " + PREFIX + ".requests-");
  }

  @Test
  void submit_hugeSource_isAUsageErrorNamingTheLimit() throws IOException {
    Path pipeline = file("huge.cst", "# " + "x".repeat(2 << 20) + "\n");

    CliRunner.Outcome outcome = cli("submit", pipeline.toString());

    assertThat(outcome.exitCode()).isEqualTo(64);
    assertThat(outcome.stderr()).contains("over the limit of 1048576");
  }

  @Test
  void submit_nothingListening_exit69_withAClearMessage() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    CliRunner.Outcome outcome = CliRunner.run(env(), "submit", pipeline.toString(), "--bootstrap-servers",
        "127.0.0.1:" + port);

    assertThat(outcome.exitCode()).isEqualTo(69);
    assertThat(outcome.stderr()).contains("cluster unreachable").contains("127.0.0.1:" + port)
        .doesNotContain("Exception");
  }

  @Test
  void submit_missingTopics_exit69_sayingHowToCreateThem() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);

    CliRunner.Outcome outcome = CliRunner.run(env(), "submit", pipeline.toString(), "--bootstrap-servers", bootstrap,
        "--topic-prefix", "no-topics-here");

    assertThat(outcome.exitCode()).isEqualTo(69);
    assertThat(outcome.stderr()).contains("constellation topics create");
  }

  @Test
  void batch_withBadLines_writesEveryLine_summarises_exit1() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 60; i++) lines.add("{\"x\":" + i + "}");
    lines.set(4, "{oops");
    lines.set(9, "[1,2,3]");
    lines.add("");
    Path in = dir.resolve("many.jsonl");
    Files.write(in, lines, StandardCharsets.UTF_8);

    CliRunner.Outcome outcome = cli("batch", pipeline.toString(), "--inputs", in.toString(), "--max-in-flight", "16",
        "--timeout", "60s");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(1);
    Path out = dir.resolve("many.results.jsonl");
    assertThat(Files.readAllLines(out)).hasSize(60);
    assertThat(outcome.stdout()).contains("completed 58").contains("rejected 2 (malformed 2)")
        .contains("p50").contains("p99");
    assertThat(outcome.stderr()).contains("progress 60/60");
  }

  @Test
  void batch_json_allCompleted_exit0_thenResumeHasNothingToDo() throws IOException {
    Path pipeline = file("double.cst", DOUBLE);
    Path in = file("few.jsonl", "{\"x\":1}\n{\"x\":2}\n{\"x\":3}\n");
    Path out = dir.resolve("few.out.jsonl");

    CliRunner.Outcome first = cli("batch", pipeline.toString(), "--inputs", in.toString(), "--out", out.toString(),
        "--json");
    CliRunner.Outcome resumed = cli("batch", pipeline.toString(), "--inputs", in.toString(), "--out",
        out.toString(), "--resume", "--json");

    assertThat(first.exitCode()).as(first.stderr()).isEqualTo(0);
    assertThat(first.json().get("counts").get("completed").asInt()).isEqualTo(3);
    assertThat(resumed.exitCode()).as(resumed.stderr()).isEqualTo(0);
    assertThat(resumed.json().get("skipped").asInt()).isEqualTo(3);
    assertThat(resumed.json().get("counts").get("completed").asInt()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(3);
  }

  @Test
  void topics_createThenDescribe_listsEveryTopic() {
    String prefix = "cli-topics-" + UUID.randomUUID().toString().substring(0, 8);

    CliRunner.Outcome created = CliRunner.run(env(), "topics", "create", "--bootstrap-servers", bootstrap,
        "--topic-prefix", prefix);
    CliRunner.Outcome described = CliRunner.run(env(), "topics", "describe", "--bootstrap-servers", bootstrap,
        "--topic-prefix", prefix, "--json");

    assertThat(created.exitCode()).as(created.stderr()).isEqualTo(0);
    assertThat(created.stdout()).contains(prefix + ".requests").contains(prefix + ".results").contains("ok");
    assertThat(described.exitCode()).isEqualTo(0);
    assertThat(described.json()).hasSize(5);
    assertThat(described.json().get(0).get("healthy").asBoolean()).isTrue();
  }

  @Test
  void topics_describeMissing_exit1_andSaysHowToCreate() {
    CliRunner.Outcome outcome = CliRunner.run(env(), "topics", "describe", "--bootstrap-servers", bootstrap,
        "--topic-prefix", "never-created-" + UUID.randomUUID().toString().substring(0, 8));

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stdout()).contains("missing (run 'constellation topics create')");
  }
}
