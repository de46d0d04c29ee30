package io.constellation.worker.state;

import java.util.concurrent.atomic.LongAdder;

/**
 * Hit and miss counters of one named cache. Obtained from {@link CacheMetrics#stats(String)} so the counts show in
 * the node's metrics, or created standalone with {@link #detached()} (tests, tools).
 *
 * <p>Thread-safety: safe for concurrent use; counters are {@link LongAdder}s, so a hot cache does not contend.
 */
public final class CacheStats {

  private final String name;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  CacheStats(String name) {
    this.name = name;
  }

  /** Counters not attached to any {@link CacheMetrics}. */
  public static CacheStats detached() {
    return new CacheStats("detached");
  }

  public String name() {
    return name;
  }

  public void recordHit() {
    hits.increment();
  }

  public void recordMiss() {
    misses.increment();
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  /** hits / (hits + misses), or 0 before the first lookup. */
  public double hitRate() {
    return rate(hits(), misses());
  }

  static double rate(long hits, long misses) {
    long total = hits + misses;
    return total == 0 ? 0.0 : (double) hits / total;
  }
}
