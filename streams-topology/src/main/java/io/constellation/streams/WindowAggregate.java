package io.constellation.streams;

import io.constellation.history.Percentiles;
import io.constellation.schemas.avro.ExecutionStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The running statistics of one key (a pipeline or a node) in one window: counts by status and sketches of duration
 * and queue time.
 *
 * <p>Thread-safety: not thread-safe; each instance belongs to one aggregation step (Kafka Streams deserialises a
 * fresh one for every update).
 */
final class WindowAggregate {
  private static final byte FORMAT = 1;

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final LogHistogram duration;
  private final LogHistogram queue;

  private WindowAggregate(LogHistogram duration, LogHistogram queue) {
    for (ExecutionStatus status : ExecutionStatus.values()) counts.put(status.name(), 0L);
    this.duration = duration;
    this.queue = queue;
  }

  static WindowAggregate empty() {
    return new WindowAggregate(new LogHistogram(), new LogHistogram());
  }

  /** Adds one observation and returns this aggregate (the shape Kafka Streams' Aggregator wants). */
  WindowAggregate add(Observation o) {
    counts.merge(o.status(), 1L, Long::sum);
    if (o.durationMs() != Observation.MISSING) duration.add(o.durationMs());
    if (o.queueMs() != Observation.MISSING) queue.add(o.queueMs());
    return this;
  }

  /** The four statuses in schema order, then any other status seen, with their counts. */
  Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  long total() {
    long total = 0;
    for (long c : counts.values()) total += c;
    return total;
  }

  Percentiles durationMs() {
    return duration.percentiles();
  }

  Percentiles queueMs() {
    return queue.percentiles();
  }

  /** Format: version byte, counts as (UTF name, varint) pairs, then the duration and queue sketches. */
  static Serde<WindowAggregate> serde() {
    Serializer<WindowAggregate> serializer = (topic, a) -> {
      if (a == null) return null;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(FORMAT);
        Varints.writeInt(out, a.counts.size());
        for (Map.Entry<String, Long> entry : a.counts.entrySet()) {
          out.writeUTF(entry.getKey());
          Varints.writeLong(out, entry.getValue());
        }
        a.duration.writeTo(out);
        a.queue.writeTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // in-memory stream: not reached
      }
      return bytes.toByteArray();
    };
    Deserializer<WindowAggregate> deserializer = (topic, data) -> {
      if (data == null) return null;
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        byte format = in.readByte();
        if (format != FORMAT) throw new IOException("unknown format " + format);
        int statuses = Varints.readInt(in);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < statuses; i++) counts.put(in.readUTF(), Varints.readLong(in));
        WindowAggregate a = new WindowAggregate(LogHistogram.readFrom(in), LogHistogram.readFrom(in));
        a.counts.putAll(counts);
        return a;
      } catch (IOException e) {
        throw new SerializationException("bad window aggregate on " + topic, e);
      }
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
