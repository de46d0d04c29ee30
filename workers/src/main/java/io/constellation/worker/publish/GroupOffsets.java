package io.constellation.worker.publish;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Offsets to commit inside a transaction for one consumer group. */
public record GroupOffsets(ConsumerGroupMetadata group, Map<TopicPartition, OffsetAndMetadata> offsets) {
  public GroupOffsets {
    offsets = Map.copyOf(offsets);
  }
}
