package io.constellation.streams;

import io.constellation.history.HistoryDatabase;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams app ({@code constellation streams}): reads {@code constellation.results} exactly once
 * ({@code exactly_once_v2}, {@code read_committed}), records every result in the execution history, and keeps
 * 1-minute statistics per pipeline and per node, queryable through {@link #stats()} and published to
 * {@code constellation.stats}.
 *
 * <pre>{@code
 * StreamsSettings settings = StreamsSettings.fromEnv(System.getenv());
 * try (HistoryDatabase db = HistoryDatabase.open(settings.history());
 *      StreamsApp app = StreamsApp.start(settings, db)) {
 *   stop.await();                 // close() writes what is buffered, commits and leaves the group
 * }
 * }</pre>
 *
 * <p>Guarantees: a result's rows are durable in PostgreSQL before the offset that produced them is committed (see
 * {@link TraceBuffer}), so no result is lost whenever the process dies; it may be written twice, which the history
 * ignores (first result per execution id wins). Undecodable records are counted and skipped. While PostgreSQL is
 * down the app waits and retries with backoff, not ready, for up to {@link StreamsSettings#historyOutageLimit()};
 * beyond that the stream thread is replaced (never the process) and the wait starts again.
 *
 * <p>Lifecycle: {@link #start} returns once Kafka Streams is started; the app is {@link #ready()} once it has its
 * partitions and its history writes go through. {@link #close()} is idempotent.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
  private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
  /** A crashed instance's partitions move to the others after this, not Kafka's 45 s. */
  private static final int SESSION_TIMEOUT_MS = 10_000;

  private final StreamsSettings settings;
  private final KafkaStreams streams;
  private final HistorySink sink;
  private final StreamsAppMetrics metrics;
  private final StatsQueries stats;
  private final CountDownLatch closing;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StreamsApp(StreamsSettings settings, KafkaStreams streams, HistorySink sink, StreamsAppMetrics metrics,
      CountDownLatch closing) {
    this.settings = settings;
    this.streams = streams;
    this.sink = sink;
    this.metrics = metrics;
    this.closing = closing;
    this.stats = new StatsQueries(streams);
  }

  /**
   * Creates the topics that are missing, the app's internal ones included, and waits until they are usable (see
   * {@link InternalTopics}), then starts Kafka Streams. The database is
   * the caller's: the app writes through it and never closes it.
   *
   * @throws io.constellation.schemas.UnableToSetUpTopicsException when Kafka cannot be reached or set up
   */
  public static StreamsApp start(StreamsSettings settings, HistoryDatabase database) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(database, "database");
    ensureTopics(settings);
    StreamsAppMetrics metrics = new StreamsAppMetrics();
    CountDownLatch closing = new CountDownLatch(1);
    HistorySink sink = new HistorySink(database.traces()::write, settings.historyOutageLimit(), InstantSource.system(),
        delay -> closing.await(delay.toMillis(), TimeUnit.MILLISECONDS), metrics);
    Topology topology = TopologyFactory.build(settings.topics(), settings.statsRetention(), sink,
        settings.sinkBatchSize(), metrics);
    KafkaStreams streams = new KafkaStreams(topology, properties(settings));
    StreamsApp app = new StreamsApp(settings, streams, sink, metrics, closing);
    streams.setUncaughtExceptionHandler(app::onThreadFailure);
    streams.setStateListener((next, previous) -> {
      if (next == KafkaStreams.State.RUNNING || next == KafkaStreams.State.ERROR) {
        LOG.info("streams app {}: {} -> {}", settings.applicationId(), previous, next);
      }
    });
    try {
      streams.start();
    } catch (RuntimeException e) {
      streams.close(Duration.ZERO);
      throw e;
    }
    return app;
  }

  /** True when Kafka Streams is RUNNING (partitions assigned, not rebalancing) and history writes go through. */
  public boolean ready() {
    return notReadyReason().isEmpty();
  }

  /**
   * Why the app is not {@link #ready()}; empty when it is. A failing history comes first: while the sink waits for
   * the database the stream thread cannot finish a rebalance either, so the Kafka Streams state is only a symptom.
   */
  public String notReadyReason() {
    if (closed.get()) return "closed";
    String history = switch (sink.condition()) {
      case HistorySink.Condition.Up up -> "";
      case HistorySink.Condition.Failing f -> "history database failing since " + f.since() + " (" + f.attempts()
          + " attempts), retrying: " + f.reason();
      case HistorySink.Condition.GaveUp g -> "history database failing since " + g.since() + "; gave up at "
          + g.at() + " and replaced the stream thread: " + g.reason();
    };
    if (!history.isEmpty()) return history;
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING ? "" : "Kafka Streams is " + state;
  }

  /** The Kafka Streams state, for health details. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Interactive queries over the windowed statistics. */
  public StatsQueries stats() {
    return stats;
  }

  /** Counters: decoded, undecodable, stored, write failures. */
  public StreamsAppMetrics metrics() {
    return metrics;
  }

  /** The settings the app runs with. */
  public StreamsSettings settings() {
    return settings;
  }

  /**
   * Clean close: buffered traces are written and offsets committed (a history write still failing is abandoned at
   * once; those results are read again by the next run), the app leaves its group. Waits at most 60 s. The database
   * stays open. A second call does nothing.
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) return;
    closing.countDown();
    boolean stopped = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (!stopped) LOG.warn("streams app {} did not stop within {}", settings.applicationId(), CLOSE_TIMEOUT);
  }

  /** Logged here, where it is handled: the thread is replaced, unless the app is closing. */
  private StreamThreadExceptionResponse onThreadFailure(Throwable failure) {
    if (closing.getCount() == 0) return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    metrics.threadReplaced();
    LOG.error("stream thread of {} failed; replacing it (its tasks resume from their last committed offsets)",
        settings.applicationId(), failure);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  static Properties properties(StreamsSettings settings) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
    p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 5);
    // A history outage holds the stream thread (and its open transaction) for up to the outage limit: neither the
    // consumer's poll deadline nor the producer's transaction may expire meanwhile.
    int blockingMillis = (int) settings.blockingTimeout().toMillis();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), blockingMillis);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), blockingMillis);
    // The first send of a transaction right after a commit is answered CONCURRENT_TRANSACTIONS while the markers are
    // written; at the default 100 ms backoff every commit interval would lose that much.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    return p;
  }

  private static void ensureTopics(StreamsSettings settings) {
    Topics topics = settings.topics();
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-setup",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TOPICS_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      TopicSetup.ensureTopics(admin, topics, TOPICS_TIMEOUT);
      InternalTopics.ensure(admin, settings, TOPICS_TIMEOUT);
    }
  }
}
