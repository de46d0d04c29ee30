package io.constellation.worker;

import io.constellation.worker.WorkerConfig.CacheBackendChoice;
import io.constellation.worker.state.RedisState;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker's settings table: one {@link Setting} per environment variable, each with a command-line flag that
 * overrides it, a default, a validator and documentation. {@link #fromEnvironment} builds the typed
 * {@link WorkerConfig} from it and {@link #help()} prints it.
 *
 * <pre>{@code
 * if (WorkerSettings.helpRequested(args)) { System.out.println(WorkerSettings.help()); return 0; }
 * WorkerConfig config = WorkerSettings.fromEnvironment(System.getenv(), args);   // fails fast, naming the setting
 * }</pre>
 *
 * <p>Flags are written {@code --flag value} or {@code --flag=value}; a repeated flag takes its last value.
 * Durations are written like {@code 30s}, {@code 100ms}, {@code 5min}.
 *
 * <p>Thread-safety: stateless; the table is immutable.
 */
public final class WorkerSettings {

  private static final Duration ONE_DAY = Duration.ofDays(1);

  public static final Setting<String> NODE_ID = Setting.derived("CONSTELLATION_NODE_ID", "--node-id",
      Parsers.nodeId(), "node-<6 random hex>", "This node's id: names it in results, DLQ records and metrics,"
          + " and routes pinned requests to it. Keep it stable across restarts for pinned work.");
  public static final Setting<Integer> PORT = Setting.of("CONSTELLATION_PORT", "--port",
      Parsers.integer(0, 65535), 8080, "Admin HTTP port (/health/live, /health/ready, /metrics); 0 = ephemeral.");
  public static final Setting<Boolean> SCHEDULER_ENABLED = Setting.of("CONSTELLATION_SCHEDULER_ENABLED",
      "--scheduler-enabled", Parsers.bool(), true,
      "Queue executions by priority with bounded concurrency; false runs each at once.");
  public static final Setting<Integer> MAX_CONCURRENCY = Setting.of("CONSTELLATION_SCHEDULER_MAX_CONCURRENCY",
      "--max-concurrency", Parsers.integer(1, 100_000), 16, "Executions running at once on this node.");
  public static final Setting<Duration> STARVATION_TIMEOUT = Setting.of(
      "CONSTELLATION_SCHEDULER_STARVATION_TIMEOUT", "--starvation-timeout",
      Parsers.duration(Duration.ofMillis(1), ONE_DAY), Duration.ofSeconds(30),
      "A queued execution waiting longer than this jumps the queue.");
  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.of("KAFKA_BOOTSTRAP_SERVERS",
      "--bootstrap-servers", Parsers.hostPorts(), "localhost:9092", "Kafka bootstrap servers, host:port[,...].");
  public static final Setting<String> TOPIC_PREFIX = Setting.of("CONSTELLATION_TOPIC_PREFIX", "--topic-prefix",
      Parsers.topicPrefix(), "constellation", "Prefix of the topic names (<prefix>.requests, ...).");
  public static final Setting<Integer> MAX_REQUEST_BYTES = Setting.of("CONSTELLATION_MAX_REQUEST_BYTES",
      "--max-request-bytes", Parsers.bytes(1024, 256 * 1024 * 1024), 1024 * 1024,
      "Largest request record accepted (bytes, or 512KiB, 1MiB); bigger ones go to the DLQ.");
  public static final Setting<Duration> PUBLISH_WINDOW = Setting.of("CONSTELLATION_PUBLISH_WINDOW",
      "--publish-window", Parsers.duration(Duration.ofMillis(1), Duration.ofMinutes(1)), Duration.ofMillis(100),
      "The longest a result waits before its transaction starts; results and offsets are committed together, one"
          + " transaction in flight at a time. A window closes once no commit is in flight and it is this old, full,"
          + " or older than a fiftieth of this (a short linger that keeps latency low below saturation).");
  public static final Setting<Integer> PUBLISH_MAX_RESULTS = Setting.of("CONSTELLATION_PUBLISH_MAX_RESULTS",
      "--publish-max-results", Parsers.integer(1, 1_000_000), 1000,
      "A window is committed early, as soon as no commit is in flight, once it holds this many results; under"
          + " load the next window keeps filling while a commit runs, so it may hold more.");
  public static final Setting<Integer> QUEUE_HIGH_WATER = Setting.derived("CONSTELLATION_QUEUE_HIGH_WATER",
      "--queue-high-water", Parsers.integer(1, 10_000_000), "4 x max concurrency",
      "Queued executions at which the node pauses fetching (backpressure).");
  public static final Setting<Integer> QUEUE_LOW_WATER = Setting.derived("CONSTELLATION_QUEUE_LOW_WATER",
      "--queue-low-water", Parsers.integer(0, 10_000_000), "2 x max concurrency, at most half the high water",
      "Queued executions at which the node resumes fetching; below the high water mark.");
  public static final Setting<Duration> DRAIN_TIMEOUT = Setting.of("CONSTELLATION_DRAIN_TIMEOUT",
      "--drain-timeout", Parsers.duration(Duration.ZERO, ONE_DAY), Duration.ofSeconds(30),
      "On shutdown, how long in-flight executions may finish before the node stops anyway.");

  public static final Setting<String> REDIS_URL = Setting.derived("REDIS_URL", "--redis-url", redisAddresses(),
      "unset (no Redis)", "Redis shared by the cluster's nodes (redis://host:port[/db] or rediss://): compilation,"
          + " execution and module caches, circuit breakers, throttle and concurrency limits. Unset: node-local"
          + " state in memory. While Redis is unreachable the node keeps working on local fallbacks.");
  public static final Setting<String> REDIS_NODES = Setting.derived("REDIS_NODES", "--redis-nodes",
      redisAddresses(), "unset", "The nodes of a Redis Cluster, comma-separated host:port (or redis:// URLs);"
          + " instead of REDIS_URL.");
  public static final Setting<CacheBackendChoice> CACHE_DEFAULT_BACKEND = Setting.derived(
      "CONSTELLATION_CACHE_DEFAULT_BACKEND", "--cache-default-backend", cacheBackend(),
      "redis when Redis is configured, else memory",
      "Backend of module calls 'with cache: D' that name no cache_backend: memory (this node) or redis (shared).");
  public static final Setting<Path> CACHE_WARM_DIR = Setting.derived("CONSTELLATION_CACHE_WARM_DIR",
      "--cache-warm-dir", directory(), "unset (no warming)",
      "A directory whose .cst files are compiled into the compilation cache at start-up.");
  public static final Setting<Duration> COMPILATION_CACHE_TTL = Setting.of("CONSTELLATION_COMPILATION_CACHE_TTL",
      "--compilation-cache-ttl", Parsers.duration(Duration.ofSeconds(1), Duration.ofDays(30)), Duration.ofHours(1),
      "How long a compiled pipeline stays in the shared compilation cache.");

  /** The table, in {@code --help} order. */
  public static final List<Setting<?>> ALL = List.of(NODE_ID, PORT, SCHEDULER_ENABLED, MAX_CONCURRENCY,
      STARVATION_TIMEOUT, BOOTSTRAP_SERVERS, TOPIC_PREFIX, MAX_REQUEST_BYTES, PUBLISH_WINDOW, PUBLISH_MAX_RESULTS,
      QUEUE_HIGH_WATER, QUEUE_LOW_WATER, DRAIN_TIMEOUT, REDIS_URL, REDIS_NODES, CACHE_DEFAULT_BACKEND,
      CACHE_WARM_DIR, COMPILATION_CACHE_TTL);

  private static final List<String> HELP_FLAGS = List.of("--help", "-h");

  private WorkerSettings() {}

  /**
   * The configuration the environment and the command line describe, flags overriding variables.
   *
   * @param env  the environment, usually {@code System.getenv()}; variables not in the table are ignored
   * @param args command-line arguments; {@code --help} and {@code -h} are ignored here (see
   *             {@link #helpRequested})
   * @throws IllegalArgumentException for an unknown flag, a flag without a value, a stray argument, or a bad value,
   *     naming the flag or variable and the value: "CONSTELLATION_SCHEDULER_MAX_CONCURRENCY must be >= 1, was 0"
   */
  public static WorkerConfig fromEnvironment(Map<String, String> env, List<String> args) {
    Objects.requireNonNull(env, "env");
    Map<String, String> flags = parseFlags(args);
    int maxConcurrency = MAX_CONCURRENCY.get(env, flags);
    Optional<Integer> high = QUEUE_HIGH_WATER.find(env, flags);
    int highWater = high.orElse(defaultHighWater(maxConcurrency));
    Optional<Integer> low = QUEUE_LOW_WATER.find(env, flags);
    int lowWater = low.orElse(defaultLowWater(maxConcurrency, highWater));
    if (lowWater >= highWater) {
      throw new IllegalArgumentException(nameOf(QUEUE_LOW_WATER, flags) + " must be < "
          + nameOf(QUEUE_HIGH_WATER, flags) + " (" + highWater + "), was " + lowWater);
    }
    Optional<String> redisUrl = REDIS_URL.find(env, flags);
    Optional<String> redisNodes = REDIS_NODES.find(env, flags);
    if (redisUrl.isPresent() && redisNodes.isPresent()) {
      throw new IllegalArgumentException("set only one of " + nameOf(REDIS_URL, flags) + " and "
          + nameOf(REDIS_NODES, flags));
    }
    Optional<String> redis = redisUrl.or(() -> redisNodes);
    Optional<CacheBackendChoice> cacheDefault = CACHE_DEFAULT_BACKEND.find(env, flags);
    if (cacheDefault.orElse(null) == CacheBackendChoice.REDIS && redis.isEmpty()) {
      throw new IllegalArgumentException(nameOf(CACHE_DEFAULT_BACKEND, flags) + " is redis, but no Redis is"
          + " configured (set " + REDIS_URL.env() + " or " + REDIS_NODES.env() + ")");
    }
    return new WorkerConfig(
        NODE_ID.find(env, flags).orElseGet(WorkerSettings::randomNodeId),
        PORT.get(env, flags),
        SCHEDULER_ENABLED.get(env, flags),
        maxConcurrency,
        STARVATION_TIMEOUT.get(env, flags),
        BOOTSTRAP_SERVERS.get(env, flags),
        TOPIC_PREFIX.get(env, flags),
        MAX_REQUEST_BYTES.get(env, flags),
        PUBLISH_WINDOW.get(env, flags),
        PUBLISH_MAX_RESULTS.get(env, flags),
        highWater,
        lowWater,
        DRAIN_TIMEOUT.get(env, flags),
        redis,
        cacheDefault,
        CACHE_WARM_DIR.find(env, flags),
        COMPILATION_CACHE_TTL.get(env, flags));
  }

  /** True when {@code args} ask for {@code --help} (or {@code -h}). */
  public static boolean helpRequested(List<String> args) {
    return args.stream().anyMatch(HELP_FLAGS::contains);
  }

  /** The usage text, generated from the table: every flag, its variable, its default and what it does. */
  public static String help() {
    StringBuilder out = new StringBuilder("Constellation worker settings (a flag overrides its variable):\n\n");
    for (Setting<?> setting : ALL) {
      out.append("  ").append(setting.flag()).append(" <value>   (env ").append(setting.env()).append(")\n");
      out.append("      ").append(setting.doc()).append('\n');
      out.append("      default: ").append(setting.defaultDoc()).append("\n\n");
    }
    out.append("Durations are written like 30s, 100ms, 5min. Flags take --flag value or --flag=value.\n");
    return out.toString();
  }

  static int defaultHighWater(int maxConcurrency) {
    return (int) Math.min(10_000_000L, 4L * maxConcurrency);
  }

  /** 2 x concurrency, but kept below an explicitly lowered high water mark so it never contradicts it. */
  static int defaultLowWater(int maxConcurrency, int highWater) {
    return (int) Math.min(2L * maxConcurrency, highWater / 2);
  }

  /** A Redis URL or node list; the message completes "REDIS_URL ...". */
  private static Setting.Parser<String> redisAddresses() {
    return text -> {
      if (text.isEmpty()) throw new IllegalArgumentException("must not be empty (unset it for no Redis)");
      try {
        RedisState.parseAddresses(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("is not a Redis address list (" + e.getMessage() + ")");
      }
      return text;
    };
  }

  private static Setting.Parser<CacheBackendChoice> cacheBackend() {
    return text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "memory" -> CacheBackendChoice.MEMORY;
      case "redis" -> CacheBackendChoice.REDIS;
      default -> throw new IllegalArgumentException("must be memory or redis");
    };
  }

  /** An existing directory; checked at start-up so a typo fails fast rather than warming nothing. */
  private static Setting.Parser<Path> directory() {
    return text -> {
      if (text.isEmpty() || text.length() > 4096 || text.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("must be a directory path");
      }
      Path path;
      try {
        path = Path.of(text);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("must be a directory path");
      }
      if (!Files.isDirectory(path)) throw new IllegalArgumentException("must be an existing directory");
      return path;
    };
  }

  private static String randomNodeId() {
    byte[] bytes = new byte[3];
    new SecureRandom().nextBytes(bytes);
    return "node-" + HexFormat.of().formatHex(bytes);
  }

  private static String nameOf(Setting<?> setting, Map<String, String> flags) {
    return flags.containsKey(setting.flag()) ? setting.flag() : setting.env();
  }

  private static Map<String, String> parseFlags(List<String> args) {
    Objects.requireNonNull(args, "args");
    Map<String, Setting<?>> byFlag = new HashMap<>();
    ALL.forEach(s -> byFlag.put(s.flag(), s));
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = Objects.requireNonNull(args.get(i), "args must not contain null");
      if (HELP_FLAGS.contains(arg)) {
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + Setting.quote(arg) + "; see --help");
      }
      int eq = arg.indexOf('=');
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      if (!byFlag.containsKey(flag)) {
        throw new IllegalArgumentException("unknown flag " + Setting.quote(flag) + "; see --help");
      }
      if (eq >= 0) {
        flags.put(flag, arg.substring(eq + 1));
      } else if (i + 1 < args.size() && args.get(i + 1) != null && !args.get(i + 1).startsWith("--")) {
        flags.put(flag, args.get(++i));
      } else {
        throw new IllegalArgumentException(flag + " needs a value; see --help");
      }
    }
    return flags;
  }
}
