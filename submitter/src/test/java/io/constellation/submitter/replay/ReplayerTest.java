package io.constellation.submitter.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.history.ExecutionQuery;
import io.constellation.history.ExecutionStorage;
import io.constellation.history.ExecutionSummary;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.submitter.Requests;
import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays against a real worker node and the JVM's real PostgreSQL: history rows are written with the
 * {@code TraceWriter} from the results the test collects (the streams app is not part of these tests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ReplayerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplayCluster cluster;
  private HistorySchema history;
  private ExecutionStorage storage;
  private Replayer replayer;

  @BeforeAll
  void start() throws InterruptedException {
    cluster = new ReplayCluster();
    history = HistorySchema.create("replayer");
    storage = history.db().executions();
    replayer = new Replayer(storage, cluster.client);
  }

  @AfterAll
  void stop() {
    if (cluster != null) cluster.close();
    if (history != null) history.close();
  }

  @Test
  void replay_failedExecutionsAfterAFix_runAgainLinkedToTheirOriginalWithTheNextAttempt() throws Exception {
    String key = UUID.randomUUID().toString();
    String longId = "L".repeat(256 - key.length()) + key; // the longest id there is: its replay id is shortened
    Map<String, Long> inputs = new LinkedHashMap<>();
    for (long x = 1; x <= 4; x++) inputs.put(key + "-" + x, x);
    inputs.put(longId, 5L);
    Map<String, ExecutionResult> firsts = runAndRecord(pipeline(key), key, inputs);
    assertThat(firsts.values()).filteredOn(r -> r.getStatus() == ExecutionStatus.FAILED).hasSize(3);
    cluster.fix(key);

    ReplayPlan plan = replayer.plan(failedOf(pipeline(key)), false);
    List<Integer> dones = new CopyOnWriteArrayList<>();
    Instant since = Instant.now();
    ReplayReport report = replayer.replay(plan, (item, done, total) -> dones.add(done));

    assertThat(plan.items()).extracting(ReplayItem::originalId)
        .containsExactlyInAnyOrder(key + "-1", key + "-3", longId);
    assertThat(plan.items()).allSatisfy(item -> {
      assertThat(item.attempt()).isEqualTo(2);
      assertThat(item.pipeline()).isEqualTo(pipeline(key));
      assertThat(item.replayId()).endsWith("~replay2");
      assertThat(item.replayId().length()).isLessThanOrEqualTo(256);
    });
    assertThat(report.submitted()).containsExactlyElementsOf(plan.items());
    assertThat(report.failed()).isEmpty();
    assertThat(dones).containsExactly(1, 2, 3);
    Map<String, ExecutionResult> replays = cluster.awaitResults(ids(plan), since);
    for (ReplayItem item : plan.items()) {
      ExecutionResult replay = replays.get(item.replayId());
      assertThat(replay.getStatus()).as(replay.getErrors().toString()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(replay.getReplayOf()).isEqualTo(item.originalId());
      assertThat(replay.getAttempt()).isEqualTo(2);
      assertThat(JSON.readTree(replay.getOutputs()).get("y").asLong()).isEqualTo(10 * inputs.get(item.originalId()));
    }
    history.db().traces().write(new ArrayList<>(replays.values()));
    List<ExecutionSummary> stored = storage.list(ExecutionQuery.builder().pipeline(pipeline(key)).build()).items();
    assertThat(stored).filteredOn(s -> s.replayOf() != null)
        .extracting(ExecutionSummary::replayOf, ExecutionSummary::attempt, ExecutionSummary::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(key + "-1", 2, "COMPLETED"),
            org.assertj.core.groups.Tuple.tuple(key + "-3", 2, "COMPLETED"),
            org.assertj.core.groups.Tuple.tuple(longId, 2, "COMPLETED"));
  }

  @Test
  void replay_sameSelectionTwice_submitsNothingTheSecondTime_andAgainSubmitsTheNextAttempt() throws Exception {
    String key = UUID.randomUUID().toString();
    runAndRecord(pipeline(key), key, Map.of(key + "-1", 1L, key + "-3", 3L));

    // Not fixed yet: the replays fail too, and are recorded as failed executions of their own.
    ReplayPlan first = replayer.plan(failedOf(pipeline(key)), false);
    Instant since = Instant.now();
    replayer.replay(first, ReplayProgress.NONE);
    history.db().traces().write(new ArrayList<>(cluster.awaitResults(ids(first), since).values()));
    ReplayPlan second = replayer.plan(failedOf(pipeline(key)), false);
    ReplayReport secondReport = replayer.replay(second, ReplayProgress.NONE);
    cluster.fix(key);
    ReplayPlan again = replayer.plan(failedOf(pipeline(key)), true);
    Instant againSince = Instant.now();
    ReplayReport againReport = replayer.replay(again, ReplayProgress.NONE);

    assertThat(first.items()).extracting(ReplayItem::attempt).containsOnly(2);
    assertThat(second.items()).isEmpty();
    assertThat(secondReport.submitted()).isEmpty();
    // The failed originals and their failed replays select one new attempt per original, linked to the original.
    assertThat(again.items()).extracting(ReplayItem::originalId).containsExactlyInAnyOrder(key + "-1", key + "-3");
    assertThat(again.items()).extracting(ReplayItem::replayId)
        .containsExactlyInAnyOrder(key + "-1~replay3", key + "-3~replay3");
    assertThat(againReport.submitted()).hasSize(2);
    Map<String, ExecutionResult> results = cluster.awaitResults(ids(again), againSince);
    assertThat(results.values()).allSatisfy(r -> {
      assertThat(r.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(r.getAttempt()).isEqualTo(3);
      assertThat(r.getReplayOf()).isIn(key + "-1", key + "-3");
    });
    assertThat(storage.nextReplayAttempt(key + "-1")).isEqualTo(4);
  }

  @Test
  void plan_submitsAndRecordsNothing_soTheSamePlanComesBack() throws Exception {
    String key = UUID.randomUUID().toString();
    runAndRecord(pipeline(key), key, Map.of(key + "-1", 1L));

    ReplayPlan once = replayer.plan(failedOf(pipeline(key)), false);
    ReplayPlan twice = Replayer.planner(storage).plan(failedOf(pipeline(key)), false);

    assertThat(once.items()).hasSize(1);
    assertThat(twice).isEqualTo(once);
    assertThat(storage.nextReplayAttempt(key + "-1")).isEqualTo(2);
    assertThatThrownBy(() -> Replayer.planner(storage).replay(once, ReplayProgress.NONE))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void replay_originalWithoutRecordedInputs_isReportedFailed_andTheOthersAreSubmitted() throws Exception {
    String key = UUID.randomUUID().toString();
    Map<String, ExecutionResult> firsts = runAndRecord(pipeline(key), key, Map.of(key + "-1", 1L));
    ExecutionResult withoutInputs = ExecutionResult.newBuilder(firsts.get(key + "-1"))
        .setExecutionId(key + "-no-inputs").setInputs(null).build();
    history.db().traces().write(List.of(withoutInputs));
    cluster.fix(key);

    ReplayPlan plan = replayer.plan(failedOf(pipeline(key)), false);
    Instant since = Instant.now();
    ReplayReport report = replayer.replay(plan, ReplayProgress.NONE);

    assertThat(plan.items()).hasSize(2);
    assertThat(report.submitted()).extracting(ReplayItem::originalId).containsExactly(key + "-1");
    assertThat(report.failed()).singleElement().satisfies(f -> {
      assertThat(f.item().originalId()).isEqualTo(key + "-no-inputs");
      assertThat(f.message()).contains("inputs were not recorded");
    });
    assertThat(cluster.awaitResults(List.of(key + "-1~replay2"), since)).hasSize(1);
    // Not recorded as replayed: it is selected again once its inputs are known (they never will be, here).
    assertThat(storage.nextReplayAttempt(key + "-no-inputs")).isEqualTo(2);
  }

  @Test
  void replay_historyDownBeforeTheSources_submitsNothing_andReportsEveryItemFailed() throws Exception {
    PostgresService postgres = TestInfrastructure.postgres();
    assumeFalse(postgres.external(), "stops the shared PostgreSQL");
    String key = UUID.randomUUID().toString();
    runAndRecord(pipeline(key), key, Map.of(key + "-1", 1L, key + "-3", 3L));
    ReplayPlan plan = replayer.plan(failedOf(pipeline(key)), false);

    ReplayReport report;
    postgres.stop();
    try {
      report = replayer.replay(plan, ReplayProgress.NONE);
    } finally {
      postgres.start();
    }

    assertThat(report.submitted()).isEmpty();
    assertThat(report.failed()).hasSize(2)
        .allSatisfy(f -> assertThat(f.message()).startsWith("not sent: the history became unavailable"));
    // Nothing was recorded, so the same plan comes back once the history is back.
    assertThat(replayer.plan(failedOf(pipeline(key)), false)).isEqualTo(plan);
  }

  private static String pipeline(String key) {
    return "fragile-" + key.substring(0, 8);
  }

  private static ExecutionQuery failedOf(String pipeline) {
    return ExecutionQuery.builder().status("failed").pipeline(pipeline).build();
  }

  private static List<String> ids(ReplayPlan plan) {
    return plan.items().stream().map(ReplayItem::replayId).toList();
  }

  /** Runs x per execution id on the worker, waits for every result and writes them all to the history. */
  private Map<String, ExecutionResult> runAndRecord(String pipeline, String key, Map<String, Long> inputs)
      throws Exception {
    Map<String, CompletableFuture<ExecutionResult>> pending = new LinkedHashMap<>();
    inputs.forEach((id, x) -> pending.put(id, cluster.client.submit(Requests.source(ReplayCluster.FRAGILE)
        .executionId(id).input("x", x).input("key", key).metadata("pipeline", pipeline).build())));
    Map<String, ExecutionResult> results = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<ExecutionResult>> e : pending.entrySet()) {
      results.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
    }
    history.db().traces().write(new ArrayList<>(results.values()));
    return results;
  }
}
