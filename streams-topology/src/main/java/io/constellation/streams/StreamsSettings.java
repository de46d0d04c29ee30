package io.constellation.streams;

import io.constellation.history.HistorySettings;
import io.constellation.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of the streams app ({@code constellation streams}).
 *
 * <pre>{@code
 * StreamsSettings settings = StreamsSettings.fromEnv(System.getenv());   // fails fast, naming the variable
 * try (HistoryDatabase db = HistoryDatabase.open(settings.history());
 *      StreamsApp app = StreamsApp.start(settings, db)) { ... }
 * }</pre>
 *
 * @param bootstrapServers   Kafka, {@code host:port[,host:port...]}
 * @param topics             the topic names; the app reads {@link Topics#results()} and writes {@link Topics#stats()}
 * @param applicationId      Kafka Streams {@code application.id}: names the consumer group, the transactional ids
 *                           and the internal topics; instances with the same id share the work
 * @param stateDir           Kafka Streams {@code state.dir}: the window stores, and the process id that keeps the
 *                           transactional id stable across restarts (so a restarted instance fences and aborts the
 *                           transaction its predecessor left open). Keep it stable across restarts of an instance.
 * @param commitInterval     Kafka Streams {@code commit.interval.ms}: how often traces are written and offsets
 *                           committed; bounds how far the history trails the results topic
 * @param history            the PostgreSQL the traces go to
 * @param replicationFactor  of the app's internal topics (changelog, repartition); -1 takes the broker's
 *                           {@code default.replication.factor}
 * @param threads            stream threads in this instance
 * @param sinkBatchSize      results a task buffers before writing them without waiting for the commit
 * @param historyOutageLimit how long the sink retries a failing history write before giving up; the stream thread
 *                           is then replaced (the process keeps running) and retries afresh. The producer's
 *                           transaction timeout and the consumer's {@code max.poll.interval.ms} are this plus
 *                           {@link #TIMEOUT_SLACK}, so an outage within the limit neither fences the producer nor
 *                           costs the task its partitions
 * @param statsRetention     how long windowed statistics stay queryable through {@link StatsQueries}
 */
public record StreamsSettings(String bootstrapServers, Topics topics, String applicationId, Path stateDir,
    Duration commitInterval, HistorySettings history, int replicationFactor, int threads, int sinkBatchSize,
    Duration historyOutageLimit, Duration statsRetention) {

  public static final String BOOTSTRAP_SERVERS_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String TOPIC_PREFIX_VARIABLE = "CONSTELLATION_TOPIC_PREFIX";
  public static final String APPLICATION_ID_VARIABLE = "CONSTELLATION_STREAMS_APPLICATION_ID";
  public static final String STATE_DIR_VARIABLE = "CONSTELLATION_STREAMS_STATE_DIR";
  public static final String COMMIT_INTERVAL_VARIABLE = "CONSTELLATION_STREAMS_COMMIT_INTERVAL";
  public static final String REPLICATION_FACTOR_VARIABLE = "CONSTELLATION_STREAMS_REPLICATION_FACTOR";
  public static final String THREADS_VARIABLE = "CONSTELLATION_STREAMS_THREADS";
  public static final String SINK_BATCH_VARIABLE = "CONSTELLATION_STREAMS_SINK_BATCH";
  public static final String OUTAGE_LIMIT_VARIABLE = "CONSTELLATION_STREAMS_HISTORY_OUTAGE_LIMIT";
  public static final String STATS_RETENTION_VARIABLE = "CONSTELLATION_STREAMS_STATS_RETENTION";

  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(200);
  public static final int DEFAULT_REPLICATION_FACTOR = -1;
  public static final int DEFAULT_THREADS = 1;
  public static final int DEFAULT_SINK_BATCH = 2_000;
  public static final Duration DEFAULT_OUTAGE_LIMIT = Duration.ofMinutes(4);
  public static final Duration DEFAULT_STATS_RETENTION = Duration.ofHours(24);
  /** Added to {@link #historyOutageLimit} for the transaction timeout and {@code max.poll.interval.ms}. */
  public static final Duration TIMEOUT_SLACK = Duration.ofMinutes(1);
  /** The broker's default {@code transaction.max.timeout.ms} is 15 min; the limit plus slack must stay below. */
  public static final Duration MAX_OUTAGE_LIMIT = Duration.ofMinutes(10);

  /** The variables {@link #fromEnv} reads besides {@code POSTGRES_*}, for {@code --help}. */
  public static final List<String> VARIABLES = List.of(BOOTSTRAP_SERVERS_VARIABLE, TOPIC_PREFIX_VARIABLE,
      APPLICATION_ID_VARIABLE, STATE_DIR_VARIABLE, COMMIT_INTERVAL_VARIABLE, REPLICATION_FACTOR_VARIABLE,
      THREADS_VARIABLE, SINK_BATCH_VARIABLE, OUTAGE_LIMIT_VARIABLE, STATS_RETENTION_VARIABLE);

  public StreamsSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(historyOutageLimit, "historyOutageLimit");
    Objects.requireNonNull(statsRetention, "statsRetention");
    if (bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrapServers must not be blank");
    SettingParsers.check("applicationId", applicationId, () -> SettingParsers.applicationId(applicationId));
    SettingParsers.check("commitInterval", commitInterval,
        () -> SettingParsers.within(commitInterval, Duration.ofMillis(10), Duration.ofMinutes(5)));
    if (replicationFactor != -1 && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
      throw new IllegalArgumentException("replicationFactor must be -1 (broker default) or >= 1, was "
          + replicationFactor);
    }
    if (threads < 1 || threads > 64) throw new IllegalArgumentException("threads must be 1..64, was " + threads);
    if (sinkBatchSize < 1 || sinkBatchSize > 100_000) {
      throw new IllegalArgumentException("sinkBatchSize must be 1..100000, was " + sinkBatchSize);
    }
    SettingParsers.check("historyOutageLimit", historyOutageLimit,
        () -> SettingParsers.within(historyOutageLimit, Duration.ofSeconds(1), MAX_OUTAGE_LIMIT));
    SettingParsers.check("statsRetention", statsRetention,
        () -> SettingParsers.within(statsRetention, Duration.ofMinutes(2), Duration.ofDays(30)));
  }

  /** The contract's six settings; the rest take their defaults. */
  public StreamsSettings(String bootstrapServers, Topics topics, String applicationId, Path stateDir,
      Duration commitInterval, HistorySettings history) {
    this(bootstrapServers, topics, applicationId, stateDir, commitInterval, history, DEFAULT_REPLICATION_FACTOR,
        DEFAULT_THREADS, DEFAULT_SINK_BATCH, DEFAULT_OUTAGE_LIMIT, DEFAULT_STATS_RETENTION);
  }

  /**
   * Settings from the environment: {@value #BOOTSTRAP_SERVERS_VARIABLE} (default
   * {@value #DEFAULT_BOOTSTRAP_SERVERS}), {@value #TOPIC_PREFIX_VARIABLE} (default {@code constellation}),
   * {@value #APPLICATION_ID_VARIABLE} (default {@code <prefix>-streams}), {@value #STATE_DIR_VARIABLE} (default
   * {@code <java.io.tmpdir>/constellation-streams}), {@value #COMMIT_INTERVAL_VARIABLE} (200ms),
   * {@value #REPLICATION_FACTOR_VARIABLE} (-1: broker default), {@value #THREADS_VARIABLE} (1),
   * {@value #SINK_BATCH_VARIABLE} (2000), {@value #OUTAGE_LIMIT_VARIABLE} (4min), {@value #STATS_RETENTION_VARIABLE}
   * (24h), and {@code POSTGRES_URL} (required), {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD},
   * {@code POSTGRES_POOL_SIZE} as {@link HistorySettings#fromEnv} reads them. Durations are written like
   * {@code 200ms}, {@code 30s}, {@code 4min}, {@code 24h}.
   *
   * @throws IllegalArgumentException naming the variable and its value, e.g. "CONSTELLATION_STREAMS_THREADS must
   *     be 1..64, was 0"
   */
  public static StreamsSettings fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    Env vars = new Env(env);
    String bootstrap = vars.get(BOOTSTRAP_SERVERS_VARIABLE, DEFAULT_BOOTSTRAP_SERVERS, SettingParsers::hostPorts);
    Topics topics = vars.get(TOPIC_PREFIX_VARIABLE, Topics.DEFAULT, SettingParsers::topics);
    String applicationId = vars.get(APPLICATION_ID_VARIABLE, topics.prefix() + "-streams",
        SettingParsers::applicationId);
    Path stateDir = vars.get(STATE_DIR_VARIABLE, defaultStateDir(), SettingParsers::path);
    Duration commitInterval = vars.get(COMMIT_INTERVAL_VARIABLE, DEFAULT_COMMIT_INTERVAL,
        text -> SettingParsers.duration(text, Duration.ofMillis(10), Duration.ofMinutes(5)));
    int replication = vars.get(REPLICATION_FACTOR_VARIABLE, DEFAULT_REPLICATION_FACTOR,
        SettingParsers::replicationFactor);
    int threads = vars.get(THREADS_VARIABLE, DEFAULT_THREADS, text -> SettingParsers.integer(text, 1, 64));
    int batch = vars.get(SINK_BATCH_VARIABLE, DEFAULT_SINK_BATCH, text -> SettingParsers.integer(text, 1, 100_000));
    Duration outageLimit = vars.get(OUTAGE_LIMIT_VARIABLE, DEFAULT_OUTAGE_LIMIT,
        text -> SettingParsers.duration(text, Duration.ofSeconds(1), MAX_OUTAGE_LIMIT));
    Duration retention = vars.get(STATS_RETENTION_VARIABLE, DEFAULT_STATS_RETENTION,
        text -> SettingParsers.duration(text, Duration.ofMinutes(2), Duration.ofDays(30)));
    return new StreamsSettings(bootstrap, topics, applicationId, stateDir, commitInterval,
        HistorySettings.fromEnv(env), replication, threads, batch, outageLimit, retention);
  }

  /** {@code <java.io.tmpdir>/constellation-streams}: stable across restarts, as the transactional id needs. */
  public static Path defaultStateDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "constellation-streams");
  }

  public StreamsSettings withHistoryOutageLimit(Duration limit) {
    return new StreamsSettings(bootstrapServers, topics, applicationId, stateDir, commitInterval, history,
        replicationFactor, threads, sinkBatchSize, limit, statsRetention);
  }

  /** The producer's {@code transaction.timeout.ms} and the consumer's {@code max.poll.interval.ms}. */
  Duration blockingTimeout() {
    return historyOutageLimit.plus(TIMEOUT_SLACK);
  }

  /** Reads one variable at a time, naming it in the error when its value is bad. */
  private record Env(Map<String, String> env) {
    <T> T get(String name, T defaultValue, Function<String, T> parser) {
      String raw = env.get(name);
      if (raw == null || raw.isBlank()) return defaultValue;
      try {
        return parser.apply(raw.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " " + e.getMessage() + ", was " + SettingParsers.quote(raw), e);
      }
    }
  }
}
