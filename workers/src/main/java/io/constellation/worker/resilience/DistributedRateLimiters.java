package io.constellation.worker.resilience;

import io.constellation.engine.spi.RateLimiterRegistry;
import io.constellation.worker.state.RedisState;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.RFuture;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide module rate control: {@code throttle: C/D} is one budget of C calls per D for the whole cluster
 * (a Redisson {@link RRateLimiter} {@code throttle:<module>}, rate type OVERALL), and {@code concurrency: N} is
 * one limit of N calls in flight for the whole cluster (a Redisson {@link RPermitExpirableSemaphore}
 * {@code concurrency:<module>}). Each is created in Redis at first use with that call site's settings; later,
 * differing settings are ignored, as in {@link RateLimiterRegistry#local()}.
 *
 * <p>Implementation notes. A permit is leased ({@link Options#permitLease()}, 60 s by default) so that a node
 * that dies holding permits gives them back when the lease runs out; while a permit is held, one scheduled
 * thread owned by this object renews its lease every third of the lease, so a long call keeps its permit.
 * Waiting happens in slices ({@link Options#waitSlice()}): between slices the caller's interruption and Redis's
 * availability are checked, and the limiter is re-created if Redis lost it.
 *
 * <p>Degraded mode: while {@link RedisState#available()} is false, and for a call whose Redis command fails,
 * tokens and permits come from the local fallback ({@link RateLimiterRegistry#local()} by default): the cluster
 * budget then becomes a per-node budget until Redis is back. A permit is always released where it was taken.
 *
 * <p>Thread-safety: safe for concurrent use. The owner closes it before closing the {@link RedisState}.
 */
public final class DistributedRateLimiters implements RateLimiterRegistry, AutoCloseable {

  /** Prefix of the Redis rate limiters. */
  public static final String THROTTLE_PREFIX = "throttle:";
  /** Prefix of the Redis semaphores. */
  public static final String CONCURRENCY_PREFIX = "concurrency:";

  private static final Logger LOG = LoggerFactory.getLogger(DistributedRateLimiters.class);
  /** Added to a slice when waiting for Redis's answer: the command's own round trip and retry. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(2);

  /**
   * Settings.
   *
   * @param permitLease how long a concurrency permit survives without renewal (a dead node's permits come back
   *     after this)
   * @param waitSlice longest single wait in Redis before interruption and availability are checked again
   */
  public record Options(Duration permitLease, Duration waitSlice) {
    public static final Options DEFAULTS = new Options(Duration.ofSeconds(60), Duration.ofMillis(500));

    public Options {
      Objects.requireNonNull(permitLease, "permitLease");
      Objects.requireNonNull(waitSlice, "waitSlice");
      if (permitLease.toMillis() < 300) {
        throw new IllegalArgumentException("permitLease must be >= 300 ms, was " + permitLease);
      }
      if (waitSlice.toMillis() < 10 || waitSlice.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("waitSlice must be in [10 ms, 1 min], was " + waitSlice);
      }
    }
  }

  private final RedisState redis;
  private final RedissonClient client;
  private final RateLimiterRegistry fallback;
  private final Options options;
  private final ConcurrentMap<String, RRateLimiter> limiters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, RPermitExpirableSemaphore> semaphores = new ConcurrentHashMap<>();
  private final Set<RedisPermit> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService leaseRenewal;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DistributedRateLimiters(RedisState redis, RateLimiterRegistry fallback, Options options) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.options = Objects.requireNonNull(options, "options");
    this.client = redis.client();
    this.leaseRenewal = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("constellation-permit-leases").daemon(true).factory());
  }

  /** Limiters with {@link Options#DEFAULTS} and {@link RateLimiterRegistry#local()} as the fallback. */
  public static DistributedRateLimiters create(RedisState redis) {
    return create(redis, RateLimiterRegistry.local(), Options.DEFAULTS);
  }

  /** Limiters with the given fallback (used while Redis is unreachable) and settings. */
  public static DistributedRateLimiters create(RedisState redis, RateLimiterRegistry fallback, Options options) {
    DistributedRateLimiters limiters = new DistributedRateLimiters(redis, fallback, options);
    long renewEvery = Math.max(100, options.permitLease().toMillis() / 3);
    limiters.leaseRenewal.scheduleWithFixedDelay(
        limiters::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    // Redis may come back empty: forget what we created so the next call creates it again.
    redis.onAvailabilityChange(available -> {
      if (available) {
        limiters.limiters.clear();
        limiters.semaphores.clear();
      }
    });
    return limiters;
  }

  @Override
  public void acquireToken(String module, long count, Duration per) throws InterruptedException {
    checkThrottle(module, count, per);
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for a throttle token of module '" + module + "'");
      }
      if (!redis.available()) {
        fallback.acquireToken(module, count, per);
        return;
      }
      try {
        RFuture<Boolean> taken = limiter(module, count, per).tryAcquireAsync(1, options.waitSlice());
        if (await(taken, options.waitSlice())) {
          return;
        }
        limiters.remove(module); // not yet: re-check the limiter exists before the next slice
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        LOG.debug("throttle of module '{}' failed in redis; taking a local token", module, e);
        limiters.remove(module);
        fallback.acquireToken(module, count, per);
        return;
      }
    }
  }

  /**
   * Takes a token of the module's cluster-wide budget if one is free now, without waiting.
   *
   * @throws IllegalStateException if Redis is unreachable (the local fallback cannot be asked without waiting)
   */
  public boolean tryAcquireToken(String module, long count, Duration per) {
    checkThrottle(module, count, per);
    if (!redis.available()) {
      throw new IllegalStateException("redis is unreachable: the cluster-wide throttle cannot be asked");
    }
    return limiter(module, count, per).tryAcquire();
  }

  @Override
  public Permit acquirePermit(String module, int limit) throws InterruptedException {
    Objects.requireNonNull(module, "module");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    long leaseMillis = options.permitLease().toMillis();
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for a concurrency permit of module '" + module + "'");
      }
      if (!redis.available()) {
        return fallback.acquirePermit(module, limit);
      }
      RPermitExpirableSemaphore semaphore;
      RFuture<String> taken;
      try {
        semaphore = semaphore(module, limit);
        taken = semaphore.tryAcquireAsync(options.waitSlice().toMillis(), leaseMillis, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        return localPermit(module, limit, e);
      }
      String id;
      try {
        id = await(taken, options.waitSlice());
      } catch (InterruptedException e) {
        // The acquire may still succeed in Redis: give that permit straight back.
        RPermitExpirableSemaphore acquiredFrom = semaphore;
        taken.thenAccept(lateId -> {
          if (lateId != null) {
            acquiredFrom.tryReleaseAsync(lateId);
          }
        });
        throw e;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        return localPermit(module, limit, e);
      }
      if (id != null) {
        RedisPermit permit = new RedisPermit(module, semaphore, id);
        held.add(permit);
        return permit;
      }
      semaphores.remove(module); // not yet: re-check the semaphore exists before the next slice
    }
  }

  private Permit localPermit(String module, int limit, Exception cause) throws InterruptedException {
    LOG.debug("concurrency limit of module '{}' failed in redis; taking a local permit", module, cause);
    semaphores.remove(module);
    return fallback.acquirePermit(module, limit);
  }

  private static void checkThrottle(String module, long count, Duration per) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(per, "per");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
    if (!per.isPositive()) {
      throw new IllegalArgumentException("per must be positive, was " + per);
    }
    if (per.toMillis() < 1) {
      throw new IllegalArgumentException("per must be at least 1 ms for a cluster-wide throttle, was " + per);
    }
  }

  private RRateLimiter limiter(String module, long count, Duration per) {
    RRateLimiter limiter = limiters.get(module);
    if (limiter != null) {
      return limiter;
    }
    RRateLimiter created = client.getRateLimiter(THROTTLE_PREFIX + module);
    created.trySetRate(RateType.OVERALL, count, per); // a no-op if any node created it first
    limiters.put(module, created);
    return created;
  }

  private RPermitExpirableSemaphore semaphore(String module, int limit) {
    RPermitExpirableSemaphore semaphore = semaphores.get(module);
    if (semaphore != null) {
      return semaphore;
    }
    RPermitExpirableSemaphore created = client.getPermitExpirableSemaphore(CONCURRENCY_PREFIX + module);
    created.trySetPermits(limit); // a no-op if any node created it first
    semaphores.put(module, created);
    return created;
  }

  private static <T> T await(RFuture<T> answer, Duration slice)
      throws InterruptedException, ExecutionException, TimeoutException {
    return answer.get(slice.plus(ANSWER_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Extends the lease of every permit still held; runs on the renewal thread and never throws. */
  private void renewLeases() {
    if (held.isEmpty() || !redis.available()) {
      return;
    }
    long leaseMillis = options.permitLease().toMillis();
    for (RedisPermit permit : held) {
      try {
        permit.semaphore.updateLeaseTimeAsync(permit.id, leaseMillis, TimeUnit.MILLISECONDS)
            .whenComplete((renewed, error) -> {
              if (error != null || Boolean.FALSE.equals(renewed)) {
                LOG.debug("could not renew the lease of a permit of module '{}'", permit.module, error);
              }
            });
      } catch (RuntimeException e) {
        LOG.debug("could not renew the lease of a permit of module '{}'", permit.module, e);
      }
    }
  }

  /** Stops lease renewal and releases the permits still held; the {@link RedisState} stays open. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    leaseRenewal.shutdownNow();
    try {
      if (!leaseRenewal.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("permit lease renewal did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    held.forEach(RedisPermit::close);
  }

  /** A permit taken in Redis; closing releases it once (asynchronously: a lost release ends with the lease). */
  private final class RedisPermit implements Permit {
    private final String module;
    private final RPermitExpirableSemaphore semaphore;
    private final String id;
    private final AtomicBoolean released = new AtomicBoolean();

    RedisPermit(String module, RPermitExpirableSemaphore semaphore, String id) {
      this.module = module;
      this.semaphore = semaphore;
      this.id = id;
    }

    @Override
    public void close() {
      if (released.getAndSet(true)) {
        return;
      }
      held.remove(this);
      try {
        semaphore.tryReleaseAsync(id).whenComplete((done, error) -> {
          if (error != null) {
            LOG.debug("releasing a permit of module '{}' failed; its lease will expire", module, error);
          }
        });
      } catch (RuntimeException e) {
        LOG.debug("releasing a permit of module '{}' failed; its lease will expire", module, e);
      }
    }
  }
}
