package io.constellation.worker.execute;

import io.constellation.engine.spi.CacheBackend;
import io.constellation.worker.state.CacheStats;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CacheBackend} that counts its hits and misses into a {@link CacheStats}, for the node-local backends
 * (the Redis backend counts itself), so {@code /metrics} shows every cache the same way.
 *
 * <p>Thread-safety: as safe as the wrapped backend (the engine's in-memory backend is thread-safe).
 */
public final class CountedCacheBackend implements CacheBackend {
  private final CacheBackend backend;
  private final CacheStats stats;

  public CountedCacheBackend(CacheBackend backend, CacheStats stats) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public Optional<String> get(String key) {
    Optional<String> found = backend.get(key);
    if (found.isPresent()) {
      stats.recordHit();
    } else {
      stats.recordMiss();
    }
    return found;
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    backend.put(key, value, ttl);
  }
}
