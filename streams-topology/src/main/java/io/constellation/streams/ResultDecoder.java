package io.constellation.streams;

import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.UnableToDecodeResultException;
import io.constellation.schemas.avro.ExecutionResult;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes records of the results topic (Avro single-object or JSON, by the {@code content-type} header or by
 * sniffing) and forwards each result keyed by its execution id, without the input's headers.
 *
 * <p>A record that cannot be decoded is counted, logged and skipped: it never stops the task nor holds its partition
 * (its offset is committed with the others). The first {@value #LOGGED_IN_FULL} are logged one by one, then one line
 * per {@value #LOG_EVERY}, so a flood of garbage cannot flood the log.
 *
 * <p>The forwarded timestamp is the result's {@code completedAt}, so statistics fall in the window the execution
 * completed in, but never later than the record's own timestamp: the worker sets both from the same clock and
 * publishes after completing, and a result from the future would otherwise move stream time ahead and drop every
 * later result from its window as late.
 */
final class ResultDecoder implements Processor<byte[], byte[], String, ExecutionResult> {
  private static final Logger LOG = LoggerFactory.getLogger(ResultDecoder.class);
  static final int LOGGED_IN_FULL = 100;
  static final int LOG_EVERY = 1_000;

  private final ResultCodec codec;
  private final StreamsAppMetrics metrics;
  private ProcessorContext<String, ExecutionResult> context;

  ResultDecoder(ResultCodec codec, StreamsAppMetrics metrics) {
    this.codec = codec;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ExecutionResult> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    ExecutionResult result;
    try {
      result = codec.decode(record.value(), record.headers());
    } catch (UnableToDecodeResultException e) {
      skip(e.reason());
      return;
    } catch (RuntimeException e) { // the codec promises only the type above; a bug there must not stop the task
      skip(e.getClass().getSimpleName() + ": " + e.getMessage());
      return;
    }
    metrics.decodedOne();
    context.forward(new Record<>(result.getExecutionId(), result, timestamp(result, record.timestamp())));
  }

  /** completedAt, unless missing, before 1970 (Kafka refuses negative timestamps) or after the record's time. */
  static long timestamp(ExecutionResult result, long recordTimestamp) {
    Instant completed = result.getCompletedAt();
    if (completed == null || completed.isBefore(Instant.EPOCH) || !completed.isBefore(Instant.ofEpochMilli(
        recordTimestamp))) {
      return recordTimestamp;
    }
    return completed.toEpochMilli();
  }

  private void skip(String reason) {
    long count = metrics.undecodableOne();
    if (count <= LOGGED_IN_FULL || count % LOG_EVERY == 0) {
      LOG.warn("skipping undecodable record {} of the results topic ({} skipped so far): {}", origin(), count,
          reason);
    }
  }

  private String origin() {
    return context.recordMetadata()
        .map((RecordMetadata m) -> RecordHeaders.origin(m.topic(), m.partition(), m.offset()))
        .orElse("(unknown position)");
  }
}
