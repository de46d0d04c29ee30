package io.constellation.worker.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag per partition as Dropwizard gauges. Partitions come and go with rebalances, so the gauges are
 * re-synchronised with the supplier's view on every {@link #refresh()} (each scrape), and a total is kept.
 *
 * <p>Thread-safety: safe for concurrent use; refreshes are serialised by a lock.
 */
final class LagGauges {

  static final String PREFIX = "kafka.lag.";
  static final String TOTAL = "kafka.totalLag";
  /** Bounds the number of gauges whatever the assignment; larger assignments still appear in the JSON view. */
  private static final int MAX_PARTITION_GAUGES = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(LagGauges.class);

  private final MetricRegistry registry;
  private final AtomicReference<Supplier<Map<TopicPartition, Long>>> supplier =
      new AtomicReference<>(Map::of);
  private final AtomicReference<Map<TopicPartition, Long>> last = new AtomicReference<>(Map.of());
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<TopicPartition> registered = new HashSet<>(); // guarded by lock

  LagGauges(MetricRegistry registry) {
    this.registry = registry;
    registry.register(TOTAL, (Gauge<Long>) () -> last.get().values().stream().mapToLong(Long::longValue).sum());
  }

  void supplier(Supplier<Map<TopicPartition, Long>> lag) {
    supplier.set(Objects.requireNonNull(lag, "lag"));
  }

  /** Reads the supplier once and returns its view, ordered by topic and partition. */
  Map<TopicPartition, Long> refresh() {
    Map<TopicPartition, Long> current = read();
    last.set(current);
    lock.lock();
    try {
      for (TopicPartition tp : Set.copyOf(registered)) {
        if (!current.containsKey(tp)) {
          registry.remove(name(tp));
          registered.remove(tp);
        }
      }
      for (TopicPartition tp : current.keySet()) {
        if (registered.size() >= MAX_PARTITION_GAUGES) {
          break;
        }
        if (registered.add(tp)) {
          registry.register(name(tp), (Gauge<Long>) () -> last.get().getOrDefault(tp, 0L));
        }
      }
    } finally {
      lock.unlock();
    }
    return current;
  }

  private Map<TopicPartition, Long> read() {
    Map<TopicPartition, Long> raw;
    try {
      raw = supplier.get().get();
    } catch (RuntimeException e) {
      // A scrape must not fail because the consumer side is mid-rebalance; report no lag this time.
      LOG.warn("lag supplier failed; reporting no lag for this scrape", e);
      return Map.of();
    }
    if (raw == null) {
      return Map.of();
    }
    Map<TopicPartition, Long> sorted = new LinkedHashMap<>();
    raw.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getValue() != null)
        .sorted(Map.Entry.comparingByKey(
            java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
        .forEach(e -> sorted.put(e.getKey(), Math.max(0L, e.getValue())));
    return sorted;
  }

  static String name(TopicPartition tp) {
    return PREFIX + tp.topic() + "." + tp.partition();
  }
}
