package io.constellation.worker.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.SingleServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's connection to Redis: owns the {@link RedissonClient} and a health check that decides whether the
 * node is {@linkplain #available() available} or in degraded mode (Redis unreachable: callers use local
 * fallbacks instead).
 *
 * <p>The client is created with lazy initialisation, so {@link #connect} succeeds while Redis is down (the node
 * starts degraded and turns available on the first successful PING). Short timeouts (connect 500 ms, command
 * 200 ms, one retry by default) bound every call against a slow or dead server.
 *
 * <p>The health check is one scheduled platform thread owned by this object: it PINGs every
 * {@link Options#pingInterval()}; {@link Options#failuresToDegrade()} consecutive failures turn the node
 * degraded, one success turns it available again. Listeners run on the health thread, outside any lock.
 *
 * <p>Thread-safety: safe for concurrent use. {@link #close()} is idempotent.
 */
public final class RedisState implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
  /** Longest accepted connection string: ample for a few dozen cluster nodes, and bounds hostile input. */
  private static final int MAX_URL_LENGTH = 4096;

  /**
   * Timeouts and health-check cadence.
   *
   * @param connectTimeout TCP connect timeout
   * @param commandTimeout how long one command waits for its answer
   * @param retryAttempts retries of a failed command (kept low: a caller falls back rather than wait)
   * @param pingInterval delay between health-check PINGs
   * @param failuresToDegrade consecutive failed PINGs that turn the node degraded
   */
  public record Options(
      Duration connectTimeout,
      Duration commandTimeout,
      int retryAttempts,
      Duration pingInterval,
      int failuresToDegrade) {

    public static final Options DEFAULTS =
        new Options(Duration.ofMillis(500), Duration.ofMillis(200), 1, Duration.ofMillis(500), 2);

    public Options {
      requirePositive("connectTimeout", connectTimeout);
      requirePositive("commandTimeout", commandTimeout);
      requirePositive("pingInterval", pingInterval);
      if (retryAttempts < 0 || retryAttempts > 10) {
        throw new IllegalArgumentException("retryAttempts must be in [0, 10], was " + retryAttempts);
      }
      if (failuresToDegrade < 1) {
        throw new IllegalArgumentException("failuresToDegrade must be >= 1, was " + failuresToDegrade);
      }
    }

    private static void requirePositive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(name + " must be in (0, 1 min], was " + value);
      }
    }
  }

  private final RedissonClient client;
  private final boolean cluster;
  private final InstantSource clock;
  private final Options options;
  private final ScheduledExecutorService healthCheck;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  // guarded by lock
  private boolean available;
  private int consecutiveFailures;
  private Instant degradedSince;
  private Duration degradedTotal = Duration.ZERO;
  private boolean closed;
  private boolean checked; // false until the first PING: the start-up connect is not degraded time

  private RedisState(RedissonClient client, boolean cluster, InstantSource clock, Options options) {
    this.client = client;
    this.cluster = cluster;
    this.clock = clock;
    this.options = options;
    this.degradedSince = clock.instant(); // degraded until the first PING succeeds
    this.healthCheck = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("constellation-redis-health").daemon(true).factory());
  }

  /** Connects with {@link Options#DEFAULTS}; see {@link #connect(String, InstantSource, Options)}. */
  public static RedisState connect(String redisUrl, InstantSource clock) {
    return connect(redisUrl, clock, Options.DEFAULTS);
  }

  /**
   * Creates the client and starts the health check. {@code redisUrl} is {@code redis://host:port} (or
   * {@code rediss://}), or a comma-separated list of such addresses (a scheme-less {@code host:port} is read as
   * {@code redis://}) naming the nodes of a Redis Cluster. Does not fail when Redis is down: the state starts
   * degraded. One PING is tried before returning, so a reachable Redis is available at once.
   *
   * @throws IllegalArgumentException if the URL is malformed
   */
  public static RedisState connect(String redisUrl, InstantSource clock, Options options) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(options, "options");
    List<String> addresses = parseAddresses(redisUrl);
    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE); // never the Kryo default: other tools read our values (INFRA R2)
    config.setLazyInitialization(true); // start while Redis is down; connect on first use
    config.setThreads(2);
    config.setNettyThreads(4);
    boolean cluster = addresses.size() > 1;
    int connectMillis = Math.toIntExact(options.connectTimeout().toMillis());
    int commandMillis = Math.toIntExact(options.commandTimeout().toMillis());
    ConstantDelay retryDelay = new ConstantDelay(Duration.ofMillis(Math.min(100, commandMillis)));
    if (cluster) {
      ClusterServersConfig servers = config.useClusterServers();
      addresses.forEach(servers::addNodeAddress);
      servers.setConnectTimeout(connectMillis)
          .setTimeout(commandMillis)
          .setRetryAttempts(options.retryAttempts())
          .setRetryDelay(retryDelay);
    } else {
      SingleServerConfig server = config.useSingleServer().setAddress(addresses.getFirst());
      server.setConnectionMinimumIdleSize(1)
          .setConnectionPoolSize(16)
          .setSubscriptionConnectionMinimumIdleSize(0)
          .setConnectTimeout(connectMillis)
          .setTimeout(commandMillis)
          .setRetryAttempts(options.retryAttempts())
          .setRetryDelay(retryDelay);
    }
    RedisState state = new RedisState(Redisson.create(config), cluster, clock, options);
    state.check();
    state.start();
    return state;
  }

  /**
   * Splits and validates a connection string (as {@link #connect} reads it) into {@code scheme://host:port}
   * addresses; settings validation uses it to fail fast at start-up.
   *
   * @throws IllegalArgumentException if the string is malformed, naming what is wrong
   */
  public static List<String> parseAddresses(String redisUrl) {
    if (redisUrl == null || redisUrl.isBlank()) {
      throw new IllegalArgumentException("redis URL must not be blank");
    }
    if (redisUrl.length() > MAX_URL_LENGTH) {
      throw new IllegalArgumentException(
          "redis URL must be at most " + MAX_URL_LENGTH + " characters, was " + redisUrl.length());
    }
    List<String> addresses = new ArrayList<>();
    for (String part : redisUrl.split(",", -1)) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException("redis URL has an empty address: " + quoted(redisUrl));
      }
      String withScheme = trimmed.contains("://") ? trimmed : "redis://" + trimmed;
      URI uri;
      try {
        uri = new URI(withScheme);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("redis address is malformed: " + quoted(trimmed), e);
      }
      String scheme = uri.getScheme();
      if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
        throw new IllegalArgumentException(
            "redis address must use redis:// or rediss://, was " + quoted(trimmed));
      }
      if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
        throw new IllegalArgumentException("redis address needs host:port, was " + quoted(trimmed));
      }
      if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath())
          && !uri.getRawPath().matches("/\\d{1,2}"))
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "redis address must be scheme://host:port[/db], was " + quoted(trimmed));
      }
      addresses.add(withScheme);
    }
    return List.copyOf(addresses);
  }

  private static String quoted(String text) {
    String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return "'" + shown + "'";
  }

  private void start() {
    long intervalMillis = options.pingInterval().toMillis();
    healthCheck.scheduleWithFixedDelay(this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** The Redisson client; calls on it may fail while {@link #available()} is false. */
  public RedissonClient client() {
    return client;
  }

  /** False while Redis is unreachable (degraded mode): callers should use their local fallback. */
  public boolean available() {
    lock.lock();
    try {
      return available && !closed;
    } finally {
      lock.unlock();
    }
  }

  /** Registers a listener called with the new availability on each change (on the health-check thread). */
  public void onAvailabilityChange(Consumer<Boolean> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Total time spent degraded since {@link #connect}, including the current degraded spell. */
  public Duration degradedTime() {
    lock.lock();
    try {
      return degradedSince == null
          ? degradedTotal
          : degradedTotal.plus(nonNegative(Duration.between(degradedSince, clock.instant())));
    } finally {
      lock.unlock();
    }
  }

  /** {@code "up"} or {@code "degraded"}, for the readiness detail. */
  public String detail() {
    return available() ? "up" : "degraded";
  }

  /** One health-check round: PING, then update the state; never throws (it runs on the scheduler). */
  private void check() {
    boolean ok;
    try {
      ok = ping();
    } catch (RuntimeException e) {
      LOG.debug("redis PING failed", e);
      ok = false;
    }
    Boolean changedTo = record(ok);
    if (changedTo != null) {
      if (changedTo) {
        LOG.info("redis is available");
      } else {
        LOG.warn("redis is unreachable: degraded mode (local fallbacks)");
      }
      for (Consumer<Boolean> listener : listeners) {
        try {
          listener.accept(changedTo);
        } catch (RuntimeException e) {
          LOG.warn("redis availability listener failed", e);
        }
      }
    }
  }

  private boolean ping() {
    long timeoutMillis = options.commandTimeout().toMillis() + options.connectTimeout().toMillis();
    return cluster
        ? client.getRedisNodes(RedisNodes.CLUSTER).pingAll(timeoutMillis, TimeUnit.MILLISECONDS)
        : client.getRedisNodes(RedisNodes.SINGLE).pingAll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Applies one PING outcome; returns the new availability if it changed, else null. */
  private Boolean record(boolean ok) {
    lock.lock();
    try {
      if (closed) {
        return null;
      }
      if (ok) {
        consecutiveFailures = 0;
        if (available) {
          return null;
        }
        available = true;
        if (checked) {
          degradedTotal = degradedTotal.plus(nonNegative(Duration.between(degradedSince, clock.instant())));
        }
        checked = true;
        degradedSince = null;
        return Boolean.TRUE;
      }
      checked = true;
      consecutiveFailures = Math.min(consecutiveFailures + 1, Integer.MAX_VALUE - 1);
      if (!available || consecutiveFailures < options.failuresToDegrade()) {
        return null;
      }
      available = false;
      degradedSince = clock.instant();
      return Boolean.FALSE;
    } finally {
      lock.unlock();
    }
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  /** Stops the health check, then shuts the client down. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    healthCheck.shutdownNow();
    try {
      if (!healthCheck.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("redis health check did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      LOG.warn("redis client shutdown failed", e);
    }
  }
}
