package io.constellation.worker.execute;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small least-recently-used map with a hard entry bound. Used for the local compilation cache, where a few
 * hundred distinct pipelines are typical and a bounded map is all that is needed.
 *
 * <p>Thread-safety: every method takes one lock; values are computed by the caller outside it.
 */
final class BoundedLru<K, V> {
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<K, V> entries;

  BoundedLru(int maxEntries) {
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
      }
    };
  }

  V get(K key) {
    lock.lock();
    try {
      return entries.get(key);
    } finally {
      lock.unlock();
    }
  }

  /** Stores {@code value} unless the key is present; returns the value now stored. */
  V putIfAbsent(K key, V value) {
    lock.lock();
    try {
      V existing = entries.putIfAbsent(key, value);
      return existing == null ? value : existing;
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
