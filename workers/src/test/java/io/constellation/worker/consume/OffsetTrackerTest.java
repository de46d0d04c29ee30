package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.worker.consume.PartitionProgress.CommitPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class OffsetTrackerTest {
  private static final TopicPartition P0 = new TopicPartition("t.requests", 0);
  private static final TopicPartition P1 = new TopicPartition("t.requests", 1);

  private static long position(OffsetTracker tracker, TopicPartition partition) {
    return tracker.committable().get(partition).position();
  }

  @Test
  void committable_outOfOrderCompletion_neverPassesTheFirstOpenOffset() {
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p = tracker.start(P0, null);
    for (long offset = 10; offset < 15; offset++) p.take(offset);

    p.complete(12);
    p.complete(14);
    // 10 is still open: the position stays at 10, and 12 and 14 travel as done offsets above it
    assertThat(tracker.committable().get(P0)).isEqualTo(new CommitPlan(10, "d1:2,4", Long.MAX_VALUE));

    p.complete(10);
    assertThat(tracker.committable().get(P0)).isEqualTo(new CommitPlan(11, "d1:1,3", Long.MAX_VALUE));

    p.complete(11);
    assertThat(tracker.committable().get(P0)).isEqualTo(new CommitPlan(13, "d1:1", Long.MAX_VALUE));

    p.complete(13);
    assertThat(tracker.committable().get(P0)).isEqualTo(new CommitPlan(15, "", Long.MAX_VALUE));
  }

  @Test
  void committable_nothingDoneYet_isEmpty() {
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p = tracker.start(P0, null);
    assertThat(tracker.committable()).isEmpty();
    p.take(4);
    assertThat(tracker.committable()).as("committing the starting position changes nothing").isEmpty();
  }

  @Test
  void committable_afterCommit_onlyPartitionsThatChanged() {
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p0 = tracker.start(P0, null);
    PartitionProgress p1 = tracker.start(P1, new OffsetAndMetadata(5));
    p0.take(0);
    p0.complete(0);
    p1.take(5);
    p1.complete(5);
    Map<TopicPartition, CommitPlan> first = tracker.committable();
    assertThat(first).containsOnlyKeys(P0, P1);
    assertThat(first.get(P0).position()).isEqualTo(1);
    assertThat(first.get(P1).position()).isEqualTo(6);

    tracker.committed(first);
    assertThat(tracker.committable()).isEmpty();

    p1.take(6);
    p1.complete(6);
    assertThat(tracker.committable()).containsOnlyKeys(P1);
    assertThat(position(tracker, P1)).isEqualTo(7);
  }

  @Test
  void take_recordDoneByAnEarlierOwner_isReportedAsAlreadyDone() {
    OffsetTracker tracker = new OffsetTracker();
    // the earlier owner committed position 100 with 102..104 and 107 done above it
    PartitionProgress p = tracker.start(P0, new OffsetAndMetadata(100, "d1:2-4,7"));
    assertThat(p.take(100)).isFalse();
    assertThat(p.take(101)).isFalse();
    assertThat(p.take(102)).isTrue();
    assertThat(p.take(105)).isFalse();
    assertThat(p.take(107)).isTrue();
    p.complete(102);
    p.complete(107);
    p.complete(101);
    // 100 open: the inherited done offsets are carried into the next commit, so nothing is forgotten
    assertThat(tracker.committable().get(P0)).isEqualTo(new CommitPlan(100, "d1:1-4,7", Long.MAX_VALUE));
  }

  @Test
  void committable_inheritedDoneOffsetsNotYetReTaken_areCarriedForward() {
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p = tracker.start(P0, new OffsetAndMetadata(100, "d1:3-4"));
    p.take(100);
    p.complete(100);
    // position 101; 103 and 104 not seen yet but already done
    assertThat(tracker.committable().get(P0)).isEqualTo(new CommitPlan(101, "d1:2-3", Long.MAX_VALUE));
  }

  @Test
  void committable_metadataOverTheBound_coversOnlyWhatFits() {
    OffsetTracker tracker = new OffsetTracker(12);
    PartitionProgress p = tracker.start(P0, null);
    for (long offset = 0; offset < 20; offset++) p.take(offset);
    for (long offset = 2; offset < 20; offset += 2) p.complete(offset); // 2,4,...,18 done; 0 open

    CommitPlan plan = tracker.committable().get(P0);
    assertThat(plan.position()).isZero();
    assertThat(plan.metadata().length()).isLessThanOrEqualTo(12);
    assertThat(plan.covers(2)).isTrue();
    assertThat(plan.covers(18)).as("not recorded: its result must wait").isFalse();
  }

  @Test
  void complete_unknownOrRepeatedOffset_isIgnored() {
    PartitionProgress p = new OffsetTracker().start(P0, null);
    p.take(3);
    assertThat(p.complete(4)).isFalse();
    assertThat(p.complete(3)).isTrue();
    assertThat(p.complete(3)).isFalse();
  }

  @Test
  void take_offsetGoingBackwards_isRefused() {
    PartitionProgress p = new OffsetTracker().start(P0, null);
    p.take(7);
    assertThatThrownBy(() -> p.take(7)).isInstanceOf(IllegalStateException.class).hasMessageContaining("offset 7");
  }

  @Test
  void take_gapsInOffsets_commitPastTheGap() {
    // compacted topics and transaction markers leave offsets that are never delivered
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p = tracker.start(P0, null);
    p.take(0);
    p.take(5);
    p.complete(5);
    p.complete(0);
    assertThat(position(tracker, P0)).isEqualTo(6);
  }

  @Test
  void restart_startsFromTheLastCommitWithItsDoneOffsets() {
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p = tracker.start(P0, null);
    assertThat(p.rewindPosition()).isEqualTo(-1);
    p.take(20);
    p.take(21);
    p.take(22);
    assertThat(p.rewindPosition()).isEqualTo(20);
    p.complete(20);
    p.complete(22);
    tracker.committed(tracker.committable()); // position 21, 22 done above it
    assertThat(p.rewindPosition()).isEqualTo(21);

    PartitionProgress fresh = tracker.restart(p);
    assertThat(p.dropped()).isTrue();
    assertThat(tracker.isCurrent(fresh)).isTrue();
    assertThat(fresh.take(21)).isFalse();
    assertThat(fresh.take(22)).as("committed above the position before the abort").isTrue();
  }

  @Test
  void start_again_dropsThePreviousProgress() {
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress old = tracker.start(P0, null);
    PartitionProgress fresh = tracker.start(P0, null);
    assertThat(old.dropped()).isTrue();
    assertThat(tracker.isCurrent(old)).isFalse();
    assertThat(tracker.isCurrent(fresh)).isTrue();
  }

  @Test
  void remove_dropsProgressAndForgetsItsOffsets() {
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p0 = tracker.start(P0, null);
    tracker.start(P1, null);
    p0.take(1);
    p0.complete(1);

    assertThat(tracker.remove(List.of(P0, new TopicPartition("other", 9)))).containsExactly(p0);
    assertThat(p0.dropped()).isTrue();
    assertThat(tracker.isCurrent(p0)).isFalse();
    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.partitionCount()).isEqualTo(1);
  }

  /**
   * Whatever the completion order: a commit never passes an open offset, and a new owner starting from any commit
   * re-runs exactly the records that were not done (nothing lost, nothing answered twice).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234, 99_999})
  void committable_randomCompletionOrder_nextOwnerRedoesExactlyTheOpenRecords(long seed) {
    Random random = new Random(seed);
    OffsetTracker tracker = new OffsetTracker();
    PartitionProgress p = tracker.start(P0, null);
    List<Long> open = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    long next = 0;
    for (int step = 0; step < 2_000; step++) {
      if (open.isEmpty() || random.nextInt(3) > 0) {
        next += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0); // occasional gaps
        p.take(next);
        open.add(next);
        all.add(next);
      } else {
        Collections.shuffle(open, random);
        p.complete(open.remove(open.size() - 1));
      }
      CommitPlan plan = tracker.committable().get(P0);
      if (plan != null && random.nextInt(4) == 0) {
        long min = open.stream().mapToLong(Long::longValue).min().orElse(next + 1);
        assertThat(plan.position()).isLessThanOrEqualTo(min);
        tracker.committed(Map.of(P0, plan));

        PartitionProgress successor = new PartitionProgress(P0, plan.offsetAndMetadata(), DoneOffsets.MAX_CHARS);
        for (long offset : all) {
          if (offset < plan.position()) continue;
          boolean skipped = successor.take(offset);
          assertThat(skipped).as("offset %d after commit %s", offset, plan).isEqualTo(!open.contains(offset));
        }
      }
    }
  }
}
