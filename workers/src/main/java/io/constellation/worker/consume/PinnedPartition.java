package io.constellation.worker.consume;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of the pinned topic that belongs to a node: the one Kafka's default partitioner picks for a record
 * keyed by the node id ({@code toPositive(murmur2(utf8(nodeId))) % partitions}). Clients produce pinned requests
 * with key = node id and no explicit partition, so they land where the node reads.
 */
public final class PinnedPartition {
  private PinnedPartition() {}

  public static int forNode(String nodeId, int partitions) {
    if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    return Utils.toPositive(Utils.murmur2(nodeId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
