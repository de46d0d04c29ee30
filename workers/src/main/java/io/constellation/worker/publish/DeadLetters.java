package io.constellation.worker.publish;

import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Builds the DLQ record of a request record that cannot be processed: a {@link DeadLetter} holding the original
 * key, value and headers with the reason and origin, keyed by the original key, with the reason, origin
 * ({@code topic-partition@offset}) and node in headers so operators can filter without decoding.
 *
 * <p>The original value and headers are kept byte for byte unless the record is larger than
 * {@code maxKeptValueBytes} (an oversized request): then they are left out, and the reason says so, because the DLQ
 * record itself must fit in a record.
 *
 * <p>Thread-safety: immutable.
 */
public final class DeadLetters {
  private static final int MAX_REASON_CHARS = 2_000;
  private static final int MAX_KEY_BYTES = 16 * 1024;

  private final String topic;
  private final String nodeId;
  private final DeadLetterCodec codec;
  private final int maxKeptValueBytes;

  public DeadLetters(String topic, String nodeId, DeadLetterCodec codec, int maxKeptValueBytes) {
    this.topic = topic;
    this.nodeId = nodeId;
    this.codec = codec;
    this.maxKeptValueBytes = maxKeptValueBytes;
  }

  public ProducerRecord<byte[], byte[]> toRecord(ConsumerRecord<byte[], byte[]> origin, String reason,
      Instant failedAt) {
    long size = recordBytes(origin);
    boolean keepContent = size <= maxKeptValueBytes;
    String fullReason = truncate(keepContent ? reason
        : reason + " (the record is " + size + " bytes: its value and headers are not kept in the dead letter)");
    Map<String, ByteBuffer> headers = new HashMap<>();
    if (keepContent) {
      for (Header h : origin.headers()) {
        headers.put(h.key(), ByteBuffer.wrap(h.value() == null ? new byte[0] : h.value()));
      }
    }
    byte[] key = origin.key() != null && (keepContent || origin.key().length <= MAX_KEY_BYTES) ? origin.key() : null;
    DeadLetter letter = DeadLetter.newBuilder()
        .setReason(fullReason)
        .setOriginTopic(origin.topic())
        .setOriginPartition(origin.partition())
        .setOriginOffset(origin.offset())
        .setOriginTimestamp(Instant.ofEpochMilli(Math.max(0, origin.timestamp())))
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(keepContent && origin.value() != null ? ByteBuffer.wrap(origin.value()) : null)
        .setHeaders(headers)
        .setNodeId(nodeId)
        .setFailedAt(failedAt)
        .build();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key, codec.encode(letter));
    record.headers()
        .add(RecordHeaders.DLQ_REASON, utf8(fullReason))
        .add(RecordHeaders.DLQ_ORIGIN, utf8(origin(origin)))
        .add(RecordHeaders.DLQ_NODE, utf8(nodeId));
    return record;
  }

  /** The bytes of a record's key, value and headers (what its size limit is about). */
  public static long recordBytes(ConsumerRecord<byte[], byte[]> record) {
    long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    for (Header h : record.headers()) size += h.key().length() + (h.value() == null ? 0 : h.value().length);
    return size;
  }

  /** {@code topic-partition@offset}. */
  public static String origin(ConsumerRecord<?, ?> record) {
    return RecordHeaders.origin(record.topic(), record.partition(), record.offset());
  }

  /** Reasons quote user input; a header stays small whatever the input was. */
  private static String truncate(String reason) {
    return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
