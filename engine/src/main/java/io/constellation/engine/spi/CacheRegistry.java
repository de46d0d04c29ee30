package io.constellation.engine.spi;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Named {@link CacheBackend}s for the {@code cache_backend} option (LANGUAGE.md 7.2) and a default backend for
 * calls without it. Asking for an unregistered name registers a new in-memory LRU backend of 1 000 entries under
 * that name, so later calls share it.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class CacheRegistry {
  /** Capacity of the backends created for unregistered names. */
  public static final int DEFAULT_CAPACITY = 1_000;

  private final CacheBackend defaultBackend;
  private final InstantSource clock;
  private final ConcurrentMap<String, CacheBackend> named = new ConcurrentHashMap<>();

  private CacheRegistry(CacheBackend defaultBackend, InstantSource clock) {
    this.defaultBackend = Objects.requireNonNull(defaultBackend, "defaultBackend");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A registry whose default is an in-memory LRU backend of 1 000 entries, expiring by {@code clock}. */
  public static CacheRegistry inMemory(InstantSource clock) {
    return new CacheRegistry(CacheBackend.inMemory(DEFAULT_CAPACITY, clock), clock);
  }

  /** A registry with the given default; backends created for unknown names expire by {@code clock}. */
  public static CacheRegistry withDefault(CacheBackend defaultBackend, InstantSource clock) {
    return new CacheRegistry(defaultBackend, clock);
  }

  /** Registers (or replaces) the backend for {@code name}; returns this registry. */
  public CacheRegistry register(String name, CacheBackend backend) {
    named.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(backend, "backend"));
    return this;
  }

  public CacheBackend defaultBackend() {
    return defaultBackend;
  }

  /** The backend registered under {@code name}, creating an in-memory one at first use. */
  public CacheBackend backend(String name) {
    return named.computeIfAbsent(name, n -> CacheBackend.inMemory(DEFAULT_CAPACITY, clock));
  }
}
