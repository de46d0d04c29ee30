package io.constellation.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.Topics;
import io.constellation.streams.WindowStats.Dimension;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest statistics window of every pipeline and node, read from {@code constellation.stats}: what the gateway's
 * {@code GET /stats} shows. Any process can hold one; it needs only Kafka.
 *
 * <pre>{@code
 * try (StatsView view = StatsView.start(bootstrapServers, topics)) {
 *   ObjectNode stats = view.snapshot();   // {"pipelines": {"checkout": {...window...}}, "nodes": {"node-1": {...}}}
 * }
 * }</pre>
 *
 * <p>It reads every partition without a consumer group ({@code read_committed}), starting from the records of the
 * last {@link #DEFAULT_LOOKBACK} (older windows are history, not the current view), and keeps per key the window with
 * the latest start (a later update of the same window replaces it). A topic that does not exist yet is waited for.
 * At most {@value #MAX_KEYS} keys are kept; beyond that the one with the oldest window goes. Records that are not a
 * stats window are ignored.
 *
 * <p>Thread-safety: thread-safe. One platform thread owns the consumer; {@link #close()} stops it (idempotent).
 */
public final class StatsView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatsView.class);
  /** How far back the view starts reading. */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
  static final int MAX_KEYS = 10_000;
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Window(Instant start, ObjectNode value) {}

  private final String topic;
  private final Duration lookback;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Window> newest = new ConcurrentHashMap<>();
  private final AtomicLong recordsRead = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;

  private StatsView(String bootstrapServers, Topics topics, Duration lookback) {
    this.topic = topics.stats();
    this.lookback = lookback;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, topics.prefix() + "-stats-view");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // a view started before the topics exist must not create the stats topic with the broker's default layout
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(config);
    this.thread = Thread.ofPlatform().name("constellation-stats-view").daemon().unstarted(this::run);
  }

  /** A view of {@code topics.stats()} from {@link #DEFAULT_LOOKBACK} ago on; its thread is started. */
  public static StatsView start(String bootstrapServers, Topics topics) {
    return start(bootstrapServers, topics, DEFAULT_LOOKBACK);
  }

  /** A view that starts reading {@code lookback} ago. */
  public static StatsView start(String bootstrapServers, Topics topics, Duration lookback) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    if (lookback.isNegative()) throw new IllegalArgumentException("lookback must not be negative, was " + lookback);
    StatsView view = new StatsView(bootstrapServers, topics, lookback);
    view.thread.start();
    return view;
  }

  /**
   * {@code {"pipelines": {name: window}, "nodes": {id: window}}}, keys sorted, each window as published (see
   * {@link WindowStats#toJson()}). A fresh copy.
   */
  public ObjectNode snapshot() {
    Map<String, ObjectNode> pipelines = new TreeMap<>();
    Map<String, ObjectNode> nodes = new TreeMap<>();
    newest.forEach((key, window) -> {
      Dimension dimension = Dimension.ofStoreKey(key);
      String name = key.substring(dimension.label().length() + 1);
      (dimension == Dimension.NODE ? nodes : pipelines).put(name, window.value().deepCopy());
    });
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.putObject("pipelines").setAll(pipelines);
    out.putObject("nodes").setAll(nodes);
    return out;
  }

  /** Stats records read so far (for tests and health details). */
  public long recordsRead() {
    return recordsRead.get();
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) return;
    stopping.countDown();
    consumer.wakeup();
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean warned = false;
    try {
      while (!closed.get()) {
        try {
          if (consumer.assignment().isEmpty() && !assign()) {
            if (stopping.await(TOPIC_RETRY.toMillis(), TimeUnit.MILLISECONDS)) break;
            continue;
          }
          for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            recordsRead.incrementAndGet();
            accept(record.key(), record.value());
          }
          warned = false;
        } catch (WakeupException e) {
          break; // close() woke the consumer up
        } catch (KafkaException e) { // broker away, metadata timeout: the view stays as it is and tries again
          if (!warned) LOG.warn("stats view cannot read {} (retrying): {}", topic, e.toString());
          warned = true;
          if (stopping.await(TOPIC_RETRY.toMillis(), TimeUnit.MILLISECONDS)) break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Assigns every partition and seeks to {@code lookback} ago; false while the topic does not exist. */
  private boolean assign() {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    if (partitions == null || partitions.isEmpty()) return false;
    List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
    consumer.assign(assigned);
    long since = Instant.now().minus(lookback).toEpochMilli();
    Map<TopicPartition, Long> query = new HashMap<>();
    assigned.forEach(tp -> query.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
    for (TopicPartition tp : assigned) {
      OffsetAndTimestamp found = offsets.get(tp);
      consumer.seek(tp, found == null ? ends.get(tp) : found.offset());
    }
    return true;
  }

  private void accept(String key, byte[] value) {
    if (key == null || value == null || !(key.startsWith(Dimension.PIPELINE.label() + ":")
        || key.startsWith(Dimension.NODE.label() + ":"))) {
      return; // not a stats window: someone else's record on the topic
    }
    Instant start;
    ObjectNode window;
    try {
      JsonNode parsed = JSON.readTree(value);
      if (!(parsed instanceof ObjectNode object) || !parsed.path("windowStart").isTextual()) return;
      start = Instant.parse(parsed.get("windowStart").asText());
      window = object;
    } catch (IOException | DateTimeParseException e) {
      return; // not a stats window: someone else's record on the topic
    }
    newest.merge(key, new Window(start, window), (old, now) -> now.start().isBefore(old.start()) ? old : now);
    if (newest.size() > MAX_KEYS) evictOldest();
  }

  private void evictOldest() {
    newest.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.start().compareTo(b.start())))
        .ifPresent(oldest -> newest.remove(oldest.getKey()));
  }
}
