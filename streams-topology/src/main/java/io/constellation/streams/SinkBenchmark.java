package io.constellation.streams;

import io.constellation.history.ExecutionQuery;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures the trace sink through the whole app: results on the results topic, the streams app (exactly-once, the
 * history sink, the statistics) and rows in PostgreSQL. Each run uses a topic prefix and application id of its own
 * ({@code sinkbench-<run>}) and adds rows of pipeline {@code sinkbench-<run>} to the history: point it at a scratch
 * database.
 *
 * <ul>
 *   <li>{@link #drain}: pre-fills the results topic, starts the app, and times until every execution is stored; the
 *       rate is taken from the first stored execution to the last (start-up excluded, reported apart).
 *   <li>{@link #paced}: starts the app, then produces at a fixed rate for a while, sampling the consumer lag (records
 *       not yet committed by the app, and that divided by the rate: how far behind it runs).
 * </ul>
 * Rows are executions plus their node results ({@code executions} and {@code node_results} rows).
 *
 * <p>From the command line, with {@code KAFKA_BOOTSTRAP_SERVERS} and {@code POSTGRES_URL} set:
 * {@code java ... io.constellation.streams.SinkBenchmark drain 200000 4} or {@code ... paced 20000 30 4}
 * (results/s, seconds, nodes per result).
 */
public final class SinkBenchmark {
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private SinkBenchmark() {}

  /**
   * What a run measured.
   *
   * @param results           executions produced (and stored)
   * @param nodesPerResult    node results per execution
   * @param startUp           from starting the app to the first execution stored
   * @param elapsed           from the first execution stored to the last (drain), or the producing time (paced)
   * @param executionsPerSecond executions stored per second over {@code elapsed}
   * @param rowsPerSecond     {@code executionsPerSecond * (1 + nodesPerResult)}
   * @param medianLagRecords  median of the sampled consumer lag
   * @param maxLagRecords     largest sampled consumer lag
   * @param medianLag         median lag as time: records over the produce rate (paced runs only, else zero)
   * @param maxLag            largest lag as time (paced runs only, else zero)
   */
  public record Report(int results, int nodesPerResult, Duration startUp, Duration elapsed,
      double executionsPerSecond, double rowsPerSecond, long medianLagRecords, long maxLagRecords, Duration medianLag,
      Duration maxLag) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d executions x (1 + %d nodes): %.0f executions/s = %.0f rows/s over %.1f s"
          + " (start-up %.1f s); consumer lag median %d, max %d records%s", results, nodesPerResult,
          executionsPerSecond, rowsPerSecond, elapsed.toMillis() / 1000.0, startUp.toMillis() / 1000.0,
          medianLagRecords, maxLagRecords, medianLag.isZero() && maxLag.isZero() ? ""
              : String.format(Locale.ROOT, " (median %d ms, max %d ms behind)", medianLag.toMillis(),
                  maxLag.toMillis()));
    }
  }

  /** Pre-fills {@code results} executions, then starts the app and times until all are stored. */
  public static Report drain(StreamsSettings base, HistoryDatabase db, int results, int nodesPerResult) {
    Run run = new Run(base, nodesPerResult);
    run.setUp();
    try (KafkaProducer<byte[], byte[]> producer = producer(run.settings)) {
      for (int i = 0; i < results; i++) producer.send(run.record(i));
      producer.flush();
    }
    LagSampler lag = new LagSampler(run.settings);
    try (lag; StreamsApp app = StreamsApp.start(run.settings, db)) {
      long started = System.nanoTime();
      long firstStored = 0;
      long deadline = started + TIMEOUT.toNanos();
      while (app.metrics().stored() < results) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("not all stored within " + TIMEOUT);
        if (firstStored == 0 && app.metrics().stored() > 0) firstStored = System.nanoTime();
        lag.sample();
        pause(SAMPLE_EVERY);
      }
      long done = System.nanoTime();
      if (firstStored == 0) firstStored = started;
      run.verify(db, results);
      Duration elapsed = Duration.ofNanos(done - firstStored);
      double perSecond = results / Math.max(elapsed.toNanos() / 1e9, 1e-3);
      return new Report(results, nodesPerResult, Duration.ofNanos(firstStored - started), elapsed, perSecond,
          perSecond * (1 + nodesPerResult), lag.median(), lag.max(), Duration.ZERO, Duration.ZERO);
    }
  }

  /**
   * Starts the app, waits until it is ready, then produces {@code perSecond} executions per second for
   * {@code duration}, sampling the lag, and waits until all are stored.
   */
  public static Report paced(StreamsSettings base, HistoryDatabase db, int perSecond, Duration duration,
      int nodesPerResult) {
    Run run = new Run(base, nodesPerResult);
    run.setUp();
    int total = (int) (perSecond * duration.toMillis() / 1000);
    LagSampler lag = new LagSampler(run.settings);
    try (lag; StreamsApp app = StreamsApp.start(run.settings, db);
        KafkaProducer<byte[], byte[]> producer = producer(run.settings)) {
      long started = System.nanoTime();
      long deadline = started + TIMEOUT.toNanos();
      while (!app.ready()) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("app not ready: " + app.notReadyReason());
        pause(SAMPLE_EVERY);
      }
      Duration startUp = Duration.ofNanos(System.nanoTime() - started);
      AtomicLong sent = new AtomicLong();
      AtomicBoolean producing = new AtomicBoolean(true);
      Thread sampler = Thread.ofPlatform().name("sinkbench-lag").start(() -> {
        while (producing.get()) {
          lag.sample();
          pause(SAMPLE_EVERY);
        }
      });
      long producingFrom = System.nanoTime();
      while (sent.get() < total) {
        long due = Math.min(total, (System.nanoTime() - producingFrom) * perSecond / 1_000_000_000L + 1);
        while (sent.get() < due) producer.send(run.record((int) sent.getAndIncrement()));
        pause(Duration.ofMillis(5));
      }
      producer.flush();
      Duration producingTime = Duration.ofNanos(System.nanoTime() - producingFrom);
      while (app.metrics().stored() < total) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("not all stored within " + TIMEOUT);
        pause(SAMPLE_EVERY);
      }
      producing.set(false);
      join(sampler);
      run.verify(db, total);
      double rate = total / Math.max(producingTime.toNanos() / 1e9, 1e-3);
      return new Report(total, nodesPerResult, startUp, producingTime, rate, rate * (1 + nodesPerResult),
          lag.median(), lag.max(), Duration.ofMillis(lag.median() * 1000 / perSecond),
          Duration.ofMillis(lag.max() * 1000 / perSecond));
    }
  }

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "drain";
    Map<String, String> env = System.getenv();
    StreamsSettings settings = StreamsSettings.fromEnv(env);
    try (HistoryDatabase db = HistoryDatabase.open(HistorySettings.fromEnv(env))) {
      Report report = switch (mode) {
        case "drain" -> drain(settings, db, intArg(args, 1, 100_000), intArg(args, 2, 4));
        case "paced" -> paced(settings, db, intArg(args, 1, 20_000), Duration.ofSeconds(intArg(args, 2, 30)),
            intArg(args, 3, 4));
        default -> throw new IllegalArgumentException("mode must be drain or paced, was " + mode);
      };
      System.out.println(mode + ": " + report);
    }
  }

  private static int intArg(String[] args, int index, int defaultValue) {
    return args.length > index ? Integer.parseInt(args[index]) : defaultValue;
  }

  /** One run's topics, application id and results. */
  private static final class Run {
    final String name = "sinkbench-" + UUID.randomUUID().toString().substring(0, 8);
    final StreamsSettings settings;
    final int nodes;
    final ResultCodec codec = new ResultCodec();
    final Instant base = Instant.now();
    final String outputs;

    Run(StreamsSettings base, int nodes) {
      this.settings = new StreamsSettings(base.bootstrapServers(), new Topics(name), name, base.stateDir(),
          base.commitInterval(), base.history(), base.replicationFactor(), base.threads(), base.sinkBatchSize(),
          base.historyOutageLimit(), base.statsRetention());
      this.nodes = nodes;
      this.outputs = "{\"greeting\":\"" + "x".repeat(200) + "\",\"n\":42}";
    }

    void setUp() {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
        TopicSetup.ensureTopics(admin, settings.topics(), Duration.ofSeconds(60));
      }
    }

    ProducerRecord<byte[], byte[]> record(int i) {
      String id = name + "-" + i;
      Instant completed = Instant.now();
      List<NodeTrace> trace = new ArrayList<>(nodes);
      for (int n = 0; n < nodes; n++) {
        trace.add(NodeTrace.newBuilder().setName("n" + n).setModule(n % 2 == 0 ? "Uppercase" : null)
            .setStatus("COMPLETED").setStart(completed.minusMillis(5)).setDurationMicros(100 + n).setAttempts(1)
            .build());
      }
      ExecutionResult result = ExecutionResult.newBuilder()
          .setExecutionId(id)
          .setStatus(i % 10 == 0 ? ExecutionStatus.FAILED : ExecutionStatus.COMPLETED)
          .setOutputs(outputs)
          .setTrace(trace)
          .setNodeId("node-" + (i % 3))
          .setQueuedAt(completed.minusMillis(12))
          .setStartedAt(completed.minusMillis(7))
          .setCompletedAt(completed)
          .setSourceHash("src-" + name)
          .setStructuralHash("struct-" + name)
          .setMetadata(Map.of("pipeline", name))
          .build();
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topics().results(), null,
          id.getBytes(StandardCharsets.UTF_8), codec.encode(result, Encoding.AVRO));
      record.headers().add(Encoding.AVRO.header());
      return record;
    }

    void verify(HistoryDatabase db, int expected) {
      long stored = db.executions().stats(ExecutionQuery.builder().pipeline(name).build()).total();
      if (stored != expected) {
        throw new IllegalStateException("expected " + expected + " executions of " + name + ", found " + stored);
      }
    }
  }

  /** Samples the app's consumer lag on the results topic: end offsets minus committed offsets. */
  private static final class LagSampler implements AutoCloseable {
    private final Admin admin;
    private final String group;
    private final String topic;
    private final int partitions;
    private final List<Long> samples = Collections.synchronizedList(new ArrayList<>());

    LagSampler(StreamsSettings settings) {
      this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()));
      this.group = settings.applicationId();
      this.topic = settings.topics().results();
      this.partitions = settings.topics().defaultPartitions(topic);
    }

    void sample() {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        long lag = 0;
        var ends = admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
        for (var end : ends.entrySet()) {
          OffsetAndMetadata c = committed.get(end.getKey());
          lag += end.getValue().offset() - (c == null ? 0 : c.offset());
        }
        samples.add(lag);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // a sample missed (group not yet known, broker busy): the others still tell
      }
    }

    long median() {
      List<Long> sorted = sorted();
      return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    long max() {
      List<Long> sorted = sorted();
      return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    }

    private List<Long> sorted() {
      List<Long> copy;
      synchronized (samples) {
        copy = new ArrayList<>(samples);
      }
      Collections.sort(copy);
      return copy;
    }

    @Override
    public void close() {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(StreamsSettings settings) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
