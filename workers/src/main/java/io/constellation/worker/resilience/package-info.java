/**
 * Cluster-wide resilience over Redis: {@link io.constellation.worker.resilience.DistributedCircuitBreakers} (one
 * breaker per module name shared by every node, decided from a local mirror kept fresh by a Redis topic) and
 * {@link io.constellation.worker.resilience.DistributedRateLimiters} (one {@code throttle} budget and one
 * {@code concurrency} limit per module name for the whole cluster). Both fall back to the engine's in-memory
 * implementations while Redis is unreachable and return to Redis when it is back.
 */
package io.constellation.worker.resilience;
