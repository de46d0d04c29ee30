package io.constellation.ops.cli;

import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.schemas.UnableToSetUpTopicsException;
import io.constellation.streams.StreamsApp;
import io.constellation.streams.StreamsSettings;
import io.constellation.worker.admin.AdminServer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code constellation streams [--bootstrap-servers H:P] [--topic-prefix P] [--postgres-url URL] [--state-dir DIR]}:
 * the Kafka Streams app that records every result in the execution history and publishes 1-minute statistics, until
 * SIGTERM or SIGINT; then it closes cleanly (buffered traces written, offsets committed, group left) and exits 0.
 * Kafka and PostgreSQL are found as the other cluster and history commands find them (flag, environment, a running
 * {@code constellation dev}, default); the rest comes from {@link StreamsSettings#fromEnv} ({@code --help} lists
 * it). Probes and scrapes: an admin HTTP server on {@code --port} / {@code CONSTELLATION_PORT} (8080) with
 * {@code /health/live}, {@code /health/ready} (503 while Kafka Streams is not running or history writes fail) and
 * {@code /metrics} (JSON, or Prometheus text at {@code /metrics/prometheus}). A bad setting exits 64 naming it; an
 * unreachable Kafka or PostgreSQL 69.
 */
final class StreamsCommand {
  /** The admin HTTP port (probes, metrics), as for a worker. */
  static final String ADMIN_PORT_VARIABLE = "CONSTELLATION_PORT";
  private static final String USAGE = "usage: constellation streams [--bootstrap-servers H:P] [--topic-prefix P]"
      + " [--postgres-url URL] [--state-dir DIR] [--port 8080]\n";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Supplier<StopSignal> stopSignal;

  StreamsCommand(PrintStream out, PrintStream err, Map<String, String> env, Supplier<StopSignal> stopSignal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stopSignal = stopSignal;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--help"),
        Set.of("--bootstrap-servers", "--topic-prefix", "--postgres-url", "--state-dir", "--port"));
    if (parsed.has("--help")) {
      out.print(USAGE + help());
      return Main.EXIT_OK;
    }
    if (!parsed.positional().isEmpty()) throw new UsageException("unexpected argument " + parsed.positional().get(0));
    ClusterAddress cluster = ClusterAddress.resolve(parsed.one("--bootstrap-servers", null),
        parsed.one("--topic-prefix", null), env);
    PostgresAddress postgres = PostgresAddress.resolve(parsed.one("--postgres-url", null), env);
    StreamsSettings settings = settings(cluster, postgres, parsed.one("--state-dir", null));
    int adminPort = adminPort(parsed.one("--port", env.getOrDefault(ADMIN_PORT_VARIABLE, "8080")));
    StopSignal stop = stopSignal.get(); // before anything starts: a signal during start-up still stops cleanly

    try (HistoryDatabase history = HistoryDatabases.open(new PostgresAddress(settings.history(), postgres.source()));
        StreamsApp app = start(settings, history);
        AdminServer admin = startAdmin(adminPort, new StreamsAdminView(app))) {
      out.println("streams app " + settings.applicationId() + " started; Kafka " + settings.bootstrapServers()
          + " (from " + cluster.source() + "), topic prefix '" + settings.topics().prefix() + "', history "
          + settings.history().redactedUrl() + " (from " + postgres.source() + ")");
      out.println("reads " + settings.topics().results() + " exactly once, writes " + settings.topics().stats()
          + "; state in " + settings.stateDir());
      out.println("admin: http://127.0.0.1:" + admin.port() + "/health/ready, /metrics, /metrics/prometheus");
      out.println("stop with Ctrl-C or SIGTERM (buffered traces are written and offsets committed first)");
      out.flush();
      stop.await();
      err.println("stopping the streams app (writing buffered traces, committing)...");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.println("streams app stopped");
    return Main.EXIT_OK;
  }

  /** The flags and addresses laid over the environment, read as {@link StreamsSettings#fromEnv} reads it. */
  private StreamsSettings settings(ClusterAddress cluster, PostgresAddress postgres, String stateDir) {
    Map<String, String> variables = new HashMap<>(env);
    variables.put(StreamsSettings.BOOTSTRAP_SERVERS_VARIABLE, cluster.bootstrapServers());
    variables.put(StreamsSettings.TOPIC_PREFIX_VARIABLE, cluster.topicPrefix());
    if (stateDir != null) variables.put(StreamsSettings.STATE_DIR_VARIABLE, stateDir);
    HistorySettings history = postgres.settings();
    variables.put(HistorySettings.URL_VARIABLE, history.jdbcUrl());
    variables.put(HistorySettings.USER_VARIABLE, history.user());
    variables.put(HistorySettings.PASSWORD_VARIABLE, history.password());
    StreamsSettings settings;
    try {
      settings = StreamsSettings.fromEnv(variables);
    } catch (IllegalArgumentException e) {
      throw new UsageException(Printable.of(e.getMessage()));
    }
    if (env.containsKey(HistorySettings.POOL_SIZE_VARIABLE)) return settings;
    // Each stream thread writes one batch at a time; one connection more covers a write still finishing.
    HistorySettings pooled = new HistorySettings(settings.history().jdbcUrl(), settings.history().user(),
        settings.history().password(), settings.threads() + 1);
    return new StreamsSettings(settings.bootstrapServers(), settings.topics(), settings.applicationId(),
        settings.stateDir(), settings.commitInterval(), pooled, settings.replicationFactor(), settings.threads(),
        settings.sinkBatchSize(), settings.historyOutageLimit(), settings.statsRetention());
  }

  private static int adminPort(String text) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 0 && port <= 65535) return port;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--port (or " + ADMIN_PORT_VARIABLE + ") expects a port from 0 to 65535, got '"
        + Printable.of(text) + "'");
  }

  private static AdminServer startAdmin(int port, StreamsAdminView view) {
    try {
      return AdminServer.start(port, view::readiness, view);
    } catch (UncheckedIOException e) {
      throw CommandException.unavailable("cannot serve the admin HTTP port " + port + ": " + e.getMessage()
          + " (choose another with --port)");
    }
  }

  private static StreamsApp start(StreamsSettings settings, HistoryDatabase history) {
    try {
      return StreamsApp.start(settings, history);
    } catch (UnableToSetUpTopicsException e) {
      throw CommandException.unavailable("cannot set up topics at " + settings.bootstrapServers() + ": "
          + e.getMessage());
    }
  }

  private static String help() {
    return """

        Kafka: --bootstrap-servers, else KAFKA_BOOTSTRAP_SERVERS, else a running 'constellation dev', else
        localhost:9092; topic prefix likewise (CONSTELLATION_TOPIC_PREFIX, default constellation).
        Admin HTTP (health, metrics): --port, else CONSTELLATION_PORT, else 8080.
        PostgreSQL: --postgres-url, else POSTGRES_URL (with POSTGRES_USER, POSTGRES_PASSWORD), else a running
        'constellation dev', else jdbc:postgresql://127.0.0.1:5432/postgres. Pool: POSTGRES_POOL_SIZE (default
        threads + 1).

        More settings (environment):
          CONSTELLATION_STREAMS_APPLICATION_ID       Kafka Streams application id (default <prefix>-streams)
          CONSTELLATION_STREAMS_STATE_DIR            state directory, keep it across restarts (--state-dir;
                                                     default <java.io.tmpdir>/constellation-streams)
          CONSTELLATION_STREAMS_COMMIT_INTERVAL      how often traces are written and offsets committed (200ms)
          CONSTELLATION_STREAMS_THREADS              stream threads (1)
          CONSTELLATION_STREAMS_REPLICATION_FACTOR   of the internal topics (-1: the broker's default)
          CONSTELLATION_STREAMS_SINK_BATCH           results a task writes at once without waiting (2000)
          CONSTELLATION_STREAMS_HISTORY_OUTAGE_LIMIT how long a PostgreSQL outage is waited out before the stream
                                                     thread is replaced (4min; at most 10min)
          CONSTELLATION_STREAMS_STATS_RETENTION      how long windowed statistics stay queryable (24h)
        """;
  }
}
