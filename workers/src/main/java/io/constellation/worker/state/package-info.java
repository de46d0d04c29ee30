/**
 * Shared state over Redis (Redisson): the node's connection and degraded-mode detection ({@link
 * io.constellation.worker.state.RedisState}), the Redis module-result cache ({@link
 * io.constellation.worker.state.RedisCacheBackend}), the cluster-wide compilation cache with a near tier ({@link
 * io.constellation.worker.state.CompilationStore} over {@link io.constellation.worker.state.TieredCache}), per-node
 * de-duplication of concurrent misses ({@link io.constellation.worker.state.SingleFlight}), cache metrics, admin
 * operations and start-up warming. No cache call fails because Redis is down: each falls back to local memory.
 */
package io.constellation.worker.state;
