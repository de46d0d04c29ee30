package io.constellation.worker.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of the current publish window (results and dead letters), each with the partition progress and
 * offset of the request it answers, so the window can forget the records of a partition that was lost and hold
 * back records a commit cannot account for yet.
 *
 * <p>Thread-safety: none; confined to the poll thread.
 */
final class PendingWindow {
  /** One record waiting for a transaction. */
  sealed interface Entry {
    PartitionProgress progress();

    long offset();

    ProducerRecord<byte[], byte[]> record();
  }

  record Result(PartitionProgress progress, long offset, ProducerRecord<byte[], byte[]> record, String executionId,
      String status, Duration queued, Duration run) implements Entry {}

  record DeadLetter(PartitionProgress progress, long offset, ProducerRecord<byte[], byte[]> record, String category)
      implements Entry {}

  private List<Entry> entries = new ArrayList<>();

  void add(Entry entry) {
    entries.add(entry);
  }

  /**
   * Removes and returns the entries the commit {@code plans} account for; the others stay for a later window
   * (only when a partition's done offsets did not fit in its commit metadata).
   */
  List<Entry> takeCovered(Map<TopicPartition, PartitionProgress.CommitPlan> plans) {
    List<Entry> covered = new ArrayList<>(entries.size());
    List<Entry> held = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.progress().dropped()) continue; // its partition moved on: never publish for it
      PartitionProgress.CommitPlan plan = plans.get(entry.progress().partition());
      (plan != null && plan.covers(entry.offset()) ? covered : held).add(entry);
    }
    entries = held;
    return covered;
  }

  /** Forgets the entries of dropped partition progress. */
  void removeDropped() {
    entries.removeIf(entry -> entry.progress().dropped());
  }

  int size() {
    return entries.size();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  void clear() {
    entries.clear();
  }
}
