package io.constellation.engine.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory LRU {@link CacheBackend}. One lock guards an access-ordered {@link LinkedHashMap}: cache calls
 * happen once per cached call, far from the per-node hot path, so a lock is simpler than striping.
 */
final class LruCacheBackend implements CacheBackend {
  private record Stored(String value, Instant expiresAt) {}

  private final int maxEntries;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Stored> entries;

  LruCacheBackend(int maxEntries, InstantSource clock) {
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
        return size() > LruCacheBackend.this.maxEntries;
      }
    };
  }

  @Override
  public Optional<String> get(String key) {
    lock.lock();
    try {
      Stored entry = entries.get(key);
      if (entry == null) return Optional.empty();
      if (!clock.instant().isBefore(entry.expiresAt())) {
        entries.remove(key);
        return Optional.empty();
      }
      return Optional.of(entry.value());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    Instant expiresAt = clock.instant().plus(ttl);
    lock.lock();
    try {
      entries.put(key, new Stored(value, expiresAt));
    } finally {
      lock.unlock();
    }
  }
}
