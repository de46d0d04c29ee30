package io.constellation.worker.resilience;

import io.constellation.engine.spi.CircuitBreakerConfig;
import io.constellation.engine.spi.CircuitBreakerRegistry;
import io.constellation.worker.state.RedisState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.redisson.api.RFuture;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Circuit breakers shared by every node of the cluster: one per module name, closed / open / half-open.
 *
 * <pre>
 *   CLOSED --(threshold failures, counted over all nodes)--> OPEN --(resetAfter, first caller anywhere)--> HALF_OPEN
 *   HALF_OPEN --(probe succeeds)--> CLOSED        HALF_OPEN --(probe fails)--> OPEN        any --(reset)--> CLOSED
 * </pre>
 *
 * <p>Implementation notes. The truth is the Redis hash {@code circuit:<module>}; every transition is one Lua
 * script ({@link CircuitScripts}) that also publishes the new state on the channel {@value #CHANNEL}. Each node
 * keeps a {@link CircuitMirror} fed by that channel, so {@link #tryAcquirePermission} is a map lookup while a
 * circuit is closed or open within its reset period; only taking a half-open probe goes to Redis, where the
 * script hands it to exactly one caller in the cluster. Failures and successes are sent asynchronously; a
 * success costs nothing while the circuit is closed with no failures counted. Open periods are measured on each
 * node's {@link InstantSource}, so node clocks should agree to well within the reset period.
 *
 * <p>Degraded mode: while {@link RedisState#available()} is false, or until the mirror has been (re)loaded,
 * decisions go to local breakers ({@link CircuitBreakerRegistry#local(InstantSource, CircuitBreakerConfig)},
 * one per module with its configuration). When Redis is back the mirror is reloaded from Redis (it may have
 * lost its data) and the local breakers are dropped. A Redis call that fails outside degraded mode also falls
 * back locally for that call: no module call ever fails because Redis does.
 *
 * <pre>{@code
 * RedisState redis = RedisState.connect("redis://127.0.0.1:6379", InstantSource.system());
 * DistributedCircuitBreakers breakers = DistributedCircuitBreakers.create(redis, InstantSource.system());
 * PipelineRuntime runtime = PipelineRuntime.builder(modules).circuitBreakers(breakers).build();
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use. The owner closes it before closing the {@link RedisState}.
 */
public final class DistributedCircuitBreakers implements CircuitBreakerRegistry, AutoCloseable {

  /** Prefix of the per-module Redis hashes. */
  public static final String KEY_PREFIX = "circuit:";
  /** The Redis channel carrying every transition. */
  public static final String CHANNEL = "constellation:circuits";
  /** Longest module name accepted by the admin entry points (CLI input). */
  static final int MAX_ADMIN_NAME_LENGTH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(DistributedCircuitBreakers.class);
  /** Bound on a synchronous Redis call (probe, reset, list); the client's own timeouts are shorter. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  /** Least time between resyncs requested by callers finding the mirror stale while Redis looks up. */
  private static final long LAZY_RESYNC_INTERVAL_MILLIS = 1_000;

  private final RedisState redis;
  private final RedissonClient client;
  private final InstantSource clock;
  private final CircuitBreakerConfig defaults;
  private final Map<String, CircuitBreakerConfig> overrides;
  private final CircuitScripts scripts;
  private final RTopic topic;
  private final CircuitMirror mirror = new CircuitMirror();
  private final ConcurrentMap<String, CircuitBreakerRegistry> fallbacks = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final ReentrantLock resyncLock = new ReentrantLock();
  private final AtomicInteger resyncRequests = new AtomicInteger();
  private final AtomicBoolean hardResyncPending = new AtomicBoolean();
  private final AtomicLong lastLazyResyncMillis = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicBoolean sawFirstSubscribe = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Integer> listenerIds = new ArrayList<>(); // guarded by resyncLock
  /** True once the mirror holds Redis's state; false while degraded and during a reload. */
  private volatile boolean synced;

  private DistributedCircuitBreakers(RedisState redis, InstantSource clock, CircuitBreakerConfig defaults,
      Map<String, CircuitBreakerConfig> overrides) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    this.client = redis.client();
    this.scripts = new CircuitScripts(client, CHANNEL);
    this.topic = client.getTopic(CHANNEL, StringCodec.INSTANCE);
  }

  /** Breakers with {@link CircuitBreakerConfig#DEFAULTS} for every module. */
  public static DistributedCircuitBreakers create(RedisState redis, InstantSource clock) {
    return create(redis, clock, CircuitBreakerConfig.DEFAULTS, Map.of());
  }

  /**
   * Subscribes to the circuit channel and loads the current states (so a node starting late sees circuits
   * already open); if Redis is down, starts on local breakers and loads once it is up.
   *
   * @param overrides per-module settings; other modules use {@code defaults}
   */
  public static DistributedCircuitBreakers create(RedisState redis, InstantSource clock,
      CircuitBreakerConfig defaults, Map<String, CircuitBreakerConfig> overrides) {
    DistributedCircuitBreakers breakers = new DistributedCircuitBreakers(redis, clock, defaults, overrides);
    redis.onAvailabilityChange(breakers::onAvailabilityChange);
    breakers.resync(true);
    return breakers;
  }

  @Override
  public boolean tryAcquirePermission(String module) {
    if (!useRedis()) {
      return fallback(module).tryAcquirePermission(module);
    }
    CircuitSnapshot circuit = mirror.get(module);
    if (circuit == null || circuit.state() == CircuitState.CLOSED) {
      return true;
    }
    CircuitBreakerConfig config = configFor(module);
    long now = clock.millis();
    boolean resetDue = now - circuit.sinceMillis() >= config.resetAfter().toMillis();
    if (!resetDue && (circuit.state() == CircuitState.OPEN || circuit.probesLeft() <= 0)) {
      return false;
    }
    return takeProbe(module, circuit, now, config);
  }

  /** Asks Redis for a half-open probe; exactly one caller in the cluster gets each. */
  private boolean takeProbe(String module, CircuitSnapshot seen, long now, CircuitBreakerConfig config) {
    try {
      long answer = await(scripts.probeAsync(module, now, config));
      if (answer == CircuitScripts.NOT_OPEN) {
        mirror.remove(module, seen);
        return true;
      }
      return answer == CircuitScripts.PROBE_TAKEN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false; // the caller is being cancelled: don't start the call
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("circuit probe for module '{}' failed in redis; deciding locally", module, e);
      return fallback(module).tryAcquirePermission(module);
    }
  }

  @Override
  public void onSuccess(String module) {
    if (!useRedis()) {
      fallback(module).onSuccess(module);
      return;
    }
    CircuitSnapshot circuit = mirror.get(module);
    if (circuit == null || (circuit.state() == CircuitState.CLOSED && circuit.failures() == 0)) {
      return; // the healthy path costs no Redis call
    }
    // Sent in the open state too: this may be the probe's success arriving before its half-open message.
    scripts.successAsync(module, clock.millis()).whenComplete((changed, error) -> {
      if (error != null) {
        LOG.debug("recording a success of module '{}' in redis failed; recorded locally", module, error);
        fallback(module).onSuccess(module);
      }
    });
  }

  @Override
  public void onFailure(String module) {
    if (!useRedis()) {
      fallback(module).onFailure(module);
      return;
    }
    scripts.failureAsync(module, clock.millis(), configFor(module)).whenComplete((changed, error) -> {
      if (error != null) {
        LOG.debug("recording a failure of module '{}' in redis failed; recorded locally", module, error);
        fallback(module).onFailure(module);
      }
    });
  }

  /**
   * Every circuit known to the cluster, by module name: read from Redis, or this node's last known view while
   * Redis is unreachable.
   */
  public List<Circuit> list() {
    if (useRedis()) {
      try {
        return loadAll().map(CircuitSnapshot::toCircuit).sorted(Comparator.comparing(Circuit::module)).toList();
      } catch (RuntimeException e) {
        LOG.debug("listing circuits from redis failed; showing this node's view", e);
      }
    }
    return mirror.list();
  }

  /**
   * Closes the module's circuit on every node (and this node's local fallback breaker).
   *
   * @return true if the cluster had a circuit for the module, false if there was none
   * @throws IllegalArgumentException if the name is blank or longer than 256 characters
   * @throws IllegalStateException if Redis is unreachable (only this node's local breaker was reset)
   */
  public boolean reset(String module) {
    Objects.requireNonNull(module, "module");
    if (module.isBlank()) {
      throw new IllegalArgumentException("module must not be blank");
    }
    if (module.length() > MAX_ADMIN_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "module must be at most " + MAX_ADMIN_NAME_LENGTH + " characters, was " + module.length());
    }
    fallbacks.remove(module);
    if (!redis.available()) {
      throw new IllegalStateException(
          "redis is unreachable: circuit '" + module + "' was reset on this node only; retry when redis is up");
    }
    try {
      return await(scripts.resetAsync(module, clock.millis())) == 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resetting circuit '" + module + "'", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new IllegalStateException("could not reset circuit '" + module + "' in redis: " + e, e);
    }
  }

  /** This node's mirrored state of the module (closed if unknown); for tests and diagnostics. */
  CircuitState mirroredState(String module) {
    CircuitSnapshot circuit = mirror.get(module);
    return circuit == null ? CircuitState.CLOSED : circuit.state();
  }

  /** True while decisions come from the mirror rather than local breakers; for tests and diagnostics. */
  boolean usingRedis() {
    return synced && redis.available();
  }

  /** True when decisions come from the mirror; asks for a reload if Redis is up but the mirror is stale. */
  private boolean useRedis() {
    if (synced && redis.available()) {
      return true;
    }
    if (!synced && !closed.get() && redis.available()) {
      long now = clock.millis();
      long last = lastLazyResyncMillis.get();
      if (now - last >= LAZY_RESYNC_INTERVAL_MILLIS && lastLazyResyncMillis.compareAndSet(last, now)) {
        requestResync(true);
      }
    }
    return false;
  }

  private CircuitBreakerConfig configFor(String module) {
    return overrides.getOrDefault(module, defaults);
  }

  private CircuitBreakerRegistry fallback(String module) {
    CircuitBreakerRegistry local = fallbacks.get(module);
    return local != null
        ? local : fallbacks.computeIfAbsent(module, m -> CircuitBreakerRegistry.local(clock, configFor(m)));
  }

  private void onAvailabilityChange(boolean available) {
    if (available) {
      requestResync(true); // Redis may have restarted empty, or changed while we could not hear it
    } else {
      synced = false;
    }
  }

  /** Runs a reload on a virtual thread; requests made while one runs are served by one more run. */
  private void requestResync(boolean hard) {
    if (hard) {
      hardResyncPending.set(true);
    }
    if (closed.get() || resyncRequests.getAndIncrement() > 0) {
      return;
    }
    try {
      background.execute(() -> {
        while (true) {
          int seen = resyncRequests.get();
          resync(hardResyncPending.getAndSet(false));
          if (resyncRequests.compareAndSet(seen, 0)) {
            return;
          }
        }
      });
    } catch (RejectedExecutionException e) {
      resyncRequests.set(0); // closing
    }
  }

  /**
   * Subscribes if needed, then loads Redis's circuits into the mirror; messages received during the load are
   * kept when newer than what it read.
   *
   * <p>A hard resync (at start and when Redis comes back) first forgets the mirror, since Redis may have lost
   * its data and restarted its versions; decisions are local meanwhile ({@code synced} is false). A soft resync
   * (after the channel was re-subscribed: messages may have been missed) keeps deciding from the mirror, merges
   * newer states and drops circuits that are gone from Redis.
   */
  private void resync(boolean hard) {
    resyncLock.lock();
    try {
      if (closed.get() || !redis.available()) {
        return;
      }
      if (hard) {
        synced = false;
      }
      subscribe();
      Map<String, CircuitSnapshot> before = hard ? Map.of() : mirror.copy();
      if (hard) {
        mirror.clear();
      }
      Set<String> loaded = new HashSet<>();
      try (Stream<CircuitSnapshot> circuits = loadAll()) {
        circuits.forEach(circuit -> {
          loaded.add(circuit.module());
          mirror.applyLoaded(circuit);
        });
      }
      before.forEach((module, seen) -> {
        if (!loaded.contains(module)) {
          mirror.remove(module, seen);
        }
      });
      if (hard) {
        fallbacks.clear();
        synced = redis.available();
      }
    } catch (RuntimeException e) {
      LOG.warn("could not load circuit states from redis; using local breakers until it can: {}", e.toString());
    } finally {
      resyncLock.unlock();
    }
  }

  private void subscribe() {
    if (!listenerIds.isEmpty()) {
      return; // Redisson keeps listeners across reconnects
    }
    // After the first subscription, a SUBSCRIBE confirmation means a reconnect: messages may have been missed.
    int status = topic.addListener(new StatusListener() {
      @Override
      public void onSubscribe(String channel) {
        if (sawFirstSubscribe.getAndSet(true)) {
          requestResync(false);
        }
      }

      @Override
      public void onUnsubscribe(String channel) {}
    });
    try {
      int messages = topic.addListener(String.class, (channel, message) -> onMessage(message));
      listenerIds.add(status);
      listenerIds.add(messages);
    } catch (RuntimeException e) {
      try {
        topic.removeListener(status);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void onMessage(String message) {
    CircuitSnapshot.parseMessage(message).ifPresentOrElse(mirror::applyPublished,
        () -> LOG.debug("ignored a malformed message on {}", CHANNEL));
  }

  /** Reads every {@code circuit:*} hash (SCAN, then one read each); malformed hashes are skipped. */
  private Stream<CircuitSnapshot> loadAll() {
    return client.getKeys().getKeysStreamByPattern(KEY_PREFIX + "*").flatMap(key -> {
      String module = key.substring(KEY_PREFIX.length());
      Map<String, String> hash = client.<String, String>getMap(key, StringCodec.INSTANCE).readAllMap();
      return CircuitSnapshot.fromHash(module, hash).stream();
    });
  }

  private static long await(RFuture<Long> answer)
      throws InterruptedException, ExecutionException, TimeoutException {
    Long value = answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return value == null ? CircuitScripts.DENIED : value;
  }

  /** Unsubscribes and stops background work; the {@link RedisState} stays open (its owner closes it). */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    synced = false;
    background.shutdownNow();
    resyncLock.lock();
    try {
      if (!listenerIds.isEmpty()) {
        topic.removeListener(listenerIds.toArray(Integer[]::new));
        listenerIds.clear();
      }
    } catch (RuntimeException e) {
      LOG.debug("unsubscribing from {} failed", CHANNEL, e);
    } finally {
      resyncLock.unlock();
    }
    try {
      if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("circuit breaker background work did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
