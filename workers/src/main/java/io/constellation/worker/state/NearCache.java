package io.constellation.worker.state;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small local LRU whose entries also expire: the near tier of {@link TieredCache}. Holds decoded values, so a
 * local hit costs no decoding.
 *
 * <p>Thread-safety: safe for concurrent use; one lock guards the map (no blocking work under it).
 */
final class NearCache<V> {

  private record Slot<V>(V value, Instant expiresAt) {}

  private final int maxEntries;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Slot<V>> entries; // guarded by lock; access order = LRU

  NearCache(int maxEntries, InstantSource clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Slot<V>> eldest) {
        return size() > NearCache.this.maxEntries;
      }
    };
  }

  V get(String key) {
    Instant now = clock.instant();
    lock.lock();
    try {
      Slot<V> entry = entries.get(key);
      if (entry == null) {
        return null;
      }
      if (!now.isBefore(entry.expiresAt())) {
        entries.remove(key);
        return null;
      }
      return entry.value();
    } finally {
      lock.unlock();
    }
  }

  void put(String key, V value, Duration ttl) {
    Instant expiresAt = clock.instant().plus(ttl);
    lock.lock();
    try {
      entries.put(key, new Slot<>(value, expiresAt));
    } finally {
      lock.unlock();
    }
  }

  void remove(String key) {
    lock.lock();
    try {
      entries.remove(key);
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      entries.clear();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }
}
