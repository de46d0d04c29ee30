package io.constellation.engine.spi;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A store for module results (LANGUAGE.md 7.2 {@code cache}): keys are {@code module:<name>:<sha256>} strings and
 * values the canonical JSON of a result. Entries expire after their TTL; an expired entry is a miss.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use. A backend may throw from {@link #get} or
 * {@link #put}; the runtime logs the failure and treats it as a miss.
 */
public interface CacheBackend {

  /** The live value stored under {@code key}, or empty on a miss (absent or expired). */
  Optional<String> get(String key);

  /** Stores {@code value} under {@code key} for {@code ttl}. */
  void put(String key, String value, Duration ttl);

  /** An in-memory LRU backend holding at most {@code maxEntries}, reading the system clock. */
  static CacheBackend inMemory(int maxEntries) {
    return inMemory(maxEntries, InstantSource.system());
  }

  /** An in-memory LRU backend holding at most {@code maxEntries}; expiry reads {@code clock}. */
  static CacheBackend inMemory(int maxEntries, InstantSource clock) {
    return new LruCacheBackend(maxEntries, clock);
  }
}
