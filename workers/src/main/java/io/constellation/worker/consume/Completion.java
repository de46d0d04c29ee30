package io.constellation.worker.consume;

import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A finished execution, reported by its execution thread to the poll thread: where its request came from, the
 * result record ready to send, and what the metrics need.
 */
record Completion(PartitionProgress progress, long offset, String executionId, ProducerRecord<byte[], byte[]> record,
    String status, Duration queued, Duration run) {}
