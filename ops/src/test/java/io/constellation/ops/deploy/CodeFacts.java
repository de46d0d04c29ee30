package io.constellation.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.history.HistorySettings;
import io.constellation.ops.bench.BenchModules;
import io.constellation.ops.cli.Main;
import io.constellation.ops.logging.LogSetup;
import io.constellation.schemas.Topics;
import io.constellation.streams.StreamsSettings;
import io.constellation.submitter.gateway.GatewaySettings;
import io.constellation.worker.Setting;
import io.constellation.worker.WorkerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the code reads, serves and exports, as far as the deployment files depend on it: the variables each command
 * reads, the port it serves HTTP on, the paths it answers, the commands {@link Main} knows and the metric names.
 * Derived from the code's own constants wherever they exist; the rest is marked "Assumed" and kept here, in one place,
 * to adjust when the commands it describes change.
 */
final class CodeFacts {

  static final String WORKER = "worker";
  static final String STREAMS = "streams";
  static final String GATEWAY = "gateway";

  /** Served by the workers' AdminServer; assumed (as agreed) for the streams app and the gateway too. */
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";
  static final String PROMETHEUS_TEXT = "/metrics/prometheus";

  /** PostgreSQL of the history (HistorySettings.fromEnv), read by the streams app and the gateway. */
  private static final Set<String> HISTORY_VARIABLES = Set.of(HistorySettings.URL_VARIABLE,
      HistorySettings.USER_VARIABLE, HistorySettings.PASSWORD_VARIABLE, HistorySettings.POOL_SIZE_VARIABLE);
  /** The cluster address (ClusterAddress, DevState), read by the gateway like the other cluster commands. */
  private static final Set<String> CLUSTER_VARIABLES = Set.of("KAFKA_BOOTSTRAP_SERVERS", "CONSTELLATION_TOPIC_PREFIX",
      "CONSTELLATION_HOME");
  /** Modules from jars (Modules.registry), read by the commands that compile pipelines. */
  private static final Set<String> MODULE_VARIABLES = Set.of("CONSTELLATION_MODULE_PATH",
      BenchModules.ENABLE_VARIABLE);

  /** Assumed: the streams app serves its admin HTTP (health, metrics) on the workers' variable and default port. */
  private static final String STREAMS_PORT_VARIABLE = "CONSTELLATION_PORT";
  private static final int STREAMS_DEFAULT_PORT = 8080;
  static final String STREAMS_STATE_DIR_VARIABLE = StreamsSettings.STATE_DIR_VARIABLE;

  /**
   * Dropwizard meters of the gateway (GatewayMetrics) and the Prometheus names the rules use for them. Assumed: the
   * gateway and the streams app serve their registries as Prometheus text at {@link #PROMETHEUS_TEXT} through the
   * same bridge as the workers.
   */
  static final Map<String, String> GATEWAY_METRICS = Map.of(
      "gateway.responses.5xx", "gateway_responses_5xx_total",
      "gateway.responses.total", "gateway_responses_total");

  /** Counters of the streams app (StreamsAppMetrics) as the Prometheus bridge renders them. */
  static final Set<String> STREAMS_METRICS = Set.of("streams_history_stored_total", "streams_history_failures_total");

  /**
   * Worker metric names the alert rules and the dashboard use, as the Prometheus Dropwizard bridge renders
   * WorkerMetrics' registry; DeploymentConfigTest checks each against a running worker.
   */
  static final Set<String> WORKER_METRICS = Set.of("cache_hitRate", "cache_compilation_hits",
      "cache_compilation_misses", "cache_module_hits", "cache_module_misses", "cache_execution_hits",
      "cache_execution_misses", "scheduler_queuedCount", "scheduler_activeCount", "scheduler_maxConcurrency", "execution_duration",
      "execution_queue", "execution_byStatus_COMPLETED_total", "execution_byStatus_FAILED_total",
      "execution_byStatus_REJECTED_total", "execution_byStatus_EXPIRED_total", "kafka_totalLag", "dlq_count_total",
      "redis_degradedMillis");
  /** Series Prometheus makes itself. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up");
  /** The default topic prefix, which names the workers' per-partition lag gauges. */
  static final String DEFAULT_PREFIX = Topics.DEFAULT.prefix();

  private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
      "on", "ignoring", "group_left", "group_right", "inf", "nan");

  private CodeFacts() {}

  /** The variables a command reads; every command also reads the logging and debug switches. */
  static Set<String> variablesReadBy(String command) {
    Set<String> read = new HashSet<>(Set.of(LogSetup.FORMAT_VARIABLE, LogSetup.LEVEL_VARIABLE, "CONSTELLATION_DEBUG"));
    switch (command) {
      case WORKER -> {
        WorkerSettings.ALL.stream().map(Setting::env).forEach(read::add);
        read.addAll(MODULE_VARIABLES);
        read.add("CONSTELLATION_HOME"); // DevState: a dev cluster's address when no bootstrap is set
      }
      case STREAMS -> {
        read.addAll(StreamsSettings.VARIABLES);
        read.addAll(HISTORY_VARIABLES);
        read.add(STREAMS_PORT_VARIABLE);
      }
      case GATEWAY -> {
        read.addAll(List.of(GatewaySettings.PORT, GatewaySettings.HOST, GatewaySettings.API_KEYS,
            GatewaySettings.ALLOW_NO_AUTH, GatewaySettings.RUN_TIMEOUT));
        read.addAll(CLUSTER_VARIABLES);
        read.addAll(HISTORY_VARIABLES);
        read.addAll(MODULE_VARIABLES);
      }
      default -> throw new AssertionError("no variables known for command " + command);
    }
    return read;
  }

  /** The port a command serves HTTP on (admin or API), from its environment. */
  static int servedPort(String command, Map<String, String> env) {
    return switch (command) {
      case WORKER -> WorkerSettings.fromEnvironment(env, List.of()).adminPort();
      case STREAMS -> port(env, STREAMS_PORT_VARIABLE, STREAMS_DEFAULT_PORT);
      case GATEWAY -> port(env, GatewaySettings.PORT, GatewaySettings.DEFAULT_PORT);
      default -> throw new AssertionError("no port known for command " + command);
    };
  }

  /** The commands {@code constellation help} lists: the first word of each two-space-indented line. */
  static Set<String> mainCommands() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(List.of("help"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());
    assertThat(code).isZero();
    Set<String> commands = new TreeSet<>();
    Matcher line = Pattern.compile("(?m)^  ([a-z][a-z-]*)(?=\\s|$)").matcher(out.toString(StandardCharsets.UTF_8));
    while (line.find()) commands.add(line.group(1));
    assertThat(commands).contains(WORKER);
    return commands;
  }

  /** Names of the samples in Prometheus text (summary samples keep their base name). */
  static Set<String> exportedNames(String text) {
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The metric names a PromQL expression selects (not functions, keywords, labels, strings or durations). */
  static Set<String> metricNames(String expression) {
    String bare = expression
        .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^\\]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceAll("\\$\\w+", " ");
    Set<String> names = new TreeSet<>();
    Matcher token = Pattern.compile("(?<![\\w.:])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?").matcher(bare);
    while (token.find()) {
      if (token.group(2) == null && !PROMQL_WORDS.contains(token.group(1).toLowerCase(Locale.ROOT))) {
        names.add(token.group(1));
      }
    }
    return names;
  }

  /** The lag gauge name of one partition, as WorkerMetrics exports it (LagGauges: kafka.lag.topic.partition). */
  static String lagGaugeName(String topic, int partition) {
    return ("kafka.lag." + topic + "." + partition).replaceAll("[^A-Za-z0-9_:]", "_");
  }

  /** The __name__ regex of a prometheus-adapter series query, rewritten for another topic prefix. */
  static Pattern lagSeriesPattern(String seriesQuery, String prefix) {
    Matcher name = Pattern.compile("__name__=~\"([^\"]+)\"").matcher(seriesQuery);
    assertThat(name.find()).as(seriesQuery).isTrue();
    String regex = name.group(1);
    assertThat(regex).startsWith("kafka_lag_" + DEFAULT_PREFIX + "_requests_");
    return Pattern.compile(regex.replace("kafka_lag_" + DEFAULT_PREFIX + "_", "kafka_lag_" + prefix + "_"));
  }

  private static int port(Map<String, String> env, String variable, int defaultPort) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.strip());
  }
}
