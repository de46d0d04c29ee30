package io.constellation.schemas;

import java.util.List;

/**
 * What {@link TopicSetup#describe} found for one topic, for the {@code topics describe} command.
 *
 * @param name the topic name
 * @param exists false if the broker does not have the topic (then {@code partitions} is empty)
 * @param partitions one entry per partition, in partition order
 */
public record TopicInfo(String name, boolean exists, List<Partition> partitions) {
  public TopicInfo {
    partitions = List.copyOf(partitions);
  }

  /**
   * One partition.
   *
   * @param partition the partition number
   * @param leader the broker id of the leader, or -1 if the partition has no leader
   * @param replicas the number of replicas
   * @param endOffset the log end offset, or -1 if it could not be read
   */
  public record Partition(int partition, int leader, int replicas, long endOffset) {}

  /** The number of partitions (0 for a missing topic). */
  public int partitionCount() {
    return partitions.size();
  }

  /** The sum of the end offsets that could be read: the number of records ever written, if none was deleted. */
  public long totalEndOffset() {
    return partitions.stream().mapToLong(Partition::endOffset).filter(o -> o >= 0).sum();
  }

  /** True when the topic exists and every partition has a leader and a readable end offset. */
  public boolean healthy() {
    return exists && partitions.stream().allMatch(p -> p.leader() >= 0 && p.endOffset() >= 0);
  }
}
