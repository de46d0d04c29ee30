package io.constellation.streams;

import io.constellation.history.PipelineName;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.streams.WindowStats.Dimension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The topology of the streams app, built in one place:
 * <pre>
 *   results (bytes) --decode--> (executionId, result) --+--> trace-sink [trace-buffer] --> PostgreSQL
 *                                                       |
 *                                                       +--observe--> (pipeline:P | node:N, observation)
 *                                                                      --repartition--> 1-min windows [stats-store]
 *                                                                      --json--> stats (JSON, content-type header)
 * </pre>
 * Windows are tumbling, one minute, with {@link #GRACE} for late results; each update of a window is published to
 * {@link Topics#stats()} (deduplicated per commit by the store's cache).
 */
final class TopologyFactory {
  static final String STATS_STORE = "stats-store";
  /** Names the repartition topic: {@code <applicationId>-stats-repartition}. */
  static final String REPARTITION_NAME = "stats";
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final Duration GRACE = Duration.ofSeconds(10);
  /** Node id of results that name none. */
  static final String UNKNOWN_NODE = "unknown";

  private TopologyFactory() {}

  static Topology build(Topics topics, Duration statsRetention, HistorySink sink, int sinkBatchSize,
      StreamsAppMetrics metrics) {
    ResultCodec codec = new ResultCodec();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(new TraceBufferBuilder(sink, sinkBatchSize));

    KStream<String, ExecutionResult> results = builder
        .stream(topics.results(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("results"))
        .process(() -> new ResultDecoder(codec, metrics), Named.as("decode"));

    results.process(TraceSink::new, Named.as("trace-sink"), TraceBuffer.NAME);

    results
        .flatMap((id, result) -> observations(result), Named.as("observe"))
        .groupByKey(Grouped.with(REPARTITION_NAME, Serdes.String(), Observation.serde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, GRACE))
        .aggregate(WindowAggregate::empty, (key, observation, aggregate) -> aggregate.add(observation),
            Named.as("aggregate"),
            Materialized.<String, WindowAggregate, WindowStore<Bytes, byte[]>>as(STATS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(WindowAggregate.serde())
                .withRetention(statsRetention))
        .toStream(Named.as("stats-updates"))
        .map((window, aggregate) -> KeyValue.pair(window.key(), json(window, aggregate)), Named.as("stats-json"))
        .processValues(JsonContentType::new, Named.as("stats-content-type"))
        .to(topics.stats(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("stats"));
    return builder.build();
  }

  /** One observation per dimension: {@code pipeline:<PipelineName>} and {@code node:<nodeId>}. */
  static List<KeyValue<String, Observation>> observations(ExecutionResult result) {
    Observation observation = Observation.of(result);
    String node = result.getNodeId() == null || result.getNodeId().isBlank() ? UNKNOWN_NODE : result.getNodeId();
    return List.of(
        KeyValue.pair(Dimension.PIPELINE.storeKey(PipelineName.of(result)), observation),
        KeyValue.pair(Dimension.NODE.storeKey(node), observation));
  }

  private static byte[] json(Windowed<String> window, WindowAggregate aggregate) {
    WindowStats stats = WindowStats.of(window.key(), Instant.ofEpochMilli(window.window().start()),
        Instant.ofEpochMilli(window.window().end()), aggregate);
    return stats.toJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces whatever headers came along with {@code content-type: application/json}. */
  private static final class JsonContentType implements FixedKeyProcessor<String, byte[], byte[]> {
    private FixedKeyProcessorContext<String, byte[]> context;

    @Override
    public void init(FixedKeyProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
      context.forward(record.withHeaders(new RecordHeaders(new Header[] {Encoding.JSON.header()})));
    }
  }
}
