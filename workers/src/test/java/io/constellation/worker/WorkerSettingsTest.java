package io.constellation.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.worker.WorkerConfig.CacheBackendChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class WorkerSettingsTest {

  @Test
  void fromEnvironment_nothingSet_usesDocumentedDefaults() {
    WorkerConfig config = WorkerSettings.fromEnvironment(Map.of(), List.of());

    assertThat(config.nodeId()).matches("node-[0-9a-f]{6}");
    assertThat(config.adminPort()).isEqualTo(8080);
    assertThat(config.schedulerEnabled()).isTrue();
    assertThat(config.maxConcurrency()).isEqualTo(16);
    assertThat(config.starvationTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(config.topicPrefix()).isEqualTo("constellation");
    assertThat(config.maxRecordBytes()).isEqualTo(1024 * 1024);
    assertThat(config.publishWindow()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.publishMaxResults()).isEqualTo(1000);
    assertThat(config.highWaterMark()).isEqualTo(64);
    assertThat(config.lowWaterMark()).isEqualTo(32);
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.redisUrl()).isEmpty();
    assertThat(config.effectiveCacheDefaultBackend()).isEqualTo(CacheBackendChoice.MEMORY);
    assertThat(config.cacheWarmDir()).isEmpty();
    assertThat(config.compilationCacheTtl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void redis_configured_defaultBackendIsRedis_andNodesAreAccepted() {
    assertThat(WorkerSettings.fromEnvironment(Map.of("REDIS_URL", "redis://h:1"), List.of())
        .effectiveCacheDefaultBackend()).isEqualTo(CacheBackendChoice.REDIS);
    WorkerConfig cluster = WorkerSettings.fromEnvironment(Map.of(), List.of("--redis-nodes", "a:1, b:2,redis://c:3"));
    assertThat(cluster.redisUrl()).contains("a:1, b:2,redis://c:3");
    assertThat(cluster.redisConfigured()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "REDIS_URL|http://h:1|REDIS_URL is not a Redis address list",
      "REDIS_URL|redis://h|REDIS_URL is not a Redis address list",
      "REDIS_NODES|a:1,,b:2|REDIS_NODES is not a Redis address list",
      "CONSTELLATION_CACHE_DEFAULT_BACKEND|disk|CONSTELLATION_CACHE_DEFAULT_BACKEND must be memory or redis",
      "CONSTELLATION_CACHE_DEFAULT_BACKEND|redis|no Redis is configured",
      "CONSTELLATION_CACHE_WARM_DIR|/no/such/dir/anywhere|CONSTELLATION_CACHE_WARM_DIR must be an existing directory",
      "CONSTELLATION_COMPILATION_CACHE_TTL|0s|CONSTELLATION_COMPILATION_CACHE_TTL",
      "CONSTELLATION_COMPILATION_CACHE_TTL|forever|CONSTELLATION_COMPILATION_CACHE_TTL"})
  void redisSettings_badValue_failFastNamingTheSetting(String variable, String value, String message) {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of(variable, value), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void redisSettings_urlAndNodesBoth_rejected() {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("REDIS_URL", "redis://h:1"),
        List.of("--redis-nodes", "a:1,b:2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only one of REDIS_URL and --redis-nodes");
  }

  @Test
  void redisSettings_hostileUrl_boundedMessage() {
    String hostile = "redis://" + "\u0000x".repeat(100_000) + ":1";
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("REDIS_URL", hostile), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));
  }

  @Test
  void fromEnvironment_twoCalls_drawDifferentRandomNodeIds() {
    assertThat(WorkerSettings.fromEnvironment(Map.of(), List.of()).nodeId())
        .isNotEqualTo(WorkerSettings.fromEnvironment(Map.of(), List.of()).nodeId());
  }

  @TempDir
  Path warmDir;

  @Test
  void fromEnvironment_everyVariableSet_readsEach() {
    Map<String, String> env = Map.ofEntries(
        Map.entry("CONSTELLATION_NODE_ID", "node-7"),
        Map.entry("CONSTELLATION_PORT", "0"),
        Map.entry("CONSTELLATION_SCHEDULER_ENABLED", "false"),
        Map.entry("CONSTELLATION_SCHEDULER_MAX_CONCURRENCY", "4"),
        Map.entry("CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT", "5min"),
        Map.entry("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9093"),
        Map.entry("CONSTELLATION_TOPIC_PREFIX", "test-1"),
        Map.entry("CONSTELLATION_MAX_REQUEST_BYTES", "512KiB"),
        Map.entry("CONSTELLATION_PUBLISH_WINDOW", "250ms"),
        Map.entry("CONSTELLATION_PUBLISH_MAX_RESULTS", "50"),
        Map.entry("CONSTELLATION_QUEUE_HIGH_WATER", "10"),
        Map.entry("CONSTELLATION_QUEUE_LOW_WATER", "3"),
        Map.entry("CONSTELLATION_DRAIN_TIMEOUT", "0s"),
        Map.entry("REDIS_URL", "redis://r1:6380"),
        Map.entry("CONSTELLATION_CACHE_DEFAULT_BACKEND", "MEMORY"),
        Map.entry("CONSTELLATION_CACHE_WARM_DIR", warmDir.toString()),
        Map.entry("CONSTELLATION_COMPILATION_CACHE_TTL", "5min"),
        Map.entry("UNRELATED", "ignored"));

    WorkerConfig config = WorkerSettings.fromEnvironment(env, List.of());

    assertThat(config).isEqualTo(new WorkerConfig("node-7", 0, false, 4, Duration.ofMinutes(5), "k1:9092,k2:9093",
        "test-1", 512 * 1024, Duration.ofMillis(250), 50, 10, 3, Duration.ZERO, Optional.of("redis://r1:6380"),
        Optional.of(CacheBackendChoice.MEMORY), Optional.of(warmDir), Duration.ofMinutes(5)));
  }

  @Test
  void fromEnvironment_flagAndVariable_flagWins() {
    WorkerConfig config = WorkerSettings.fromEnvironment(
        Map.of("CONSTELLATION_SCHEDULER_MAX_CONCURRENCY", "4", "CONSTELLATION_PORT", "9000"),
        List.of("--max-concurrency", "8", "--port=9100", "--node-id", "a.b_c-1"));

    assertThat(config.maxConcurrency()).isEqualTo(8);
    assertThat(config.adminPort()).isEqualTo(9100);
    assertThat(config.nodeId()).isEqualTo("a.b_c-1");
    assertThat(config.highWaterMark()).isEqualTo(32);
    assertThat(config.lowWaterMark()).isEqualTo(16);
  }

  @Test
  void fromEnvironment_repeatedFlag_lastWins() {
    assertThat(WorkerSettings.fromEnvironment(Map.of(), List.of("--port", "1", "--port", "2")).adminPort())
        .isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      CONSTELLATION_SCHEDULER_MAX_CONCURRENCY    | 0        | CONSTELLATION_SCHEDULER_MAX_CONCURRENCY must be >= 1, was 0
      CONSTELLATION_SCHEDULER_MAX_CONCURRENCY    | many     | CONSTELLATION_SCHEDULER_MAX_CONCURRENCY must be an integer, was many
      CONSTELLATION_SCHEDULER_MAX_CONCURRENCY    | 99999999999 | CONSTELLATION_SCHEDULER_MAX_CONCURRENCY must be an integer, was 99999999999
      CONSTELLATION_PORT                         | 70000    | CONSTELLATION_PORT must be <= 65535, was 70000
      CONSTELLATION_PORT                         | -1       | CONSTELLATION_PORT must be >= 0, was -1
      CONSTELLATION_SCHEDULER_ENABLED            | maybe    | CONSTELLATION_SCHEDULER_ENABLED must be true or false, was maybe
      CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT | 30       | CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT must be a duration such as 30s, 100ms or 5min, was 30
      CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT | 0s       | CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT must be >= 1ms, was 0s
      CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT | PTXYZ    | CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT must be a duration such as 30s, 100ms or 5min, was PTXYZ
      CONSTELLATION_PUBLISH_WINDOW               | 2h       | CONSTELLATION_PUBLISH_WINDOW must be <= 1min, was 2h
      CONSTELLATION_DRAIN_TIMEOUT                | -5s      | CONSTELLATION_DRAIN_TIMEOUT must be a duration such as 30s, 100ms or 5min, was -5s
      KAFKA_BOOTSTRAP_SERVERS                    | ''       | KAFKA_BOOTSTRAP_SERVERS must be a comma-separated list of host:port, was '' (empty)
      KAFKA_BOOTSTRAP_SERVERS                    | kafka    | KAFKA_BOOTSTRAP_SERVERS must be a comma-separated list of host:port, was kafka
      KAFKA_BOOTSTRAP_SERVERS                    | k:0      | KAFKA_BOOTSTRAP_SERVERS must have ports between 1 and 65535, was k:0
      KAFKA_BOOTSTRAP_SERVERS                    | 'k:1,'   | KAFKA_BOOTSTRAP_SERVERS must be a comma-separated list of host:port, was k:1,
      CONSTELLATION_TOPIC_PREFIX                 | a/b      | CONSTELLATION_TOPIC_PREFIX must be 1 to 200 letters, digits, '.', '_' or '-', was a/b
      CONSTELLATION_NODE_ID                      | -x       | CONSTELLATION_NODE_ID must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, was -x
      CONSTELLATION_MAX_REQUEST_BYTES            | 1GiB     | CONSTELLATION_MAX_REQUEST_BYTES must be a size in bytes such as 1048576, 512KiB or 1MiB, was 1GiB
      CONSTELLATION_MAX_REQUEST_BYTES            | 10       | CONSTELLATION_MAX_REQUEST_BYTES must be >= 1024, was 10
      CONSTELLATION_MAX_REQUEST_BYTES            | 999999MiB | CONSTELLATION_MAX_REQUEST_BYTES must be <= 268435456 bytes, was 999999MiB
      CONSTELLATION_PUBLISH_MAX_RESULTS          | 0        | CONSTELLATION_PUBLISH_MAX_RESULTS must be >= 1, was 0
      CONSTELLATION_QUEUE_HIGH_WATER             | 0        | CONSTELLATION_QUEUE_HIGH_WATER must be >= 1, was 0
      """)
  void fromEnvironment_badVariable_namesVariableAndValue(String variable, String value, String message) {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of(variable, value), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void fromEnvironment_badFlag_namesFlagNotVariable() {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(
        Map.of("CONSTELLATION_SCHEDULER_MAX_CONCURRENCY", "4"), List.of("--max-concurrency=0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--max-concurrency must be >= 1, was 0");
  }

  @Test
  void fromEnvironment_lowWaterNotBelowHigh_namesBoth() {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(
        Map.of("CONSTELLATION_QUEUE_HIGH_WATER", "10", "CONSTELLATION_QUEUE_LOW_WATER", "10"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CONSTELLATION_QUEUE_LOW_WATER must be < CONSTELLATION_QUEUE_HIGH_WATER (10), was 10");
  }

  @Test
  void fromEnvironment_onlyHighWaterLowered_defaultLowWaterStaysBelowIt() {
    WorkerConfig config = WorkerSettings.fromEnvironment(Map.of("CONSTELLATION_QUEUE_HIGH_WATER", "5"), List.of());

    assertThat(config.highWaterMark()).isEqualTo(5);
    assertThat(config.lowWaterMark()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --nope 1          | unknown flag --nope; see --help
      stray             | unexpected argument stray; see --help
      --port            | --port needs a value; see --help
      --port --node-id  | --port needs a value; see --help
      """)
  void fromEnvironment_malformedArguments_explainWhatIsWrong(String args, String message) {
    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of(), List.of(args.split(" "))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void fromEnvironment_helpFlag_isIgnoredAndDetected() {
    assertThat(WorkerSettings.helpRequested(List.of("--port", "1", "--help"))).isTrue();
    assertThat(WorkerSettings.helpRequested(List.of("--port", "1"))).isFalse();
    assertThat(WorkerSettings.fromEnvironment(Map.of(), List.of("-h", "--port", "1")).adminPort()).isEqualTo(1);
  }

  @Test
  void fromEnvironment_hugeHostileValue_messageIsBoundedAndEscaped() {
    String hostile = "\u0000\u001b[31m" + "9".repeat(1_000_000);

    assertThatThrownBy(() -> WorkerSettings.fromEnvironment(Map.of("CONSTELLATION_PORT", hostile), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CONSTELLATION_PORT must be an integer, was \\u0000\\u001b[31m999")
        .hasMessageEndingWith("(1000006 chars)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @Test
  void fromEnvironment_randomArguments_returnOrThrowIllegalArgumentOnly() {
    Random random = new Random(42);
    List<String> vocabulary = List.of("--port", "--node-id", "--max-concurrency", "--drain-timeout", "=", "0", "-1",
        "5min", "", " ", "x", "--", "--=", "--port=", "\u0000", "1MiB", "true", "9999999999999");
    for (int run = 0; run < 2_000; run++) {
      List<String> args = new ArrayList<>();
      for (int i = random.nextInt(5); i > 0; i--) {
        args.add(vocabulary.get(random.nextInt(vocabulary.size())) + (random.nextBoolean() ? ""
            : vocabulary.get(random.nextInt(vocabulary.size()))));
      }
      try {
        WorkerSettings.fromEnvironment(Map.of(), args);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void help_listsEveryVariableFlagAndDefault() {
    String help = WorkerSettings.help();

    for (Setting<?> setting : WorkerSettings.ALL) {
      assertThat(help).contains(setting.env(), setting.flag(), setting.doc(), "default: " + setting.defaultDoc());
    }
    assertThat(help).contains("default: 30s", "default: 100ms", "default: 16", "default: 4 x max concurrency");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      100ms  | PT0.1S
      30s    | PT30S
      30 sec | PT30S
      5min   | PT5M
      2m     | PT2M
      1h     | PT1H
      PT45S  | PT45S
      pt1m   | PT1M
      """)
  void parseDuration_acceptedForms(String text, String expected) {
    assertThat(Parsers.parseDuration(text)).isEqualTo(Duration.parse(expected));
  }
}
