package io.constellation.ops.local;

import com.codahale.metrics.MetricRegistry;
import io.constellation.engine.Compiler;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.Topics;
import io.constellation.streams.StatsView;
import io.constellation.streams.StreamsApp;
import io.constellation.streams.StreamsSettings;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.gateway.Gateway;
import io.constellation.submitter.gateway.GatewayServices;
import io.constellation.submitter.gateway.GatewaySettings;
import io.constellation.submitter.gateway.KafkaReadiness;
import io.constellation.testkit.EmbeddedPostgres;
import io.constellation.testkit.EmbeddedRedis;
import io.constellation.testkit.LocalCluster;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.WorkerNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A whole cluster in this process: an embedded Kafka broker, Redis and PostgreSQL, the topics, N worker nodes
 * named {@code dev-1..N}, the streams app recording history, and the gateway.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(options, err::println)) {
 *   stack.client().submit(...);
 * }
 * }</pre>
 *
 * <p>With a data directory, Kafka ({@code kafka/}), PostgreSQL ({@code postgres/}) and the streams app's state
 * ({@code streams/}) live under it and survive a restart; without one, everything is temporary and deleted on
 * close. Redis holds only caches and breakers and is always fresh.
 *
 * <p>Closing is ordered, newest first: the gateway drains its requests, the streams app commits, the workers drain
 * and commit, then PostgreSQL, Redis and the broker stop. A part that fails to start closes what already started.
 *
 * <p>Thread-safety: not thread-safe; one owner starts and closes it.
 */
public final class LocalStack implements AutoCloseable {
  private static final int HISTORY_POOL_SIZE = 8;
  private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param workers        worker nodes, named {@code dev-1..N}
   * @param kafkaPort      the broker's port
   * @param gatewayPort    the gateway's port (0: a free one)
   * @param apiKeys        the gateway's keys; empty serves without keys, on loopback only
   * @param topicPrefix    the cluster's topic prefix
   * @param maxConcurrency each worker's scheduler size
   * @param dataDir        where data survives restarts; empty for temporary data
   * @param modules        what pipelines can call
   */
  public record Options(int workers, int kafkaPort, int gatewayPort, List<String> apiKeys, String topicPrefix,
      int maxConcurrency, Optional<Path> dataDir, ModuleRegistry modules) {
    public Options {
      if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, was " + workers);
      apiKeys = List.copyOf(apiKeys);
      Objects.requireNonNull(topicPrefix, "topicPrefix");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(modules, "modules");
    }
  }

  private final ShutdownSequence parts;
  private final LocalCluster kafka;
  private final EmbeddedRedis redis;
  private final EmbeddedPostgres postgres;
  private final HistoryDatabase history;
  private final List<WorkerNode> workers;
  private final StreamsApp streams;
  private final ConstellationClient client;
  private final Gateway gateway;
  private final Topics topics;

  private LocalStack(ShutdownSequence parts, LocalCluster kafka, EmbeddedRedis redis, EmbeddedPostgres postgres,
      HistoryDatabase history, List<WorkerNode> workers, StreamsApp streams, ConstellationClient client,
      Gateway gateway, Topics topics) {
    this.parts = parts;
    this.kafka = kafka;
    this.redis = redis;
    this.postgres = postgres;
    this.history = history;
    this.workers = List.copyOf(workers);
    this.streams = streams;
    this.client = client;
    this.gateway = gateway;
    this.topics = topics;
  }

  /**
   * Starts every part in order, reporting each step to {@code progress}.
   *
   * @throws UnableToStartLocalStackException naming the part that could not start (what started is closed)
   */
  public static LocalStack start(Options options, Consumer<String> progress) {
    ShutdownSequence parts = new ShutdownSequence(progress);
    String part = "Kafka on port " + options.kafkaPort();
    try {
      progress.accept("starting Kafka on port " + options.kafkaPort() + "...");
      LocalCluster.Options kafkaOptions = LocalCluster.Options.defaults().withPort(options.kafkaPort());
      if (options.dataDir().isPresent()) {
        kafkaOptions = kafkaOptions.withDataDir(options.dataDir().get().resolve("kafka"));
      }
      LocalCluster kafka = parts.add("Kafka", LocalCluster.start(kafkaOptions));
      String bootstrap = kafka.bootstrapServers();
      Topics topics = new Topics(options.topicPrefix());

      part = "Redis";
      progress.accept("starting Redis and PostgreSQL...");
      EmbeddedRedis redis = parts.add("Redis", EmbeddedRedis.onFreePort().start());
      part = "PostgreSQL";
      EmbeddedPostgres postgres = parts.add("PostgreSQL", options.dataDir()
          .map(dir -> EmbeddedPostgres.persistentAt(dir.resolve("postgres"), 0))
          .orElseGet(EmbeddedPostgres::onFreePort).start());
      part = "the history database";
      HistorySettings historySettings = new HistorySettings(postgres.jdbcUrl(), postgres.user(), postgres.password(),
          HISTORY_POOL_SIZE);
      HistoryDatabase history = parts.add("the history database", HistoryDatabase.open(historySettings));

      List<WorkerNode> workers = new ArrayList<>();
      for (int i = 1; i <= options.workers(); i++) {
        part = "worker dev-" + i;
        WorkerConfig config = WorkerConfig.defaults()
            .withNodeId("dev-" + i)
            .withAdminPort(0)
            .withBootstrapServers(bootstrap)
            .withTopicPrefix(options.topicPrefix())
            .withMaxConcurrency(options.maxConcurrency())
            .withRedisUrl(redis.url());
        workers.add(parts.add("worker dev-" + i, WorkerNode.start(config, options.modules())));
      }
      part = "the workers' consumer group";
      awaitAssignments(workers);
      progress.accept("started " + workers.size() + " worker(s); starting the streams app and the gateway...");

      part = "the streams app";
      Path stateDir;
      if (options.dataDir().isPresent()) {
        stateDir = options.dataDir().get().resolve("streams");
      } else {
        stateDir = Files.createTempDirectory("constellation-streams-");
        parts.add("the streams state directory", () -> deleteRecursively(stateDir)); // closed after the app
      }
      StreamsSettings streamsSettings = new StreamsSettings(bootstrap, topics, options.topicPrefix() + "-streams",
          stateDir, StreamsSettings.DEFAULT_COMMIT_INTERVAL, historySettings);
      StreamsApp streams = parts.add("the streams app", StreamsApp.start(streamsSettings, history));

      part = "the gateway";
      StatsView stats = parts.add("the statistics view", StatsView.start(bootstrap, topics));
      ConstellationClient client = parts.add("the client", ConstellationClient.builder()
          .bootstrapServers(bootstrap).topics(topics).encoding(Encoding.AVRO).build());
      KafkaReadiness readiness = parts.add("the gateway's readiness check", KafkaReadiness.create(bootstrap));
      GatewayServices services = GatewayServices.of(client, Compiler.create(options.modules()), readiness,
          new MetricRegistry()).withHistory(history.executions()).withStats(stats);
      Gateway gateway = parts.add("the gateway", Gateway.start(gatewaySettings(options), services));
      return new LocalStack(parts, kafka, redis, postgres, history, workers, streams, client, gateway, topics);
    } catch (RuntimeException | IOException e) {
      parts.close();
      throw new UnableToStartLocalStackException("cannot start " + part + ": " + e.getMessage(), e);
    }
  }

  /** Deletes {@code dir} and everything in it (a data directory, for a fresh start); nothing when it is missing. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }

  /** Every worker holds partitions of the shared topic, so work spreads over all of them from the first request. */
  private static void awaitAssignments(List<WorkerNode> workers) {
    long deadline = System.nanoTime() + ASSIGNMENT_TIMEOUT.toNanos();
    while (workers.stream().anyMatch(worker -> worker.assignedPartitions() == 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not every worker was assigned partitions within "
            + ASSIGNMENT_TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the workers' partitions", e);
      }
    }
  }

  private static GatewaySettings gatewaySettings(Options options) {
    boolean open = options.apiKeys().isEmpty();
    return new GatewaySettings(open ? "127.0.0.1" : "0.0.0.0", options.gatewayPort(), options.apiKeys(), open,
        GatewaySettings.DEFAULT_MAX_BODY_BYTES, GatewaySettings.DEFAULT_RUN_TIMEOUT,
        GatewaySettings.DEFAULT_MAX_RUN_TIMEOUT, GatewaySettings.DEFAULT_DRAIN_TIMEOUT);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public Topics topics() {
    return topics;
  }

  public String redisUrl() {
    return redis.url();
  }

  /** The embedded PostgreSQL server of the history. */
  public EmbeddedPostgres postgres() {
    return postgres;
  }

  /** How to reach the history database. */
  public HistorySettings historySettings() {
    return new HistorySettings(postgres.jdbcUrl(), postgres.user(), postgres.password(), HISTORY_POOL_SIZE);
  }

  public HistoryDatabase history() {
    return history;
  }

  public List<WorkerNode> workers() {
    return workers;
  }

  public StreamsApp streams() {
    return streams;
  }

  /** A client of the cluster, owned by the stack. */
  public ConstellationClient client() {
    return client;
  }

  public URI gatewayUri() {
    return gateway.uri();
  }

  /** True when the broker keeps its data across restarts. */
  public boolean persistent() {
    return kafka.persistent();
  }

  @Override
  public void close() {
    parts.close();
  }
}
