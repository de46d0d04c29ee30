package io.constellation.worker.consume;

import io.constellation.schemas.DecodedRequest;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.UnableToDecodeRequestException;
import io.constellation.worker.publish.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Classifies one request record: oversized or undecodable records become dead letters, pinned records keyed for
 * another node are skipped, everything else is a request to run. Never throws: whatever a producer wrote ends in
 * one of the three {@link Intake} cases.
 *
 * <p>Thread-safety: immutable (the codec is thread-safe).
 */
final class RecordIntake {
  static final String OVERSIZED = "oversized";
  static final String UNDECODABLE = "undecodable";
  /**
   * Longest inputs text whose parsed tree a queued request keeps. A tree takes several times the memory of its
   * text, and up to a poll's worth of requests may wait; larger inputs are parsed again when they run.
   */
  static final int MAX_KEPT_INPUTS_CHARS = 16 * 1024;

  private final RequestCodec codec;
  private final String pinnedTopic;
  private final byte[] nodeKey;
  private final int maxRecordBytes;

  RecordIntake(RequestCodec codec, String pinnedTopic, String nodeId, int maxRecordBytes) {
    this.codec = codec;
    this.pinnedTopic = pinnedTopic;
    this.nodeKey = nodeId.getBytes(StandardCharsets.UTF_8);
    this.maxRecordBytes = maxRecordBytes;
  }

  Intake classify(ConsumerRecord<byte[], byte[]> record) {
    if (record.topic().equals(pinnedTopic) && !Arrays.equals(record.key(), nodeKey)) {
      return new Intake.Skip("pinned for another node");
    }
    long size = DeadLetters.recordBytes(record);
    if (size > maxRecordBytes) {
      return new Intake.DeadLetter(OVERSIZED, "record is " + size + " bytes, over the " + maxRecordBytes
          + "-byte limit (CONSTELLATION_MAX_REQUEST_BYTES)");
    }
    if (record.value() == null) return new Intake.DeadLetter(UNDECODABLE, "record has no value");
    try {
      DecodedRequest decoded = codec.decode(record.value(), record.headers());
      boolean keepTree = decoded.request().getInputs().length() <= MAX_KEPT_INPUTS_CHARS;
      return new Intake.Run(decoded.request(), keepTree ? decoded.inputs() : null, decoded.encoding());
    } catch (UnableToDecodeRequestException e) {
      return new Intake.DeadLetter(UNDECODABLE, e.getMessage());
    } catch (RuntimeException e) {
      // a codec bug on hostile bytes must not stop the node: the record is kept in the DLQ for a later replay
      return new Intake.DeadLetter(UNDECODABLE, "could not decode the request: " + e);
    }
  }
}
