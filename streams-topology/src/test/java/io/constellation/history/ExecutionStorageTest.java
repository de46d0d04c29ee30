package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Queries, stats, retention and replay bookkeeping against real PostgreSQL. */
final class ExecutionStorageTest {
  @RegisterExtension
  static final HistoryFixture history = new HistoryFixture();

  private static final Instant T0 = Results.T0;
  private static final Offset<Double> CLOSE = Offset.offset(1e-9);

  /*
   * The data set: 12 executions, one per minute from T0 (e0 oldest, e11 newest).
   * status: every third FAILED (e0, e3, e6, e9), e10 REJECTED, the rest COMPLETED
   * pipeline: even -> "checkout" (hashes src-checkout/struct-checkout), odd -> "search"
   * node: e0..e5 on node-1, e6..e11 on node-2
   */
  @BeforeEach
  void writeDataSet() {
    List<ExecutionResult> results = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ExecutionStatus status = i == 10 ? ExecutionStatus.REJECTED
          : i % 3 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.COMPLETED;
      results.add(Results.simple("e" + i, i % 2 == 0 ? "checkout" : "search", T0.plus(Duration.ofMinutes(i)))
          .setStatus(status)
          .setNodeId(i < 6 ? "node-1" : "node-2")
          .setStartedAt(T0.plus(Duration.ofMinutes(i)).minusMillis(10L * (i + 1)))
          .setQueuedAt(T0.plus(Duration.ofMinutes(i)).minusMillis(10L * (i + 1) + i))
          .build());
    }
    history.db().traces().write(results);
  }

  private ExecutionStorage storage() {
    return history.db().executions();
  }

  private List<String> ids(UnaryOperator<ExecutionQuery.Builder> query) {
    return storage().list(query.apply(ExecutionQuery.builder()).build()).items().stream()
        .map(ExecutionSummary::executionId).toList();
  }

  @Test
  void list_noFilter_newestCompletedFirst() {
    assertThat(ids(q -> q)).containsExactly("e11", "e10", "e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0");
  }

  @Test
  void list_statusFilter_caseInsensitiveAndSeveral() {
    assertThat(ids(q -> q.status("failed"))).containsExactly("e9", "e6", "e3", "e0");
    assertThat(ids(q -> q.statuses(List.of("Rejected", "FAILED")))).containsExactly("e10", "e9", "e6", "e3", "e0");
    assertThat(ids(q -> q.status("expired"))).isEmpty();
  }

  @Test
  void list_pipelineFilter_matchesNameStructuralHashAndSourceHash() {
    List<String> checkout = List.of("e10", "e8", "e6", "e4", "e2", "e0");
    assertThat(ids(q -> q.pipeline("checkout"))).isEqualTo(checkout);
    assertThat(ids(q -> q.pipeline("struct-checkout"))).isEqualTo(checkout);
    assertThat(ids(q -> q.pipeline("src-checkout"))).isEqualTo(checkout);
    assertThat(ids(q -> q.pipeline("checkou"))).isEmpty();
  }

  @Test
  void list_nodeTimeRangeAndIds_combineWithAnd() {
    assertThat(ids(q -> q.node("node-1").status("completed"))).containsExactly("e5", "e4", "e2", "e1");
    assertThat(ids(q -> q.since(T0.plus(Duration.ofMinutes(3))).until(T0.plus(Duration.ofMinutes(6)))))
        .containsExactly("e5", "e4", "e3");
    assertThat(ids(q -> q.ids(List.of("e1", "e7", "nope", "e11")))).containsExactly("e11", "e7", "e1");
    assertThat(ids(q -> q.ids(List.of("e1", "e7")).pipeline("search").since(T0.plusSeconds(90))))
        .containsExactly("e7");
  }

  @Test
  void list_paging_walksEveryExecutionOnceAndReportsHasMore() {
    List<String> seen = new ArrayList<>();
    int offset = 0;
    Page<ExecutionSummary> page;
    do {
      page = storage().list(ExecutionQuery.builder().limit(5).offset(offset).build());
      page.items().forEach(s -> seen.add(s.executionId()));
      assertThat(page.offset()).isEqualTo(offset);
      assertThat(page.limit()).isEqualTo(5);
      offset += 5;
    } while (page.hasMore());

    assertThat(seen).containsExactly("e11", "e10", "e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0");
    assertThat(storage().list(ExecutionQuery.builder().limit(12).build()).hasMore()).isFalse();
    assertThat(storage().list(ExecutionQuery.builder().limit(11).build()).hasMore()).isTrue();
    assertThat(storage().list(ExecutionQuery.builder().offset(10_000_000).build()).items()).isEmpty();
  }

  @Test
  void list_sameCompletionTime_tiesBrokenByIdSoPagesNeverOverlap() {
    List<ExecutionResult> tied = new ArrayList<>();
    for (int i = 0; i < 7; i++) tied.add(Results.simple("tie" + i, "tied", T0.minusSeconds(60)).build());
    history.db().traces().write(tied);

    List<String> first = ids(q -> q.pipeline("tied").limit(4));
    List<String> second = ids(q -> q.pipeline("tied").limit(4).offset(4));

    assertThat(first).containsExactly("tie6", "tie5", "tie4", "tie3");
    assertThat(second).containsExactly("tie2", "tie1", "tie0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"'; drop table executions; --", "checkout' or '1'='1", "\" or 1=1 --", "%", "_",
      "e1') union select * from pg_user --", "$1", ":pipeline", "\\", "node-1; delete from executions"})
  void list_hostileFilterValues_matchNothingAndHarmNothing(String hostile) throws SQLException {
    assertThat(ids(q -> q.pipeline(hostile))).isEmpty();
    assertThat(ids(q -> q.node(hostile))).isEmpty();
    assertThat(ids(q -> q.ids(List.of(hostile)))).isEmpty();
    assertThat(storage().get(hostile)).isEmpty();
    assertThat(storage().stats(ExecutionQuery.builder().pipeline(hostile).build()).total()).isZero();
    assertThat(storage().replayCandidates(ExecutionQuery.builder().node(hostile).build(), true)).isEmpty();

    assertThat(history.count("select count(*) from executions")).isEqualTo(12);
  }

  @Test
  void get_hostileOrOversizedIds_areEmpty() {
    assertThat(storage().get("x".repeat(10_000))).isEmpty();
    assertThat(storage().get("a\0b")).isEmpty();
    assertThat(storage().get("")).isEmpty();
    assertThat(storage().get("e1")).isPresent();
  }

  @Test
  void stats_matchingExecutions_countsByStatusAndPercentiles() {
    HistoryStats all = storage().stats(ExecutionQuery.all());

    assertThat(all.total()).isEqualTo(12);
    assertThat(all.byStatus()).containsExactly(
        Map.entry("COMPLETED", 7L), Map.entry("FAILED", 4L),
        Map.entry("REJECTED", 1L), Map.entry("EXPIRED", 0L));
    // durations are 10, 20, ..., 120 ms; queue times 0, 1, ..., 11 ms (linear interpolation)
    assertThat(all.durationMs().p50()).isCloseTo(65.0, CLOSE);
    assertThat(all.durationMs().p95()).isCloseTo(114.5, CLOSE);
    assertThat(all.durationMs().p99()).isCloseTo(118.9, CLOSE);
    assertThat(all.queueMs().p50()).isCloseTo(5.5, CLOSE);
    assertThat(all.queueMs().p99()).isCloseTo(10.89, CLOSE);

    HistoryStats failed = storage().stats(ExecutionQuery.builder().status("failed").limit(1).build());
    assertThat(failed.total()).isEqualTo(4);
    assertThat(failed.byStatus().get("FAILED")).isEqualTo(4);
    assertThat(failed.durationMs().p50()).isCloseTo(55.0, CLOSE); // of 10, 40, 70, 100

    HistoryStats none = storage().stats(ExecutionQuery.builder().pipeline("none").build());
    assertThat(none.total()).isZero();
    assertThat(none.durationMs()).isEqualTo(Percentiles.NONE);
  }

  @Test
  void prune_olderThan_deletesOlderExecutionsWithNodesAndKeepsTheRest() throws SQLException {
    storage().recordReplay("e0", "e0~replay2", 2, T0);
    storage().recordReplay("e11", "e11~replay2", 2, T0.plus(Duration.ofHours(1)));

    int deleted = storage().prune(T0.plus(Duration.ofMinutes(4)));

    assertThat(deleted).isEqualTo(4);
    assertThat(ids(q -> q)).containsExactly("e11", "e10", "e9", "e8", "e7", "e6", "e5", "e4");
    assertThat(history.count("select count(*) from node_results")).isEqualTo(8);
    assertThat(history.count("select count(*) from node_results where execution_id = 'e0'")).isZero();
    assertThat(history.count("select count(*) from replays")).isEqualTo(1);
    assertThat(storage().prune(T0.plus(Duration.ofMinutes(4)))).isZero();
    assertThat(storage().prune(Instant.MIN)).isZero();
    assertThat(storage().prune(Instant.MAX)).isEqualTo(8);
    assertThat(history.count("select count(*) from pipelines")).isZero();
  }

  @Test
  void replayCandidates_withoutAgain_leaveOutRecordedAndReplayedExecutions() {
    ExecutionQuery failed = ExecutionQuery.builder().status("failed").build();
    assertThat(candidateIds(failed, false)).containsExactly("e9", "e6", "e3", "e0");

    storage().recordReplay("e9", "e9~replay2", 2, T0);
    history.db().traces().write(List.of(Results.simple("e6~replay2", "checkout", T0.plus(Duration.ofHours(1)))
        .setReplayOf("e6").setAttempt(2).build()));

    assertThat(candidateIds(failed, false)).containsExactly("e3", "e0");
    assertThat(candidateIds(failed, true)).containsExactly("e9", "e6", "e3", "e0");
    assertThat(candidateIds(failed.toBuilder().limit(1).offset(1).build(), false)).containsExactly("e0");
  }

  @Test
  void replayCandidates_carrySourceAndInputsAndSkipExecutionsWithoutSource() {
    history.db().traces().write(List.of(Results.simple("nosource", "checkout", T0).setStatus(ExecutionStatus.FAILED)
        .setSource(null).build()));

    List<ReplayCandidate> candidates = storage().replayCandidates(
        ExecutionQuery.builder().status("failed").pipeline("checkout").build(), false);

    assertThat(candidates).extracting(ReplayCandidate::executionId).containsExactly("e6", "e0");
    assertThat(candidates.get(0)).isEqualTo(
        new ReplayCandidate("e6", "checkout", "FAILED", 1, "in x: Int\nout x", "{\"x\":1}"));
  }

  @Test
  void recordReplay_sameReplayTwice_isOneRowAndNextAttemptCountsIt() throws SQLException {
    assertThat(storage().nextReplayAttempt("e3")).isEqualTo(2);

    storage().recordReplay("e3", "e3~replay2", 2, T0);
    storage().recordReplay("e3", "e3~replay2", 2, T0.plusSeconds(5));

    assertThat(history.count("select count(*) from replays")).isEqualTo(1);
    assertThat(storage().nextReplayAttempt("e3")).isEqualTo(3);
    storage().recordReplay("e3", "e3~replay5", 5, T0);
    assertThat(storage().nextReplayAttempt("e3")).isEqualTo(6);
    assertThat(storage().nextReplayAttempt("unknown")).isEqualTo(1);
  }

  @Test
  void nextReplayAttempt_originalWithHigherAttempt_startsAboveIt() {
    history.db().traces().write(List.of(Results.simple("late", "p", T0).setAttempt(4).build()));

    assertThat(storage().nextReplayAttempt("late")).isEqualTo(5);
  }

  @Test
  void recordReplay_badArguments_rejected() {
    assertThatThrownBy(() -> storage().recordReplay(" ", "r", 1, T0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("originalId");
    assertThatThrownBy(() -> storage().recordReplay("o", "r".repeat(600), 1, T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replayId must be at most 512");
    assertThatThrownBy(() -> storage().recordReplay("o", "r", 0, T0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt must be >= 1, was 0");
    assertThatThrownBy(() -> storage().nextReplayAttempt("a\0")).isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> candidateIds(ExecutionQuery query, boolean again) {
    return storage().replayCandidates(query, again).stream().map(ReplayCandidate::executionId).toList();
  }
}
