package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.Percentiles;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.streams.WindowStats.Dimension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Known results in known windows: the windowed counts and percentiles through {@link StatsQueries}, on
 * {@code constellation.stats} and in a {@link StatsView}.
 *
 * <p>Window W (a whole minute, three minutes ago) holds 100 results of pipeline "checkout" with durations 1..100 ms
 * (90 COMPLETED, 7 FAILED, 2 REJECTED, 1 EXPIRED), each queued 10 ms, split over node-a (odd) and node-b (even);
 * window W + 1 min holds 5 more. Percentiles interpolate like percentile_cont: durations p50 50.5, p95 95.05,
 * p99 99.01, within the sketch's 1%.
 */
final class StreamsStatsTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void stats_knownResults_windowedCountsAndPercentilesQueryablePublishedAndViewed() throws IOException {
    Instant w = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(3));
    try (StreamsFixture f = StreamsFixture.create("stats")) {
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        ExecutionStatus status = i <= 90 ? ExecutionStatus.COMPLETED : i <= 97 ? ExecutionStatus.FAILED
            : i <= 99 ? ExecutionStatus.REJECTED : ExecutionStatus.EXPIRED;
        ExecutionResult result = TestResults.result("s-" + i, "checkout", i % 2 == 1 ? "node-a" : "node-b", status,
            w.plusMillis(500 + i * 100L), i).build();
        records.add(TestResults.record(f.topics(), result, i));
      }
      for (int i = 1; i <= 5; i++) {
        ExecutionResult result = TestResults.result("t-" + i, "checkout", "node-a", ExecutionStatus.COMPLETED,
            w.plus(Duration.ofMinutes(1)).plusSeconds(i), 7).build();
        records.add(TestResults.record(f.topics(), result, i));
      }
      f.produce(records, 25);

      try (StreamsApp app = StreamsApp.start(f.settings(), f.db());
          StatsView view = StatsView.start(f.bootstrapServers(), f.topics(), Duration.ofDays(1))) {
        AtomicReference<List<WindowStats>> windows = new AtomicReference<>(List.of());
        Eventually.until("both windows of checkout complete in the store", WAIT, () -> {
          windows.set(query(app, "checkout", w));
          return windows.get().size() == 2 && windows.get().get(0).total() == 100 && windows.get().get(1).total() == 5;
        }, () -> windows.get().toString());

        WindowStats first = windows.get().get(0);
        assertThat(first.dimension()).isEqualTo(Dimension.PIPELINE);
        assertThat(first.key()).isEqualTo("checkout");
        assertThat(first.windowStart()).isEqualTo(w);
        assertThat(first.windowEnd()).isEqualTo(w.plus(Duration.ofMinutes(1)));
        assertThat(first.counts()).containsExactly(Map.entry("COMPLETED", 90L), Map.entry("FAILED", 7L),
            Map.entry("REJECTED", 2L), Map.entry("EXPIRED", 1L));
        assertWithinOnePercent(first.durationMs(), new Percentiles(50.5, 95.05, 99.01));
        assertWithinOnePercent(first.queueMs(), new Percentiles(10, 10, 10));
        assertThat(windows.get().get(1).windowStart()).isEqualTo(w.plus(Duration.ofMinutes(1)));
        assertWithinOnePercent(windows.get().get(1).durationMs(), new Percentiles(7, 7, 7));

        // Node keys live in other partitions (other tasks) than the pipeline's: they may complete a moment later.
        Eventually.until("node-a and node-b complete in window W", WAIT, () -> {
          List<WindowStats> all = app.stats().all(w, w);
          return all.size() == 3 && all.stream().allMatch(s -> s.total() == (s.dimension() == Dimension.NODE ? 50 : 100));
        }, () -> app.stats().all(w, w).toString());
        assertThat(app.stats().all(w, w)).extracting(s -> s.dimension().label() + ":" + s.key())
            .containsExactly("pipeline:checkout", "node:node-a", "node:node-b");
        assertThat(app.stats().node("node-a", w, w)).singleElement()
            .satisfies(s -> assertThat(s.counts().get("COMPLETED")).isEqualTo(45));
        assertThat(app.stats().pipeline("no-such-pipeline", w, w.plus(Duration.ofHours(1)))).isEmpty();

        JsonNode published = awaitPublished(f, "pipeline:checkout", w);
        assertThat(published.get("dimension").asText()).isEqualTo("pipeline");
        assertThat(published.get("key").asText()).isEqualTo("checkout");
        assertThat(published.get("windowEnd").asText()).isEqualTo(w.plus(Duration.ofMinutes(1)).toString());
        assertThat(published.get("total").asLong()).isEqualTo(100);
        assertThat(published.get("counts").get("FAILED").asLong()).isEqualTo(7);
        assertThat(published.get("durationMs").get("p50").asDouble()).isCloseTo(50.5, within(0.505));
        assertThat(published.get("queueMs").get("p99").asDouble()).isCloseTo(10, within(0.1));

        Eventually.until("the view's newest checkout window is W + 1 min", WAIT, () -> {
          ObjectNode snapshot = view.snapshot();
          JsonNode checkout = snapshot.path("pipelines").path("checkout");
          return checkout.path("windowStart").asText().equals(w.plus(Duration.ofMinutes(1)).toString())
              && checkout.path("total").asLong() == 5 && snapshot.path("nodes").path("node-b").path("total")
                  .asLong() == 50;
        }, () -> view.snapshot().toString());
      }
    }
  }

  private static List<WindowStats> query(StreamsApp app, String pipeline, Instant w) {
    try {
      return app.stats().pipeline(pipeline, w, w.plus(Duration.ofMinutes(1)));
    } catch (UnableToQueryStatsException e) {
      return List.of(); // still starting
    }
  }

  private static void assertWithinOnePercent(Percentiles actual, Percentiles expected) {
    assertThat(actual.p50()).isCloseTo(expected.p50(), within(expected.p50() * LogHistogram.RELATIVE_ACCURACY));
    assertThat(actual.p95()).isCloseTo(expected.p95(), within(expected.p95() * LogHistogram.RELATIVE_ACCURACY));
    assertThat(actual.p99()).isCloseTo(expected.p99(), within(expected.p99() * LogHistogram.RELATIVE_ACCURACY));
  }

  /** Reads the stats topic until the newest record for {@code key} in window {@code w} counts 100 results. */
  private static JsonNode awaitPublished(StreamsFixture f, String key, Instant w) throws IOException {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, f.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, f.name() + "-stats-reader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    AtomicReference<JsonNode> latest = new AtomicReference<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(f.topics().stats()));
      Eventually.until(key + " published with total 100", WAIT, () -> {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Header contentType = record.headers().lastHeader("content-type");
          assertThat(contentType).isNotNull();
          assertThat(new String(contentType.value(), StandardCharsets.UTF_8)).isEqualTo("application/json");
          parse(record.value()).filter(v -> key.equals(record.key())
              && v.path("windowStart").asText().equals(w.toString())).ifPresent(latest::set);
        }
        return latest.get() != null && latest.get().path("total").asLong() == 100;
      }, () -> String.valueOf(latest.get()));
    }
    return latest.get();
  }

  private static Optional<JsonNode> parse(byte[] value) {
    try {
      return Optional.of(JSON.readTree(value));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
