package io.constellation.submitter;

import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.avro.ExecutionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the results already on the results topic since an instant, up to the end offsets it finds when it starts:
 * how a resumed batch finds the answers to requests it sent before it was interrupted (a worker does not run an
 * execution id again whose result it already published).
 *
 * <p>Records are filtered by key (the execution id) before they are decoded, so scanning a busy topic costs little
 * more than reading it.
 *
 * <p>Thread-safety: one scan per instance, on the calling thread.
 */
final class ResultScanner {
  private static final Logger LOG = LoggerFactory.getLogger(ResultScanner.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private ResultScanner() {}

  static long scan(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant since,
      Predicate<String> executionIds, Consumer<ExecutionResult> found, Duration timeout) {
    ResultCodec codec = new ResultCodec();
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> query = new HashMap<>();
    for (TopicPartition partition : partitions) query.put(partition, since.toEpochMilli());
    Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, timeout);
    Map<TopicPartition, Long> remaining = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp from = start.get(partition);
      long stop = end.getOrDefault(partition, 0L);
      if (from == null || from.offset() >= stop) continue;  // nothing since `since`
      consumer.seek(partition, from.offset());
      remaining.put(partition, stop);
    }
    consumer.assign(remaining.keySet());
    long count = 0;
    while (!remaining.isEmpty()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Long stop = remaining.get(partition);
        if (stop == null || record.offset() >= stop) continue;
        if (record.key() != null && executionIds.test(record.key())) {
          try {
            ExecutionResult result = codec.decode(record.value(), record.headers());
            if (executionIds.test(result.getExecutionId())) {
              found.accept(result);
              count++;
            }
          } catch (RuntimeException e) {
            LOG.warn("skipping undecodable result at {}-{}@{}: {}", record.topic(), record.partition(),
                record.offset(), e.getMessage());
          }
        }
      }
      // A partition is done once its position reaches the end seen at the start (transaction markers included).
      remaining.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
      consumer.assign(remaining.keySet());
    }
    return count;
  }
}
