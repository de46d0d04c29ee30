package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.testkit.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code worker} and {@code dev} run until stopped, then close in order and return 0. */
final class LongRunningCommandsTest {
  @TempDir Path dir;

  /** A command running on its own thread, its output captured, stopped by {@link #stop}. */
  private static final class Running {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final StopSignal.Manual signal = StopSignal.manual();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    Running(Map<String, String> env, String... args) {
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      Thread.ofPlatform().name("cli-" + args[0]).start(() -> {
        try {
          exit.complete(Main.run(List.of(args), o, e, env, () -> signal));
        } catch (Throwable t) {
          exit.completeExceptionally(t);
        }
      });
    }

    String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    int stop() throws Exception {
      signal.stop();
      return exit.get(90, TimeUnit.SECONDS);
    }
  }

  @Test
  void worker_startsPrintsItsIdAndPort_thenStopsCleanlyWithExit0() throws Exception {
    String bootstrap = TestInfrastructure.kafka().bootstrapServers();
    String prefix = "cli-worker-" + UUID.randomUUID().toString().substring(0, 8);
    Running worker = new Running(Map.of("CONSTELLATION_HOME", dir.toString(), "CONSTELLATION_TOPIC_PREFIX", prefix),
        "worker", "--node-id", "cli-w", "--port", "0", "--bootstrap-servers", bootstrap, "--drain-timeout", "5s");

    Polling.until("worker started", Duration.ofSeconds(60),
        () -> worker.stdout().contains("admin http://") || worker.exit.isDone());
    assertThat(worker.exit).isNotDone();
    assertThat(worker.stdout()).contains("worker cli-w started").contains("topic prefix '" + prefix + "'");

    Path pipeline = dir.resolve("p.cst");
    Files.writeString(pipeline, "in x: Int\nout x\n");
    CliRunner.Outcome submitted = CliRunner.run(Map.of("CONSTELLATION_HOME", dir.toString()), "submit",
        pipeline.toString(), "--input", "x=3", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--json");
    assertThat(submitted.exitCode()).as(submitted.stderr()).isEqualTo(0);
    assertThat(submitted.json().get("node").asText()).isEqualTo("cli-w");

    assertThat(worker.stop()).isEqualTo(0);
    assertThat(worker.err.toString(StandardCharsets.UTF_8)).contains("worker cli-w stopped");
  }

  @Test
  void dev_recordsItself_submitFindsItWithoutFlags_stopRemovesTheRecord() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = Map.of("CONSTELLATION_HOME", dir.toString());
    Path record = dir.resolve("dev.json");
    Running dev = new Running(env, "dev", "--workers", "2", "--port", Integer.toString(port), "--gateway-port", "0");

    Polling.until("dev cluster ready", Duration.ofSeconds(90),
        () -> dev.stdout().contains("dev cluster ready") || dev.exit.isDone());
    assertThat(dev.exit).isNotDone();
    assertThat(dev.stdout()).contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:" + port).contains("worker dev-1")
        .contains("worker dev-2").contains("constellation submit").contains("REDIS_URL=redis://127.0.0.1:");
    assertThat(DevState.read(record)).hasValueSatisfying(state -> {
      assertThat(state.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(state.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(state.adminPorts()).hasSize(2);
      assertThat(state.redisUrl()).startsWith("redis://127.0.0.1:");
      assertThat(dev.stdout()).contains("REDIS_URL=" + state.redisUrl());
    });

    Path pipeline = dir.resolve("p.cst");
    Files.writeString(pipeline, "in x: Int\nout x\n");
    CliRunner.Outcome submitted = CliRunner.run(env, "submit", pipeline.toString(), "--input", "x=9", "--json",
        "--cache-ttl", "5min");
    assertThat(submitted.exitCode()).as(submitted.stderr()).isEqualTo(0);
    assertThat(submitted.json().get("node").asText()).isIn("dev-1", "dev-2");
    assertThat(submitted.json().get("fromCache").asBoolean()).isFalse();
    // The streams app records it in the dev PostgreSQL, where status finds it; the gateway answers.
    String executionId = submitted.json().get("executionId").asText();
    Polling.until("the execution in the history", Duration.ofSeconds(60),
        () -> CliRunner.run(env, "status", executionId, "--json").exitCode() == 0);
    CliRunner.Outcome status = CliRunner.run(env, "status", executionId, "--json");
    assertThat(status.stdout()).contains("\"pipeline\":\"p\"");
    String gateway = DevState.read(record).orElseThrow().gatewayUrl();
    HttpResponse<String> ready = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(gateway + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    // The workers share the dev Redis: the same pipeline and inputs within the TTL come from the execution cache.
    CliRunner.Outcome again = CliRunner.run(env, "submit", pipeline.toString(), "--input", "x=9", "--json",
        "--cache-ttl", "5min");
    assertThat(again.exitCode()).as(again.stderr()).isEqualTo(0);
    assertThat(again.json().get("fromCache").asBoolean()).isTrue();
    assertThat(again.json().get("outputs").get("x").asInt()).isEqualTo(9);
    CliRunner.Outcome text = CliRunner.run(env, "submit", pipeline.toString(), "--input", "x=9", "--cache-ttl", "5min");
    assertThat(text.stderr()).contains("from the execution cache");
    // cache and circuits find the dev cluster's Redis without flags.
    CliRunner.Outcome keys = CliRunner.run(env, "cache", "keys", "--json");
    assertThat(keys.exitCode()).as(keys.stderr()).isEqualTo(0);
    assertThat(keys.json().get("keys").isArray()).isTrue();
    CliRunner.Outcome circuits = CliRunner.run(env, "circuits", "list", "--json");
    assertThat(circuits.exitCode()).as(circuits.stderr()).isEqualTo(0);
    assertThat(circuits.json().get("circuits").isArray()).isTrue();
    assertThat(CliRunner.run(env, "topics", "describe").exitCode()).isEqualTo(0);
    CliRunner.Outcome second = CliRunner.run(env, "dev", "--port", Integer.toString(port + 1));
    assertThat(second.exitCode()).isEqualTo(64);
    assertThat(second.stderr()).contains("a dev cluster is already running");

    assertThat(dev.stop()).isEqualTo(0);
    assertThat(record).doesNotExist();
  }

  @Test
  void dev_keepsItsDataAcrossARestart_unlessFresh() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = Map.of("CONSTELLATION_HOME", dir.toString());
    Path data = dir.resolve("data");
    Path pipeline = dir.resolve("kept.cst");
    Files.writeString(pipeline, "in x: Int\nout x\n");
    String[] dev = {"dev", "--workers", "1", "--port", Integer.toString(port), "--gateway-port", "0", "--data",
        data.toString()};

    Running first = startDev(env, dev);
    CliRunner.Outcome submitted = CliRunner.run(env, "submit", pipeline.toString(), "--input", "x=1", "--json");
    assertThat(submitted.exitCode()).as(submitted.stderr()).isEqualTo(0);
    String executionId = submitted.json().get("executionId").asText();
    Polling.until("the execution in the history", Duration.ofSeconds(60),
        () -> CliRunner.run(env, "status", executionId).exitCode() == 0);
    assertThat(first.stop()).isEqualTo(0);

    Running second = startDev(env, dev);
    assertThat(CliRunner.run(env, "status", executionId).exitCode()).as("history survives a restart").isEqualTo(0);
    assertThat(second.stop()).isEqualTo(0);

    String[] fresh = java.util.Arrays.copyOf(dev, dev.length + 1);
    fresh[dev.length] = "--fresh";
    Running third = startDev(env, fresh);
    assertThat(CliRunner.run(env, "status", executionId).exitCode()).as("--fresh starts from nothing").isEqualTo(1);
    assertThat(third.stop()).isEqualTo(0);
  }

  private static Running startDev(Map<String, String> env, String... args) throws InterruptedException {
    Running dev = new Running(env, args);
    Polling.until("dev cluster ready", Duration.ofSeconds(90),
        () -> dev.stdout().contains("dev cluster ready") || dev.exit.isDone());
    assertThat(dev.exit).as(dev.stdout()).isNotDone();
    return dev;
  }

  @Test
  void dev_portInUse_exit69_sayingWhich() throws IOException {
    try (ServerSocket busy = new ServerSocket(0)) {
      CliRunner.Outcome outcome = CliRunner.run(Map.of("CONSTELLATION_HOME", dir.toString()), "dev", "--port",
          Integer.toString(busy.getLocalPort()));

      assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(69);
      assertThat(outcome.stderr()).contains("cannot start Kafka on port " + busy.getLocalPort());
      assertThat(dir.resolve("dev.json")).doesNotExist();
    }
  }
}
