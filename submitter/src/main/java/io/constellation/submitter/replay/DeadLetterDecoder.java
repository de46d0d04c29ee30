package io.constellation.submitter.replay;

import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.Topics;
import io.constellation.schemas.UnableToDecodeDeadLetterException;
import io.constellation.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a record of the DLQ topic into a {@link DeadLetterEntry}, and turns a replayable one back into the request
 * record it was: the original key, value and headers, on the topic it came from, plus a
 * {@value DeadLetterQueue#REPLAYED_FROM} header naming the dead letter (so a request that fails again shows where
 * it was replayed from).
 *
 * <p>The worker's headers (reason, origin, node) are read first, since they are there even when the body does not
 * decode. Only the topics of the configured prefix's requests are replay targets: a dead letter naming any other
 * topic is reported, never produced to.
 *
 * <p>Thread-safety: immutable (the codec is thread-safe).
 */
final class DeadLetterDecoder {
  private final DeadLetterCodec codec = new DeadLetterCodec();
  private final Topics topics;
  private final Set<String> requestTopics;

  DeadLetterDecoder(Topics topics) {
    this.topics = topics;
    this.requestTopics = Set.of(topics.requests(), topics.pinned());
  }

  /** A decoded dead letter: the entry, and the body when it decoded (else null). */
  record Decoded(DeadLetterEntry entry, DeadLetter letter) {}

  Decoded decode(ConsumerRecord<byte[], byte[]> record, boolean replayed) {
    String headerReason = header(record, RecordHeaders.DLQ_REASON);
    String headerOrigin = header(record, RecordHeaders.DLQ_ORIGIN);
    String headerNode = header(record, RecordHeaders.DLQ_NODE);
    Instant recordTime = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
    DeadLetter letter;
    try {
      letter = codec.decode(record.value());
    } catch (UnableToDecodeDeadLetterException e) {
      DeadLetterEntry entry = new DeadLetterEntry(record.partition(), record.offset(), recordTime,
          headerReason != null ? headerReason : "(no reason recorded)",
          headerOrigin != null ? headerOrigin : "(unknown)", null, headerNode, null, 0, null, replayed,
          "the dead letter itself does not decode: " + e.getMessage());
      return new Decoded(entry, null);
    }
    String origin = headerOrigin != null ? headerOrigin
        : RecordHeaders.origin(letter.getOriginTopic(), letter.getOriginPartition(), letter.getOriginOffset());
    int valueBytes = letter.getValue() == null ? 0 : letter.getValue().remaining();
    DeadLetterEntry entry = new DeadLetterEntry(record.partition(), record.offset(),
        letter.getFailedAt() != null ? letter.getFailedAt() : recordTime,
        headerReason != null ? headerReason : letter.getReason(), origin, letter.getOriginTopic(),
        headerNode != null ? headerNode : blankToNull(letter.getNodeId()), utf8(letter.getKey()), valueBytes,
        utf8(letter.getHeaders().get(DeadLetterQueue.REPLAYED_FROM)), replayed, problem(letter));
    return new Decoded(entry, letter);
  }

  private String problem(DeadLetter letter) {
    if (letter.getValue() == null) {
      return "the request was not kept in the dead letter (it was over the size the worker keeps)";
    }
    if (!requestTopics.contains(letter.getOriginTopic())) {
      return "it came from topic '" + letter.getOriginTopic() + "', not a request topic of prefix '"
          + topics.prefix() + "'";
    }
    return null;
  }

  /** The request record to produce again for a replayable dead letter found at {@code dlqPosition}. */
  static ProducerRecord<byte[], byte[]> resubmission(DeadLetter letter, String dlqPosition) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(letter.getOriginTopic(), null,
        bytes(letter.getKey()), bytes(letter.getValue()));
    for (Map.Entry<String, ByteBuffer> header : letter.getHeaders().entrySet()) {
      if (header.getKey().equals(DeadLetterQueue.REPLAYED_FROM)) continue; // replaced below, never stacked
      record.headers().add(header.getKey(), bytes(header.getValue()));
    }
    record.headers().add(DeadLetterQueue.REPLAYED_FROM, dlqPosition.getBytes(StandardCharsets.UTF_8));
    return record;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? null : utf8(ByteBuffer.wrap(header.value()));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) return null;
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }

  /** Strict UTF-8: text that is not UTF-8 is shown as absent rather than as replacement characters. */
  private static String utf8(ByteBuffer buffer) {
    if (buffer == null) return null;
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buffer.duplicate())
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
