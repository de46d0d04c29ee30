package io.constellation.worker.state;

import io.constellation.engine.spi.CacheBackend;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded local near-cache (LRU and TTL bounded, decoded values) in front of a shared store (normally a
 * {@link RedisCacheBackend}), for values read far more often than written. A read tries the near tier, then the
 * store (and keeps what it finds near); a write goes to both. The near TTL bounds how long a node may serve an
 * entry deleted from the store by another node.
 *
 * <p>A stored value that does not decode is a miss: it is logged and counted, never thrown.
 *
 * <p>Thread-safety: safe for concurrent use.
 *
 * @param <V> the decoded value type
 */
public final class TieredCache<V> {

  /** Text form of values in the shared store. */
  public interface ValueCodec<V> {
    String encode(V value);

    /** Decodes {@code text}; throws any {@link RuntimeException} when it is not a valid encoding. */
    V decode(String key, String text);
  }

  private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);

  private final String name;
  private final CacheBackend store;
  private final ValueCodec<V> codec;
  private final NearCache<V> near;
  private final Duration nearTtl;
  private final CacheStats stats;
  private final LongAdder localHits = new LongAdder();
  private final LongAdder remoteHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder corrupt = new LongAdder();

  /**
   * @param name cache name for logs
   * @param store the shared store (its own hit counting is independent)
   * @param codec text form of values in the store
   * @param nearEntries bound of the near tier
   * @param nearTtl longest time an entry stays near
   * @param stats where hits (local or remote) and misses are counted
   * @param clock the near tier's expiry clock
   */
  public TieredCache(String name, CacheBackend store, ValueCodec<V> codec, int nearEntries, Duration nearTtl,
      CacheStats stats, InstantSource clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.store = Objects.requireNonNull(store, "store");
    this.codec = Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(nearTtl, "nearTtl");
    if (nearTtl.isNegative() || nearTtl.isZero()) {
      throw new IllegalArgumentException("nearTtl must be positive, was " + nearTtl);
    }
    this.nearTtl = nearTtl;
    this.stats = Objects.requireNonNull(stats, "stats");
    this.near = new NearCache<>(nearEntries, Objects.requireNonNull(clock, "clock"));
  }

  /** The value under {@code key}, from the near tier or the store; empty on a miss or an undecodable value. */
  public Optional<V> get(String key) {
    if (key == null) {
      misses.increment();
      stats.recordMiss();
      return Optional.empty();
    }
    V local = near.get(key);
    if (local != null) {
      localHits.increment();
      stats.recordHit();
      return Optional.of(local);
    }
    Optional<V> remote = fromStore(key);
    if (remote.isPresent()) {
      near.put(key, remote.get(), nearTtl);
      remoteHits.increment();
      stats.recordHit();
    } else {
      misses.increment();
      stats.recordMiss();
    }
    return remote;
  }

  private Optional<V> fromStore(String key) {
    Optional<String> text;
    try {
      text = store.get(key);
    } catch (RuntimeException e) {
      // CacheBackend may throw (its contract); a failing store is a miss here.
      LOG.warn("{} cache: store read of a key failed; treating as a miss", name, e);
      return Optional.empty();
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Objects.requireNonNull(codec.decode(key, text.get()), "decoded value"));
    } catch (RuntimeException e) {
      corrupt.increment();
      LOG.warn("{} cache: corrupt value under '{}' ({} chars) treated as a miss: {}", name, abbreviate(key),
          text.get().length(), e.toString());
      return Optional.empty();
    }
  }

  /** Stores {@code value} near (for at most the near TTL) and in the store for {@code ttl}. */
  public void put(String key, V value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      return;
    }
    near.put(key, value, ttl.compareTo(nearTtl) < 0 ? ttl : nearTtl);
    String text = codec.encode(value);
    try {
      store.put(key, text, ttl);
    } catch (RuntimeException e) {
      LOG.warn("{} cache: store write failed; the value stays near only", name, e);
    }
  }

  /** Drops {@code key} from this node's near tier (the store is untouched). */
  public void invalidateLocal(String key) {
    near.remove(key);
  }

  /** Drops this node's whole near tier. */
  public void clearLocal() {
    near.clear();
  }

  public int localSize() {
    return near.size();
  }

  public long localHits() {
    return localHits.sum();
  }

  public long remoteHits() {
    return remoteHits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  /** Stored values that failed to decode. */
  public long corrupt() {
    return corrupt.sum();
  }

  static String abbreviate(String key) {
    return key.length() > 120 ? key.substring(0, 120) + "...(" + key.length() + " chars)" : key;
  }
}
