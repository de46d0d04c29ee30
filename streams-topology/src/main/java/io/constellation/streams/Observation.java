package io.constellation.streams;

import io.constellation.schemas.avro.ExecutionResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the statistics need of one result, and all that crosses the repartition topic: its status, its duration
 * ({@code completedAt - startedAt}) and its queue time ({@code startedAt - queuedAt}), each {@value #MISSING} when a
 * time is missing or the difference is negative (clock skew), so it is left out of the sketches.
 *
 * @param status the result's status name (COMPLETED, FAILED, REJECTED, EXPIRED)
 */
record Observation(String status, long durationMs, long queueMs) {
  static final long MISSING = -1;

  static Observation of(ExecutionResult result) {
    return new Observation(result.getStatus().name(),
        between(result.getStartedAt(), result.getCompletedAt()),
        between(result.getQueuedAt(), result.getStartedAt()));
  }

  private static long between(Instant from, Instant to) {
    if (from == null || to == null) return MISSING;
    long millis = to.toEpochMilli() - from.toEpochMilli();
    return millis < 0 ? MISSING : millis;
  }

  /** Format: UTF status, then zig-zag varints of duration and queue time. */
  static Serde<Observation> serde() {
    Serializer<Observation> serializer = (topic, o) -> {
      if (o == null) return null;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(24);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeUTF(o.status);
        Varints.writeSignedLong(out, o.durationMs);
        Varints.writeSignedLong(out, o.queueMs);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // in-memory stream: not reached
      }
      return bytes.toByteArray();
    };
    Deserializer<Observation> deserializer = (topic, data) -> {
      if (data == null) return null;
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        return new Observation(in.readUTF(), Varints.readSignedLong(in), Varints.readSignedLong(in));
      } catch (IOException e) {
        throw new SerializationException("bad observation record on " + topic, e);
      }
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
