package io.constellation.worker.execute;

import io.constellation.engine.Compiler;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.CacheRegistry;
import io.constellation.worker.state.CacheMetrics;
import io.constellation.worker.state.CacheStats;
import io.constellation.worker.state.CompilationStore;
import io.constellation.worker.state.RedisCacheBackend;
import io.constellation.worker.state.RedisState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The caches of one node, assembled from its configuration: the module result caches (named backends
 * {@value #REDIS} and {@value #MEMORY} for {@code cache_backend}, and a default), the compilation path and the
 * execution cache. With Redis they are shared by the cluster (each falling back to memory while Redis is down);
 * without it they are node-local. Every lookup is counted in the node's {@link CacheMetrics}.
 *
 * <p>Owns nothing that needs closing: the {@link RedisState} belongs to the node.
 *
 * <p>Thread-safety: immutable; the caches it hands out are thread-safe.
 */
public final class NodeCaches {
  public static final String REDIS = "redis";
  public static final String MEMORY = "memory";
  /** Entries of each node-local cache. */
  static final int LOCAL_ENTRIES = 10_000;

  private final CacheRegistry moduleCaches;
  private final CompilationStore compilationStore;
  private final PipelineCompiler compilations;
  private final ExecutionCache executionCache;

  private NodeCaches(CacheRegistry moduleCaches, CompilationStore compilationStore, PipelineCompiler compilations,
      ExecutionCache executionCache) {
    this.moduleCaches = moduleCaches;
    this.compilationStore = compilationStore;
    this.compilations = compilations;
    this.executionCache = executionCache;
  }

  /**
   * @param redis           the node's Redis, or empty for node-local caches
   * @param metrics         where hits and misses are counted
   * @param compiler        the node's compiler
   * @param redisDefault    true if module calls without {@code cache_backend} use {@value #REDIS} (ignored, and
   *                        memory used, without Redis)
   * @param compilationTtl  how long a compiled pipeline stays in the shared store
   */
  public static NodeCaches create(Optional<RedisState> redis, CacheMetrics metrics, Compiler compiler,
      boolean redisDefault, Duration compilationTtl, InstantSource clock) {
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(compiler, "compiler");
    Objects.requireNonNull(clock, "clock");
    CacheStats moduleStats = metrics.stats(CacheMetrics.MODULE);
    CacheBackend memory = new CountedCacheBackend(CacheBackend.inMemory(LOCAL_ENTRIES, clock), moduleStats);
    CacheRegistry modules;
    CacheBackend compiledStore;
    CacheBackend executions;
    if (redis.isPresent()) {
      CacheBackend shared = new RedisCacheBackend(redis.get(), moduleStats, clock);
      modules = CacheRegistry.withDefault(redisDefault ? shared : memory, clock)
          .register(REDIS, shared).register(MEMORY, memory);
      // the store counts compilation hits itself (near or remote): the backend's own counts are detached
      compiledStore = new RedisCacheBackend(redis.get(), CacheStats.detached(), clock);
      executions = new RedisCacheBackend(redis.get(), metrics.stats(CacheMetrics.EXECUTION), clock);
    } else {
      // without Redis a pipeline naming "redis" still caches, on this node
      modules = CacheRegistry.withDefault(memory, clock).register(REDIS, memory).register(MEMORY, memory);
      compiledStore = CacheBackend.inMemory(CompilationStore.NEAR_ENTRIES, clock);
      executions = new CountedCacheBackend(CacheBackend.inMemory(LOCAL_ENTRIES, clock),
          metrics.stats(CacheMetrics.EXECUTION));
    }
    CompilationStore store = new CompilationStore(compiledStore, metrics.stats(CacheMetrics.COMPILATION), clock,
        CompilationStore.NEAR_ENTRIES, CompilationStore.NEAR_TTL, compilationTtl);
    return new NodeCaches(modules, store, new SharedCompilations(compiler, store), new ExecutionCache(executions));
  }

  /** The module result caches, for {@code PipelineRuntime.Builder.cacheBackends}. */
  public CacheRegistry moduleCaches() {
    return moduleCaches;
  }

  /** The compilation store (for cache warming and {@code cache clear}). */
  public CompilationStore compilationStore() {
    return compilationStore;
  }

  /** The compilation path of requests. */
  public PipelineCompiler compilations() {
    return compilations;
  }

  public ExecutionCache executionCache() {
    return executionCache;
  }
}
