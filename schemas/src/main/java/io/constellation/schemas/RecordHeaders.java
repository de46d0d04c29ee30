package io.constellation.schemas;

/**
 * Names of the Kafka record headers Constellation reads and writes.
 *
 * <p>Not to be confused with Kafka's {@code org.apache.kafka.common.header.internals.RecordHeaders}, which is a
 * header container; this class only holds names.
 */
public final class RecordHeaders {
  /** {@code application/json} or {@code application/avro}; absent means Avro (or JSON if the value starts with '{'). */
  public static final String CONTENT_TYPE = "content-type";
  /** On a dead letter: why the record could not be processed (an {@link UnableToDecodeException#reason()}). */
  public static final String DLQ_REASON = "constellation.dlq.reason";
  /** On a dead letter: where the record came from, as {@code topic-partition@offset}. */
  public static final String DLQ_ORIGIN = "constellation.dlq.origin";
  /** On a dead letter: the node id of the worker that gave up on it. */
  public static final String DLQ_NODE = "constellation.dlq.node";

  private RecordHeaders() {}

  /** The {@link #DLQ_ORIGIN} value for a record: {@code topic-partition@offset}. */
  public static String origin(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }
}
