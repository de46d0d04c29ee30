package io.constellation.ops.cli;

import com.codahale.metrics.MetricRegistry;
import io.constellation.engine.Compiler;
import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.Topics;
import io.constellation.streams.StatsView;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.gateway.Gateway;
import io.constellation.submitter.gateway.GatewayServices;
import io.constellation.submitter.gateway.GatewaySettings;
import io.constellation.submitter.gateway.KafkaReadiness;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code constellation gateway}: the HTTP API over the cluster, until SIGTERM or SIGINT. Settings come from the
 * environment ({@link GatewaySettings}: {@code CONSTELLATION_GATEWAY_PORT}, {@code CONSTELLATION_API_KEYS}, ...),
 * {@code --port} and {@code --host} overriding it; the cluster and PostgreSQL are found as the other cluster and
 * history commands find them. Without API keys the command refuses to start unless
 * {@code CONSTELLATION_GATEWAY_ALLOW_NO_AUTH=true} (64). An unreachable cluster or PostgreSQL exits 69;
 * {@code --no-history} serves without the history routes (they answer 503), {@code --no-stats} without
 * {@code /stats}.
 *
 * <p>Shutdown is ordered: the gateway drains its requests first, then the readiness check, the statistics view,
 * the history pool and the client close, in reverse order of start.
 */
final class GatewayCommand {
  /** Connections the gateway's history pool may hold: requests run concurrently, unlike a command's one query. */
  static final int HISTORY_POOL_SIZE = 8;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Supplier<StopSignal> stopSignal;

  GatewayCommand(PrintStream out, PrintStream err, Map<String, String> env, Supplier<StopSignal> stopSignal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stopSignal = stopSignal;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--no-history", "--no-stats"),
        Set.of("--port", "--host", "--bootstrap-servers", "--topic-prefix", "--postgres-url", "--module-path"));
    if (!parsed.positional().isEmpty()) throw new UsageException("unexpected argument " + parsed.positional().get(0));
    GatewaySettings settings = settings(parsed);
    ClusterAddress address = ClusterAddress.resolve(parsed.one("--bootstrap-servers", null),
        parsed.one("--topic-prefix", null), env);
    PostgresAddress postgres = parsed.has("--no-history") ? null : historyAddress(parsed.one("--postgres-url", null));
    Compiler compiler = Compiler.create(Modules.registry(parsed.one("--module-path", null), env));
    StopSignal stop = stopSignal.get(); // before anything starts: a signal during start-up still stops cleanly

    // try-with-resources closes in reverse order, and skips the null (disabled) resources.
    try (ConstellationClient client = ClusterClients.client(address, Encoding.AVRO);
        HistoryDatabase history = postgres == null ? null : HistoryDatabases.open(postgres);
        StatsView stats = parsed.has("--no-stats") ? null
            : StatsView.start(address.bootstrapServers(), new Topics(address.topicPrefix()));
        KafkaReadiness readiness = KafkaReadiness.create(address.bootstrapServers());
        Gateway gateway = start(settings, services(client, compiler, readiness, history, stats))) {
      out.println("gateway listening on http://" + settings.host() + ":" + gateway.port() + " ("
          + (settings.authenticated() ? settings.apiKeys().size() + " API key(s)" : "NO API KEYS: development only")
          + "); Kafka " + address.bootstrapServers() + ", topic prefix '" + address.topicPrefix() + "'"
          + (postgres == null ? ", no history" : ", history " + postgres.settings().redactedUrl()));
      out.println("routes: /openapi.json; health: /health/live /health/ready; metrics: /metrics");
      out.println("stop with Ctrl-C or SIGTERM (requests in progress get up to "
          + settings.drainTimeout().toSeconds() + " s)");
      out.flush();
      stop.await();
      err.println("stopping the gateway (draining)...");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.println("gateway stopped");
    return Main.EXIT_OK;
  }

  private GatewaySettings settings(Arguments parsed) {
    Map<String, String> variables = new HashMap<>(env);
    String port = parsed.one("--port", null);
    if (port != null) variables.put(GatewaySettings.PORT, port);
    String host = parsed.one("--host", null);
    if (host != null) variables.put(GatewaySettings.HOST, host);
    try {
      return GatewaySettings.fromEnv(variables);
    } catch (IllegalArgumentException e) {
      throw new UsageException(Printable.of(e.getMessage()));
    }
  }

  /** Where the history is, with a pool sized for concurrent requests rather than a command's one query. */
  private PostgresAddress historyAddress(String urlFlag) {
    PostgresAddress resolved = PostgresAddress.resolve(urlFlag, env);
    HistorySettings base = resolved.settings();
    return new PostgresAddress(new HistorySettings(base.jdbcUrl(), base.user(), base.password(), HISTORY_POOL_SIZE),
        resolved.source());
  }

  private static GatewayServices services(ConstellationClient client, Compiler compiler, KafkaReadiness readiness,
      HistoryDatabase history, StatsView stats) {
    GatewayServices services = GatewayServices.of(client, compiler, readiness, new MetricRegistry());
    if (history != null) services = services.withHistory(history.executions());
    if (stats != null) services = services.withStats(stats);
    return services;
  }

  private static Gateway start(GatewaySettings settings, GatewayServices services) {
    try {
      return Gateway.start(settings, services);
    } catch (UncheckedIOException e) {
      throw CommandException.unavailable(e.getMessage() + " (" + e.getCause().getMessage()
          + "); is another process on that port? Set --port or " + GatewaySettings.PORT);
    }
  }
}
