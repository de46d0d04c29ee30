package io.constellation.worker.state;

import io.constellation.engine.spi.CacheBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.redisson.api.RBucket;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CacheBackend} over Redis: each entry is a Redis string (UTF-8, {@link StringCodec}) under the given key
 * with its own TTL ({@code PSETEX}), so other nodes and {@code redis-cli} read the same value.
 *
 * <p>Never throws and never makes a caller wait long: while {@link RedisState#available()} is false (degraded
 * mode), or when a Redis call fails, it reads from and writes to a local in-memory fallback
 * ({@link CacheBackend#inMemory}, 10,000 entries) and counts the error. Writes are asynchronous (the caller does
 * not wait for Redis; a failed write lands in the fallback). Values over {@link #MAX_VALUE_BYTES} and keys over
 * {@link #MAX_KEY_CHARS} are not cached at all; a TTL under one millisecond stores nothing.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class RedisCacheBackend implements CacheBackend {

  /** Values larger than this (UTF-8 bytes) are not cached: they would cost more to move than to recompute. */
  public static final int MAX_VALUE_BYTES = 1 << 20;
  /** Keys longer than this are not cached; engine keys are ~100 characters. */
  public static final int MAX_KEY_CHARS = 64 * 1024;
  /** Entries of the local fallback used while Redis is unreachable. */
  public static final int FALLBACK_ENTRIES = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(RedisCacheBackend.class);

  private final RedisState state;
  private final CacheBackend fallback;
  private final CacheStats stats;
  private final LongAdder errors = new LongAdder();
  private final LongAdder oversized = new LongAdder();

  /**
   * @param state the node's Redis connection (not closed by this backend)
   * @param stats where hits and misses are counted, e.g. {@code cacheMetrics.stats(CacheMetrics.MODULE)}
   * @param clock expiry clock of the local fallback
   */
  public RedisCacheBackend(RedisState state, CacheStats stats, InstantSource clock) {
    this.state = Objects.requireNonNull(state, "state");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.fallback = CacheBackend.inMemory(FALLBACK_ENTRIES, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public Optional<String> get(String key) {
    if (!cacheable(key)) {
      stats.recordMiss();
      return Optional.empty();
    }
    Optional<String> found = state.available() ? getRemote(key) : fallback.get(key);
    if (found.isPresent()) {
      stats.recordHit();
    } else {
      stats.recordMiss();
    }
    return found;
  }

  private Optional<String> getRemote(String key) {
    try {
      return Optional.ofNullable(bucket(key).get());
    } catch (RuntimeException e) {
      recordError("get", e);
      return fallback.get(key);
    }
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    if (!cacheable(key) || value == null || ttl == null || ttl.toMillis() < 1) {
      return;
    }
    if (tooLarge(value)) {
      oversized.increment();
      return;
    }
    if (!state.available()) {
      fallback.put(key, value, ttl);
      return;
    }
    try {
      bucket(key).setAsync(value, ttl).whenComplete((ignored, failure) -> {
        if (failure != null) {
          recordError("put", failure);
          fallback.put(key, value, ttl);
        }
      });
    } catch (RuntimeException e) {
      recordError("put", e);
      fallback.put(key, value, ttl);
    }
  }

  private RBucket<String> bucket(String key) {
    return state.client().getBucket(key, StringCodec.INSTANCE);
  }

  private static boolean cacheable(String key) {
    return key != null && !key.isEmpty() && key.length() <= MAX_KEY_CHARS;
  }

  /** True if the UTF-8 form exceeds {@link #MAX_VALUE_BYTES}; encodes only when the char count cannot decide. */
  static boolean tooLarge(String value) {
    if (value.length() > MAX_VALUE_BYTES) {
      return true; // every char takes at least one byte
    }
    if ((long) value.length() * 3 <= MAX_VALUE_BYTES) {
      return false; // a char takes at most three bytes (a surrogate pair: four for two chars)
    }
    return value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES;
  }

  private void recordError(String operation, Throwable failure) {
    errors.increment();
    LOG.debug("redis cache {} failed; using the local fallback", operation, failure);
  }

  public long hits() {
    return stats.hits();
  }

  public long misses() {
    return stats.misses();
  }

  /** Redis calls that failed and were answered by the local fallback. */
  public long errors() {
    return errors.sum();
  }

  /** Values refused because they exceeded {@link #MAX_VALUE_BYTES}. */
  public long oversized() {
    return oversized.sum();
  }
}
