package io.constellation.worker.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.worker.admin.MetricsView;
import io.constellation.worker.scheduler.SchedulerStats;
import io.constellation.worker.state.CacheMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker node's metrics, kept in a Dropwizard {@link MetricRegistry} and shown two ways: {@link #toJson()} in the
 * clustering guide's shape, and {@link #prometheusText()} through the Prometheus Dropwizard bridge.
 *
 * <p>JSON shape:
 * <pre>{@code
 * { "node": "node-1",
 *   "scheduler": { "activeCount": 2, "queuedCount": 0, "totalSubmitted": 10, "totalCompleted": 8,
 *                  "highPriorityCompleted": 1, "lowPriorityCompleted": 0, "starvationPromotions": 0 },
 *   "execution": { "byStatus": { "COMPLETED": 7, "FAILED": 1, "REJECTED": 0, "EXPIRED": 0 },
 *                  "duration_ms": { "p50": 3.1, "p95": 9.0, "p99": 12.4, "max": 12.4, "count": 8 },
 *                  "queue_ms": { ... } },
 *   "publish": { "commit_ms": { "p50": 6.2, ... }, "windowSize": { "p50": 120, "p99": 1400, "max": 2100 } },
 *   "kafka": { "lag": { "constellation.requests-3": 12 } },
 *   "cache": { "compilation": { "hits": 3, "misses": 1, "hitRate": 0.75 }, "module": { ... },
 *              "execution": { ... }, "hitRate": 0.75 },
 *   "redis": { "status": "up", "degradedMillis": 0 },          (only with Redis configured)
 *   "dlq": { "count": 1, "byReason": { "undecodable": 1 } } }
 * }</pre>
 * Percentiles cover the last {@value #RESERVOIR_SIZE} executions (or publish windows). {@code commit_ms} is how long
 * a closed window took from its hand-over to the publisher until its transaction ended: the part of a result's
 * latency after it was computed, besides the wait for its window to close.
 *
 * <p>Thread-safety: safe for concurrent use. The lag and scheduler suppliers are called on the scraping thread, so
 * they must be thread-safe and cheap (return a snapshot; never touch a Kafka consumer from there).
 */
public final class WorkerMetrics implements MetricsView {

  /** Statuses of a finished execution, as in the result schema. */
  public static final List<String> STATUSES = List.of("COMPLETED", "FAILED", "REJECTED", "EXPIRED");

  static final int RESERVOIR_SIZE = 1024;
  /** DLQ reasons become metric names; cap how many distinct ones a hostile stream can create. */
  static final int MAX_DLQ_REASONS = 32;
  static final String OTHER_REASON = "other";

  private static final double NANOS_PER_MILLI = 1_000_000.0;

  private final String nodeId;
  private final int maxConcurrency;
  private final MetricRegistry registry = new MetricRegistry();
  private final Map<String, Meter> byStatus;
  private final Timer duration = new Timer(new SlidingWindowReservoir(RESERVOIR_SIZE));
  private final Timer queue = new Timer(new SlidingWindowReservoir(RESERVOIR_SIZE));
  private final Timer commit = new Timer(new SlidingWindowReservoir(RESERVOIR_SIZE));
  private final Histogram windowSize = new Histogram(new SlidingWindowReservoir(RESERVOIR_SIZE));
  private final Counter dlq;
  private final Map<String, Counter> dlqByReason = new ConcurrentHashMap<>();
  private final AtomicReference<Supplier<SchedulerStats>> scheduler =
      new AtomicReference<>(() -> new SchedulerStats(0, 0, 0, 0, 0, 0, 0));
  private final LagGauges lag = new LagGauges(registry);
  private final CacheMetrics caches = new CacheMetrics();
  private final AtomicReference<RedisView> redis = new AtomicReference<>(); // null: no Redis configured
  private final PrometheusExport prometheus = new PrometheusExport(registry);

  /**
   * @param nodeId         the node these metrics describe, shown as {@code node} in the JSON view
   * @param maxConcurrency the scheduler's size ({@code scheduler.maxConcurrency}), so an alert can compare the
   *                       queue with the cluster's capacity
   */
  public WorkerMetrics(String nodeId, int maxConcurrency) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.maxConcurrency = maxConcurrency;
    Map<String, Meter> meters = new java.util.LinkedHashMap<>();
    for (String status : STATUSES) {
      meters.put(status, registry.meter("execution.byStatus." + status));
    }
    this.byStatus = Map.copyOf(meters);
    registry.register("execution.duration", duration);
    registry.register("execution.queue", queue);
    registry.register("publish.commit", commit);
    registry.register("publish.windowSize", windowSize);
    this.dlq = registry.counter("dlq.count");
    registry.register("scheduler.maxConcurrency", (Gauge<Integer>) () -> maxConcurrency);
    schedulerGauge("scheduler.activeCount", SchedulerStats::active);
    schedulerGauge("scheduler.queuedCount", SchedulerStats::queued);
    schedulerGauge("scheduler.totalSubmitted", SchedulerStats::submitted);
    schedulerGauge("scheduler.totalCompleted", SchedulerStats::completed);
    schedulerGauge("scheduler.highPriorityCompleted", SchedulerStats::highPriorityCompleted);
    schedulerGauge("scheduler.lowPriorityCompleted", SchedulerStats::lowPriorityCompleted);
    schedulerGauge("scheduler.starvationPromotions", SchedulerStats::promotions);
    caches.register(registry);
    registry.register("redis.degradedMillis", (Gauge<Long>) () -> {
      RedisView view = redis.get();
      return view == null ? 0L : view.degradedMillis();
    });
    registry.register("jvm.memory", new MemoryUsageGaugeSet());
    registry.register("jvm.gc", new GarbageCollectorMetricSet());
  }

  /** What the metrics show of the node's Redis connection; read on each scrape, so it must be cheap. */
  public interface RedisView {
    /** True while Redis is reachable, false in degraded mode. */
    boolean available();

    /** Total time spent degraded, in milliseconds. */
    long degradedMillis();
  }

  /** Hits, misses and hit rate per cache ({@code cache.<name>.hits|misses|hitRate}, {@code cache.hitRate}). */
  public CacheMetrics caches() {
    return caches;
  }

  /**
   * Shows the node's Redis connection: {@code redis.degradedMillis} and, in the JSON, {@code "redis": {"status":
   * "up"|"degraded", "degradedMillis": n}}. Without a call (no Redis configured) the JSON has no {@code redis}
   * part and the gauge reads 0.
   */
  public void redis(RedisView view) {
    redis.set(Objects.requireNonNull(view, "view"));
  }

  /** The registry behind these metrics; others may add their own (cache, breakers) and they are exported too. */
  public MetricRegistry registry() {
    return registry;
  }

  /**
   * Records one finished execution.
   *
   * @param status one of {@link #STATUSES}
   * @param queued time from being fetched to starting; negative counts as zero
   * @param run    time spent running (zero for executions answered without running); negative counts as zero
   * @throws IllegalArgumentException for an unknown status
   */
  public void executionFinished(String status, Duration queued, Duration run) {
    Objects.requireNonNull(status, "status");
    Meter meter = byStatus.get(status);
    if (meter == null) {
      throw new IllegalArgumentException("status must be one of " + STATUSES + ", was " + status);
    }
    meter.mark();
    queue.update(nonNegativeNanos(queued), TimeUnit.NANOSECONDS);
    duration.update(nonNegativeNanos(run), TimeUnit.NANOSECONDS);
  }

  /** Records one committed publish window of {@code records} results and dead letters, {@code took} to commit. */
  public void windowCommitted(int records, Duration took) {
    windowSize.update(Math.max(0, records));
    commit.update(nonNegativeNanos(took), TimeUnit.NANOSECONDS);
  }

  /**
   * Records one request sent to the dead-letter queue. The reason is a short code such as {@code undecodable}; it is
   * reduced to letters, digits, '_' and '-' and only the first {@value #MAX_DLQ_REASONS} distinct reasons are kept
   * apart, later ones count as {@code other}.
   */
  public void dlqRecord(String reason) {
    dlq.inc();
    String key = reasonKey(reason);
    Counter counter = dlqByReason.get(key);
    if (counter == null) {
      key = dlqByReason.size() < MAX_DLQ_REASONS ? key : OTHER_REASON;
      counter = dlqByReason.computeIfAbsent(key, k -> registry.counter("dlq.byReason." + k));
    }
    counter.inc();
  }

  /** Where consumer lag per partition comes from; called on each scrape. Replaces any earlier supplier. */
  public void lagSupplier(Supplier<Map<TopicPartition, Long>> lag) {
    this.lag.supplier(lag);
  }

  /** Where the scheduler gauges come from; called on each scrape. Replaces any earlier supplier. */
  public void schedulerStats(Supplier<SchedulerStats> stats) {
    scheduler.set(Objects.requireNonNull(stats, "stats"));
  }

  /** The metrics in the clustering guide's JSON shape (see the class comment). */
  @Override
  public ObjectNode toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    root.put("node", nodeId);

    SchedulerStats stats = schedulerSnapshot();
    ObjectNode sched = root.putObject("scheduler");
    sched.put("maxConcurrency", maxConcurrency);
    sched.put("activeCount", stats.active());
    sched.put("queuedCount", stats.queued());
    sched.put("totalSubmitted", stats.submitted());
    sched.put("totalCompleted", stats.completed());
    sched.put("highPriorityCompleted", stats.highPriorityCompleted());
    sched.put("lowPriorityCompleted", stats.lowPriorityCompleted());
    sched.put("starvationPromotions", stats.promotions());

    ObjectNode execution = root.putObject("execution");
    ObjectNode statuses = execution.putObject("byStatus");
    STATUSES.forEach(s -> statuses.put(s, byStatus.get(s).getCount()));
    percentiles(execution.putObject("duration_ms"), duration);
    percentiles(execution.putObject("queue_ms"), queue);

    ObjectNode publish = root.putObject("publish");
    percentiles(publish.putObject("commit_ms"), commit);
    Snapshot windows = windowSize.getSnapshot();
    publish.putObject("windowSize").put("p50", Math.round(windows.getMedian()))
        .put("p99", Math.round(windows.get99thPercentile())).put("max", windows.getMax());

    ObjectNode lags = root.putObject("kafka").putObject("lag");
    lag.refresh().forEach((tp, n) -> lags.put(tp.topic() + "-" + tp.partition(), n));

    root.set("cache", caches.toJson());
    RedisView view = redis.get();
    if (view != null) {
      ObjectNode r = root.putObject("redis");
      r.put("status", view.available() ? "up" : "degraded");
      r.put("degradedMillis", view.degradedMillis());
    }

    ObjectNode dead = root.putObject("dlq");
    dead.put("count", dlq.getCount());
    ObjectNode reasons = dead.putObject("byReason");
    dlqByReason.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> reasons.put(e.getKey(), e.getValue().getCount()));
    return root;
  }

  /** Every metric of the registry in the Prometheus text format (version 0.0.4). */
  @Override
  public String prometheusText() {
    lag.refresh();
    return prometheus.text();
  }

  private void schedulerGauge(String name, Function<SchedulerStats, Number> field) {
    registry.register(name, (Gauge<Number>) () -> field.apply(schedulerSnapshot()));
  }

  private SchedulerStats schedulerSnapshot() {
    try {
      SchedulerStats stats = scheduler.get().get();
      return stats != null ? stats : new SchedulerStats(0, 0, 0, 0, 0, 0, 0);
    } catch (RuntimeException e) {
      return new SchedulerStats(0, 0, 0, 0, 0, 0, 0); // a scrape never fails on a half-closed scheduler
    }
  }

  private static void percentiles(ObjectNode node, Timer timer) {
    Snapshot snapshot = timer.getSnapshot();
    node.put("p50", millis(snapshot.getMedian()));
    node.put("p95", millis(snapshot.get95thPercentile()));
    node.put("p99", millis(snapshot.get99thPercentile()));
    node.put("max", millis(snapshot.getMax()));
    node.put("count", timer.getCount());
  }

  private static double millis(double nanos) {
    return Math.round(nanos / NANOS_PER_MILLI * 1000.0) / 1000.0;
  }

  private static long nonNegativeNanos(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      return 0;
    }
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static String reasonKey(String reason) {
    if (reason == null || reason.isBlank()) {
      return "unknown";
    }
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < reason.length() && key.length() < 48; i++) {
      char c = reason.charAt(i);
      key.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-') ? c : '_');
    }
    return key.toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "WorkerMetrics[" + nodeId + "]";
  }
}
