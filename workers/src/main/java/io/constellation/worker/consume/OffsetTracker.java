package io.constellation.worker.consume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link PartitionProgress} of every partition this node owns. Commits only ever cover the contiguous completed
 * prefix of each partition (see {@link PartitionProgress}), so out-of-order completion never skips a record.
 *
 * <p>Thread-safety: none; confined to the poll thread.
 */
final class OffsetTracker {
  private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
  private final int maxMetadataChars;

  OffsetTracker() {
    this(DoneOffsets.MAX_CHARS);
  }

  OffsetTracker(int maxMetadataChars) {
    this.maxMetadataChars = maxMetadataChars;
  }

  /**
   * Starts tracking {@code partition} afresh from its committed offset and metadata (null when none); a previous
   * progress for it is dropped.
   */
  PartitionProgress start(TopicPartition partition, OffsetAndMetadata committed) {
    return put(new PartitionProgress(partition, committed, maxMetadataChars));
  }

  /** Replaces {@code progress} by a fresh one from its last commit (after an aborted transaction). */
  PartitionProgress restart(PartitionProgress progress) {
    return put(progress.restart());
  }

  private PartitionProgress put(PartitionProgress fresh) {
    PartitionProgress previous = partitions.put(fresh.partition(), fresh);
    if (previous != null) previous.drop();
    return fresh;
  }

  /** The current progress of {@code partition}, or null when it is not owned. */
  PartitionProgress get(TopicPartition partition) {
    return partitions.get(partition);
  }

  /** True when {@code progress} is still the live one of its partition (its completions still count). */
  boolean isCurrent(PartitionProgress progress) {
    return partitions.get(progress.partition()) == progress;
  }

  /** Stops tracking the partitions and drops their progress; returns what was dropped. */
  List<PartitionProgress> remove(Collection<TopicPartition> removed) {
    List<PartitionProgress> dropped = new ArrayList<>();
    for (TopicPartition partition : removed) {
      PartitionProgress progress = partitions.remove(partition);
      if (progress != null) {
        progress.drop();
        dropped.add(progress);
      }
    }
    return dropped;
  }

  /** Everything tracked, for a rewind. */
  List<PartitionProgress> all() {
    return List.copyOf(partitions.values());
  }

  /** What to commit per partition whose position or done offsets changed since the last commit. */
  Map<TopicPartition, PartitionProgress.CommitPlan> committable() {
    Map<TopicPartition, PartitionProgress.CommitPlan> out = new HashMap<>();
    for (PartitionProgress progress : partitions.values()) {
      progress.committable().ifPresent(plan -> out.put(progress.partition(), plan));
    }
    return out;
  }

  /** Records a successful commit of {@code plans}. */
  void committed(Map<TopicPartition, PartitionProgress.CommitPlan> plans) {
    plans.forEach((partition, plan) -> {
      PartitionProgress progress = partitions.get(partition);
      if (progress != null) progress.committed(plan);
    });
  }

  /** Records taken and not done, over every partition. */
  int openCount() {
    int open = 0;
    for (PartitionProgress progress : partitions.values()) open += progress.openCount();
    return open;
  }

  int partitionCount() {
    return partitions.size();
  }
}
