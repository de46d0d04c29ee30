package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.ExecutionResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * history, status, replay and history prune through {@link Main#run} against a real worker node and the JVM's
 * real PostgreSQL (a schema of this class's own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class HistoryCommandsTest {
  private HistoryTestCluster cluster;
  @TempDir Path home;

  @BeforeAll
  void start() throws InterruptedException {
    cluster = new HistoryTestCluster();
  }

  @AfterAll
  void stop() {
    if (cluster != null) cluster.close();
  }

  private CliRunner.Outcome cli(String... args) {
    return CliRunner.run(cluster.env(home), cluster.withAddresses(args));
  }

  @Test
  void history_listsRecordedExecutionsNewestFirst_filteredByPipelineAndStatus() throws Exception {
    String key = UUID.randomUUID().toString();
    String pipeline = "hist-" + key.substring(0, 8);
    cluster.runAndRecord(pipeline, key, Map.of(key + "-1", 1L, key + "-2", 2L, key + "-3", 3L, key + "-4", 4L));

    CliRunner.Outcome all = cli("history", "--pipeline", pipeline, "--json");
    CliRunner.Outcome failed = cli("history", "--pipeline", pipeline, "--status", "FAILED", "--json");
    CliRunner.Outcome text = cli("history", "--pipeline", pipeline, "--status", "completed,failed", "--limit", "3");

    assertThat(all.exitCode()).as(all.stderr()).isZero();
    assertThat(all.json().get("items")).hasSize(4);
    assertThat(failed.json().get("items")).extracting(i -> i.get("executionId").asText())
        .containsExactlyInAnyOrder(key + "-1", key + "-3");
    assertThat(failed.json().get("items")).allSatisfy(i -> {
      assertThat(i.get("status").asText()).isEqualTo("FAILED");
      assertThat(i.get("nodeId").asText()).isEqualTo(cluster.nodeId);
      assertThat(i.get("pipeline").asText()).isEqualTo(pipeline);
    });
    List<String> completedAt = StreamSupport.stream(all.json().get("items").spliterator(), false)
        .map(i -> i.get("completedAt").asText()).toList();
    assertThat(completedAt).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
    assertThat(text.exitCode()).isZero();
    assertThat(text.stdout().lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains(pipeline));
    assertThat(text.stderr()).contains("3 execution(s)").contains("--offset 3");
  }

  @Test
  void status_showsTheExecutionWithItsNodeTrace_exitCodeAsRun_andNotFoundIs1() throws Exception {
    String key = UUID.randomUUID().toString();
    cluster.runAndRecord("status-" + key.substring(0, 8), key, Map.of(key + "-ok", 2L, key + "-bad", 1L));

    CliRunner.Outcome completed = cli("status", key + "-ok", "--json");
    CliRunner.Outcome failed = cli("status", key + "-bad");
    CliRunner.Outcome missing = cli("status", "no-such-" + key);

    assertThat(completed.exitCode()).as(completed.stderr()).isZero();
    JsonNode trace = completed.json();
    assertThat(trace.get("outputs").get("y").asLong()).isEqualTo(20);
    assertThat(trace.get("nodeResults")).isNotEmpty();
    assertThat(trace.get("nodeResults")).anySatisfy(n -> assertThat(n.path("module").asText()).contains("Fragile"));
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stdout()).contains("execution " + key + "-bad").contains("status     failed")
        .contains("nodes:").contains("odd input 1 is not handled yet");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no execution 'no-such-" + key + "' in the history");
  }

  @Test
  void replay_dryRunSubmitsNothing_thenReplaysOnce_twiceIsNothing_againIsTheNextAttempt() throws Exception {
    String key = UUID.randomUUID().toString();
    String pipeline = "replay-" + key.substring(0, 8);
    cluster.runAndRecord(pipeline, key, Map.of(key + "-1", 1L, key + "-2", 2L, key + "-3", 3L));
    cluster.fix(key);

    CliRunner.Outcome dryRun = cli("replay", "--pipeline", pipeline, "--dry-run");
    Instant since = Instant.now();
    CliRunner.Outcome replay = cli("replay", "--pipeline", pipeline, "--since", "1h", "--json");
    Map<String, ExecutionResult> replays = cluster.awaitAndRecord(List.of(key + "-1~replay2", key + "-3~replay2"),
        since);
    CliRunner.Outcome twice = cli("replay", "--pipeline", pipeline);
    Instant againSince = Instant.now();
    CliRunner.Outcome again = cli("replay", "--pipeline", pipeline, "--status", "failed", "--status", "completed",
        "--id", key + "-1", "--again");
    Map<String, ExecutionResult> agains = cluster.awaitAndRecord(List.of(key + "-1~replay3"), againSince);
    CliRunner.Outcome history = cli("history", "--pipeline", pipeline, "--json");

    assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
    assertThat(dryRun.stdout()).contains("would replay " + key + "-1 as " + key + "-1~replay2 (attempt 2")
        .contains("would replay " + key + "-3 as " + key + "-3~replay2").contains("2 execution(s) would be replayed")
        .contains("nothing was submitted");
    assertThat(replay.exitCode()).as(replay.stderr()).isZero();
    assertThat(replay.json().get("submitted")).extracting(i -> i.get("replayId").asText())
        .containsExactlyInAnyOrder(key + "-1~replay2", key + "-3~replay2");
    assertThat(replay.json().get("failed")).isEmpty();
    assertThat(replays.values()).allSatisfy(r -> assertThat(r.getStatus().name()).isEqualTo("COMPLETED"));
    assertThat(twice.exitCode()).isZero();
    assertThat(twice.stdout()).contains("nothing to replay").contains("--again");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stderr()).contains("replayed 1/1  " + key + "-1 -> " + key + "-1~replay3");
    assertThat(again.stdout()).contains("replayed 1 of 1 execution(s)");
    assertThat(agains.get(key + "-1~replay3").getAttempt()).isEqualTo(3);
    assertThat(history.json().get("items")).filteredOn(i -> i.has("replayOf"))
        .extracting(i -> i.get("replayOf").asText() + "@" + i.get("attempt").asInt())
        .containsExactlyInAnyOrder(key + "-1@2", key + "-3@2", key + "-1@3");
  }

  @Test
  void prune_olderThan_deletesOnlyExecutionsCompletedBeforeThen() throws Exception {
    String key = UUID.randomUUID().toString();
    String pipeline = "prune-" + key.substring(0, 8);
    ExecutionResult recent = cluster.runAndRecord(pipeline, key, Map.of(key + "-recent", 2L)).get(key + "-recent");
    ExecutionResult old = ExecutionResult.newBuilder(recent).setExecutionId(key + "-old")
        .setCompletedAt(Instant.now().minus(Duration.ofDays(40))).build();
    cluster.history.traces().write(new ArrayList<>(List.of(old)));

    CliRunner.Outcome pruned = cli("history", "prune", "--older-than", "30d", "--json");

    assertThat(pruned.exitCode()).as(pruned.stderr()).isZero();
    assertThat(pruned.json().get("pruned").asInt()).isEqualTo(1);
    assertThat(cli("status", key + "-old").exitCode()).isEqualTo(1);
    assertThat(cli("status", key + "-recent").exitCode()).isZero();
  }

  @Test
  void history_hostileFilterStrings_matchNothingAndHarmNothing() throws Exception {
    String key = UUID.randomUUID().toString();
    String pipeline = "hostile-" + key.substring(0, 8);
    cluster.runAndRecord(pipeline, key, Map.of(key + "-1", 2L));

    for (String hostile : List.of("'; drop table executions; --", "x' or '1'='1", "%", "_", "\\", "${jndi:x}",
        "\u202Eevil")) {
      CliRunner.Outcome outcome = cli("history", "--pipeline", hostile, "--node", hostile, "--json");
      assertThat(outcome.exitCode()).as(hostile + ": " + outcome.stderr()).isZero();
      assertThat(outcome.json().get("items")).as(hostile).isEmpty();
      assertThat(cli("status", hostile).exitCode()).isEqualTo(1);
    }
    assertThat(cli("history", "--pipeline", pipeline, "--json").json().get("items")).hasSize(1);
  }

  @Test
  void history_withoutAddress_usesTheRunningDevClustersPostgres() throws Exception {
    String key = UUID.randomUUID().toString();
    cluster.runAndRecord("dev-" + key.substring(0, 8), key, Map.of(key + "-1", 2L));
    new DevState("127.0.0.1:1", "constellation", ProcessHandle.current().pid(), List.of(), null,
        cluster.postgresUrl(), null).write(DevState.file(cluster.env(home)));

    CliRunner.Outcome outcome = CliRunner.run(cluster.env(home), "status", key + "-1", "--json");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.json().get("executionId").asText()).isEqualTo(key + "-1");
  }
}
