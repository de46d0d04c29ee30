package io.constellation.worker.publish;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A publish window the poll thread has closed and hands to the {@link WindowPublisher}: the result and dead-letter
 * records, and per consumer group the offsets to commit with them, taken with a snapshot of the group's metadata
 * ({@code consumer.groupMetadata()}) so the publisher thread never touches a consumer.
 */
public record ClosedWindow(List<ProducerRecord<byte[], byte[]>> records, List<GroupOffsets> offsets) {
  public ClosedWindow {
    records = List.copyOf(records);
    offsets = List.copyOf(offsets);
  }
}
