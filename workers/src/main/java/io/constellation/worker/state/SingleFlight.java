package io.constellation.worker.state;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs concurrent computations of one key once: the first caller (the leader) computes on its own thread, callers
 * arriving meanwhile wait for its result or its exception. The entry is removed when the computation ends, so a
 * later call computes again (this is de-duplication of in-flight work, not a cache).
 *
 * <p>A waiter receives the leader's exception itself if it is unchecked; a waiter interrupted while waiting gets
 * an {@link IllegalStateException} with its interrupt flag set, and the leader carries on.
 *
 * <p>Thread-safety: safe for concurrent use.
 *
 * @param <K> key type (with value-based equals/hashCode)
 * @param <V> result type
 */
public final class SingleFlight<K, V> {

  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  /** The result of {@code compute} for {@code key}, computed once for all concurrent callers. */
  public V run(K key, Supplier<? extends V> compute) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(compute, "compute");
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
    if (existing != null) {
      return await(existing);
    }
    try {
      V value = compute.get();
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /** Keys being computed right now (a test and debugging view). */
  public int inFlight() {
    return inFlight.size();
  }

  private static <V> V await(CompletableFuture<V> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a concurrent computation", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("concurrent computation failed", cause);
    }
  }
}
