package io.constellation.worker;

import io.constellation.worker.state.RedisState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of a worker node, validated on construction.
 *
 * <p>Processes build it from their environment and command line with {@link WorkerSettings#fromEnvironment};
 * tests usually start from {@link #defaults()} and adjust it with the {@code with*} methods:
 * <pre>{@code
 * WorkerConfig config = WorkerConfig.defaults()
 *     .withBootstrapServers(kafka.bootstrapServers())
 *     .withAdminPort(0)
 *     .withMaxConcurrency(4);
 * }</pre>
 * The defaults and their documentation live in the {@link WorkerSettings} table.
 *
 * <p>Thread-safety: immutable.
 *
 * @param nodeId            this node's id, used in results, DLQ records, pinned routing and metrics
 * @param adminPort         admin HTTP port, 0..65535; 0 picks an ephemeral port
 * @param schedulerEnabled  false runs every execution at once, without the priority queue
 * @param maxConcurrency    executions running at once, >= 1
 * @param starvationTimeout a queued execution waiting longer than this jumps the queue; positive
 * @param bootstrapServers  Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topicPrefix       topic name prefix (legal Kafka topic characters)
 * @param maxRecordBytes    largest request record accepted, >= 1; bigger records go to the DLQ
 * @param publishWindow     how long results are batched before a transactional publish; positive
 * @param publishMaxResults most results in one publish window, >= 1
 * @param highWaterMark     queued executions at which fetching pauses, >= 1
 * @param lowWaterMark      queued executions at which fetching resumes, 0 <= low < high
 * @param drainTimeout      how long a graceful close waits for in-flight work; not negative
 * @param redisUrl          Redis to share caches, circuit breakers and limiters over; empty = node-local state
 * @param cacheDefaultBackend the module cache backend of calls without {@code cache_backend}; empty = redis when
 *                          Redis is configured, else memory (see {@link #effectiveCacheDefaultBackend()})
 * @param cacheWarmDir      a directory of {@code .cst} files compiled into the compilation cache at start-up
 * @param compilationCacheTtl how long a compiled pipeline stays in the shared compilation cache; positive
 */
public record WorkerConfig(
    String nodeId,
    int adminPort,
    boolean schedulerEnabled,
    int maxConcurrency,
    Duration starvationTimeout,
    String bootstrapServers,
    String topicPrefix,
    int maxRecordBytes,
    Duration publishWindow,
    int publishMaxResults,
    int highWaterMark,
    int lowWaterMark,
    Duration drainTimeout,
    Optional<String> redisUrl,
    Optional<CacheBackendChoice> cacheDefaultBackend,
    Optional<Path> cacheWarmDir,
    Duration compilationCacheTtl) {

  /** The backends a module cache call may name with {@code cache_backend}, and the default for calls without it. */
  public enum CacheBackendChoice {
    MEMORY, REDIS;

    /** {@code "memory"} or {@code "redis"}, as in settings and pipelines. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public WorkerConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(starvationTimeout, "starvationTimeout");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(publishWindow, "publishWindow");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    require(Parsers.NODE_ID.matcher(nodeId).matches(), "nodeId must be 1 to 64 letters, digits, '.', '_' or '-'"
        + " starting with a letter or digit, was " + Setting.quote(nodeId));
    require(adminPort >= 0 && adminPort <= 65535, "adminPort must be between 0 and 65535, was " + adminPort);
    require(maxConcurrency >= 1, "maxConcurrency must be >= 1, was " + maxConcurrency);
    require(starvationTimeout.isPositive(), "starvationTimeout must be positive, was " + starvationTimeout);
    require(!bootstrapServers.isBlank(), "bootstrapServers must not be blank");
    require(Parsers.TOPIC_PREFIX.matcher(topicPrefix).matches(),
        "topicPrefix must be 1 to 200 letters, digits, '.', '_' or '-', was " + Setting.quote(topicPrefix));
    require(maxRecordBytes >= 1, "maxRecordBytes must be >= 1, was " + maxRecordBytes);
    require(publishWindow.isPositive(), "publishWindow must be positive, was " + publishWindow);
    require(publishMaxResults >= 1, "publishMaxResults must be >= 1, was " + publishMaxResults);
    require(highWaterMark >= 1, "highWaterMark must be >= 1, was " + highWaterMark);
    require(lowWaterMark >= 0, "lowWaterMark must be >= 0, was " + lowWaterMark);
    require(lowWaterMark < highWaterMark,
        "lowWaterMark must be < highWaterMark (" + highWaterMark + "), was " + lowWaterMark);
    require(!drainTimeout.isNegative(), "drainTimeout must not be negative, was " + drainTimeout);
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(cacheDefaultBackend, "cacheDefaultBackend");
    Objects.requireNonNull(cacheWarmDir, "cacheWarmDir");
    Objects.requireNonNull(compilationCacheTtl, "compilationCacheTtl");
    redisUrl.ifPresent(RedisState::parseAddresses); // throws, naming what is wrong
    require(cacheDefaultBackend.orElse(CacheBackendChoice.MEMORY) != CacheBackendChoice.REDIS || redisUrl.isPresent(),
        "cacheDefaultBackend redis needs a Redis (REDIS_URL or REDIS_NODES)");
    require(compilationCacheTtl.isPositive(), "compilationCacheTtl must be positive, was " + compilationCacheTtl);
  }

  /** True when the node shares its state over Redis. */
  public boolean redisConfigured() {
    return redisUrl.isPresent();
  }

  /** The default module cache backend: the chosen one, else redis when Redis is configured, else memory. */
  public CacheBackendChoice effectiveCacheDefaultBackend() {
    return cacheDefaultBackend.orElse(redisUrl.isPresent() ? CacheBackendChoice.REDIS : CacheBackendChoice.MEMORY);
  }

  /** The defaults of the {@link WorkerSettings} table, with a random node id and no environment. */
  public static WorkerConfig defaults() {
    return WorkerSettings.fromEnvironment(java.util.Map.of(), java.util.List.of());
  }

  public WorkerConfig withNodeId(String nodeId) {
    return new Copy(this).nodeId(nodeId).build();
  }

  public WorkerConfig withAdminPort(int adminPort) {
    return new Copy(this).adminPort(adminPort).build();
  }

  public WorkerConfig withSchedulerEnabled(boolean schedulerEnabled) {
    return new Copy(this).schedulerEnabled(schedulerEnabled).build();
  }

  /**
   * A copy with another concurrency and the default water marks for it (4 x and 2 x {@code maxConcurrency});
   * call {@link #withWaterMarks} afterwards to choose others.
   */
  public WorkerConfig withMaxConcurrency(int maxConcurrency) {
    require(maxConcurrency >= 1, "maxConcurrency must be >= 1, was " + maxConcurrency);
    int high = WorkerSettings.defaultHighWater(maxConcurrency);
    return new Copy(this).maxConcurrency(maxConcurrency).highWaterMark(high)
        .lowWaterMark(WorkerSettings.defaultLowWater(maxConcurrency, high)).build();
  }

  public WorkerConfig withStarvationTimeout(Duration starvationTimeout) {
    return new Copy(this).starvationTimeout(starvationTimeout).build();
  }

  public WorkerConfig withBootstrapServers(String bootstrapServers) {
    return new Copy(this).bootstrapServers(bootstrapServers).build();
  }

  public WorkerConfig withTopicPrefix(String topicPrefix) {
    return new Copy(this).topicPrefix(topicPrefix).build();
  }

  public WorkerConfig withMaxRecordBytes(int maxRecordBytes) {
    return new Copy(this).maxRecordBytes(maxRecordBytes).build();
  }

  public WorkerConfig withPublishWindow(Duration publishWindow, int publishMaxResults) {
    return new Copy(this).publishWindow(publishWindow).publishMaxResults(publishMaxResults).build();
  }

  public WorkerConfig withWaterMarks(int highWaterMark, int lowWaterMark) {
    return new Copy(this).highWaterMark(highWaterMark).lowWaterMark(lowWaterMark).build();
  }

  public WorkerConfig withDrainTimeout(Duration drainTimeout) {
    return new Copy(this).drainTimeout(drainTimeout).build();
  }

  /** A copy using Redis at {@code redisUrl} ({@code redis://host:port}, or a comma-separated cluster node list). */
  public WorkerConfig withRedisUrl(String redisUrl) {
    return withRedis(Optional.of(redisUrl));
  }

  /** A copy with or without Redis. */
  public WorkerConfig withRedis(Optional<String> redisUrl) {
    return new Copy(this).redisUrl(redisUrl).build();
  }

  public WorkerConfig withCacheDefaultBackend(CacheBackendChoice choice) {
    return new Copy(this).cacheDefaultBackend(Optional.of(choice)).build();
  }

  public WorkerConfig withCacheWarmDir(Path directory) {
    return new Copy(this).cacheWarmDir(Optional.of(directory)).build();
  }

  public WorkerConfig withCompilationCacheTtl(Duration compilationCacheTtl) {
    return new Copy(this).compilationCacheTtl(compilationCacheTtl).build();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A copy with some components changed, so each wither states only what it changes. */
  private static final class Copy {
    private String nodeId;
    private int adminPort;
    private boolean schedulerEnabled;
    private int maxConcurrency;
    private Duration starvationTimeout;
    private String bootstrapServers;
    private String topicPrefix;
    private int maxRecordBytes;
    private Duration publishWindow;
    private int publishMaxResults;
    private int highWaterMark;
    private int lowWaterMark;
    private Duration drainTimeout;
    private Optional<String> redisUrl;
    private Optional<CacheBackendChoice> cacheDefaultBackend;
    private Optional<Path> cacheWarmDir;
    private Duration compilationCacheTtl;

    Copy(WorkerConfig c) {
      nodeId = c.nodeId;
      adminPort = c.adminPort;
      schedulerEnabled = c.schedulerEnabled;
      maxConcurrency = c.maxConcurrency;
      starvationTimeout = c.starvationTimeout;
      bootstrapServers = c.bootstrapServers;
      topicPrefix = c.topicPrefix;
      maxRecordBytes = c.maxRecordBytes;
      publishWindow = c.publishWindow;
      publishMaxResults = c.publishMaxResults;
      highWaterMark = c.highWaterMark;
      lowWaterMark = c.lowWaterMark;
      drainTimeout = c.drainTimeout;
      redisUrl = c.redisUrl;
      cacheDefaultBackend = c.cacheDefaultBackend;
      cacheWarmDir = c.cacheWarmDir;
      compilationCacheTtl = c.compilationCacheTtl;
    }

    Copy nodeId(String value) {
      nodeId = value;
      return this;
    }

    Copy adminPort(int value) {
      adminPort = value;
      return this;
    }

    Copy schedulerEnabled(boolean value) {
      schedulerEnabled = value;
      return this;
    }

    Copy maxConcurrency(int value) {
      maxConcurrency = value;
      return this;
    }

    Copy starvationTimeout(Duration value) {
      starvationTimeout = value;
      return this;
    }

    Copy bootstrapServers(String value) {
      bootstrapServers = value;
      return this;
    }

    Copy topicPrefix(String value) {
      topicPrefix = value;
      return this;
    }

    Copy maxRecordBytes(int value) {
      maxRecordBytes = value;
      return this;
    }

    Copy publishWindow(Duration value) {
      publishWindow = value;
      return this;
    }

    Copy publishMaxResults(int value) {
      publishMaxResults = value;
      return this;
    }

    Copy highWaterMark(int value) {
      highWaterMark = value;
      return this;
    }

    Copy lowWaterMark(int value) {
      lowWaterMark = value;
      return this;
    }

    Copy drainTimeout(Duration value) {
      drainTimeout = value;
      return this;
    }

    Copy redisUrl(Optional<String> value) {
      redisUrl = value;
      return this;
    }

    Copy cacheDefaultBackend(Optional<CacheBackendChoice> value) {
      cacheDefaultBackend = value;
      return this;
    }

    Copy cacheWarmDir(Optional<Path> value) {
      cacheWarmDir = value;
      return this;
    }

    Copy compilationCacheTtl(Duration value) {
      compilationCacheTtl = value;
      return this;
    }

    WorkerConfig build() {
      return new WorkerConfig(nodeId, adminPort, schedulerEnabled, maxConcurrency, starvationTimeout,
          bootstrapServers, topicPrefix, maxRecordBytes, publishWindow, publishMaxResults, highWaterMark,
          lowWaterMark, drainTimeout, redisUrl, cacheDefaultBackend, cacheWarmDir, compilationCacheTtl);
    }
  }
}
