package io.constellation.worker.state;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Hits, misses and hit rate per named cache ({@value #COMPILATION}, {@value #MODULE}, {@value #EXECUTION} exist
 * from the start), as Dropwizard gauges ({@code cache.<name>.hits|misses|hitRate} and the overall
 * {@code cache.hitRate}) and as a JSON view for {@code /metrics}:
 * {@code {"compilation": {"hits": 3, "misses": 1, "hitRate": 0.75}, ..., "hitRate": 0.75}}.
 *
 * <p>Thread-safety: safe for concurrent use; the set of caches is guarded by a lock, counting is lock-free.
 */
public final class CacheMetrics {

  public static final String COMPILATION = "compilation";
  public static final String MODULE = "module";
  public static final String EXECUTION = "execution";
  public static final String PREFIX = "cache.";

  /** Names become metric names and JSON keys: keep them short and plain. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
  /** Bounds the gauges a misbehaving caller could create. */
  private static final int MAX_CACHES = 32;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, CacheStats> caches = new LinkedHashMap<>(); // guarded by lock
  private final List<MetricRegistry> registries = new ArrayList<>(); // guarded by lock

  public CacheMetrics() {
    stats(COMPILATION);
    stats(MODULE);
    stats(EXECUTION);
  }

  /**
   * The counters of cache {@code name}, created on first use.
   *
   * @throws IllegalArgumentException if the name is not {@code [a-z][a-z0-9_-]{0,39}} or too many caches exist
   */
  public CacheStats stats(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("cache name must match " + NAME.pattern() + ", was '"
          + (name.length() > 60 ? name.substring(0, 60) + "..." : name) + "'");
    }
    lock.lock();
    try {
      CacheStats existing = caches.get(name);
      if (existing != null) {
        return existing;
      }
      if (caches.size() >= MAX_CACHES) {
        throw new IllegalArgumentException("at most " + MAX_CACHES + " named caches, refusing '" + name + "'");
      }
      CacheStats created = new CacheStats(name);
      caches.put(name, created);
      registries.forEach(registry -> registerOne(registry, created));
      return created;
    } finally {
      lock.unlock();
    }
  }

  /** Registers the gauges of every cache, present and future, in {@code registry}. */
  public void register(MetricRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    lock.lock();
    try {
      registries.add(registry);
      caches.values().forEach(stats -> registerOne(registry, stats));
      registry.register(PREFIX + "hitRate", (Gauge<Double>) this::hitRate);
    } finally {
      lock.unlock();
    }
  }

  private static void registerOne(MetricRegistry registry, CacheStats stats) {
    String base = PREFIX + stats.name() + ".";
    registry.register(base + "hits", (Gauge<Long>) stats::hits);
    registry.register(base + "misses", (Gauge<Long>) stats::misses);
    registry.register(base + "hitRate", (Gauge<Double>) stats::hitRate);
  }

  /** Hit rate over all caches together. */
  public double hitRate() {
    long hits = 0;
    long misses = 0;
    for (CacheStats stats : snapshot()) {
      hits += stats.hits();
      misses += stats.misses();
    }
    return CacheStats.rate(hits, misses);
  }

  /** The JSON view: one object per cache plus the overall {@code hitRate}. */
  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    long hits = 0;
    long misses = 0;
    for (CacheStats stats : snapshot()) {
      long h = stats.hits();
      long m = stats.misses();
      hits += h;
      misses += m;
      ObjectNode one = root.putObject(stats.name());
      one.put("hits", h);
      one.put("misses", m);
      one.put("hitRate", CacheStats.rate(h, m));
    }
    root.put("hitRate", CacheStats.rate(hits, misses));
    return root;
  }

  private List<CacheStats> snapshot() {
    lock.lock();
    try {
      return List.copyOf(caches.values());
    } finally {
      lock.unlock();
    }
  }
}
