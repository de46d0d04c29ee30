package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class PinnedPartitionTest {

  /** The node reads exactly the partition Kafka's default partitioner sends a record keyed by its id to. */
  @ParameterizedTest
  @CsvSource({"node-a,12", "node-b,12", "worker-7f3a9c,12", "x,1", "ümlaut-node,3", "n,100"})
  void forNode_matchesTheDefaultPartitionerForTheNodeIdKey(String nodeId, int partitions) {
    int expected = BuiltInPartitioner.partitionForKey(nodeId.getBytes(StandardCharsets.UTF_8), partitions);
    assertThat(PinnedPartition.forNode(nodeId, partitions)).isEqualTo(expected);
  }

  @Test
  void forNode_noPartitions_isRefused() {
    assertThatThrownBy(() -> PinnedPartition.forNode("a", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
