package io.constellation.streams;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.history.Percentiles;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The statistics of one pipeline or node over one 1-minute window, as {@link StatsQueries} returns them and as
 * {@link #toJson()} publishes them to {@code constellation.stats}:
 * <pre>{@code
 * {"dimension":"pipeline","key":"checkout","windowStart":"2025-01-31T12:00:00Z","windowEnd":"2025-01-31T12:01:00Z",
 *  "counts":{"COMPLETED":41,"FAILED":1,"REJECTED":0,"EXPIRED":0},"total":42,
 *  "durationMs":{"p50":12.1,"p95":40.2,"p99":61.0},"queueMs":{"p50":0.0,"p95":3.0,"p99":5.1}}
 * }</pre>
 * Percentiles are interpolated like PostgreSQL's {@code percentile_cont}, within 1% relative error (a log-bucketed
 * sketch); they are 0 when no result of the window had the times to measure them.
 *
 * @param dimension   what {@code key} names
 * @param key         the pipeline name ({@code io.constellation.history.PipelineName}) or the node id
 * @param windowStart inclusive
 * @param windowEnd   exclusive
 * @param counts      results by status: the four statuses in schema order, then any other
 * @param total       results in the window
 * @param durationMs  {@code completedAt - startedAt}, over results that have both
 * @param queueMs     {@code startedAt - queuedAt}, over results that have both
 */
public record WindowStats(Dimension dimension, String key, Instant windowStart, Instant windowEnd,
    Map<String, Long> counts, long total, Percentiles durationMs, Percentiles queueMs) {

  /** What a window's key names. */
  public enum Dimension {
    PIPELINE("pipeline"),
    NODE("node");

    private final String label;

    Dimension(String label) {
      this.label = label;
    }

    /** {@code pipeline} or {@code node}: the JSON value and the record-key prefix. */
    public String label() {
      return label;
    }

    /** The key of this dimension's records and store entries: {@code pipeline:<name>}, {@code node:<id>}. */
    String storeKey(String key) {
      return label + ":" + key;
    }

    /** The dimension of a store key. */
    static Dimension ofStoreKey(String storeKey) {
      return storeKey.startsWith(NODE.label + ":") ? NODE : PIPELINE;
    }
  }

  public WindowStats {
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    Objects.requireNonNull(durationMs, "durationMs");
    Objects.requireNonNull(queueMs, "queueMs");
  }

  /** The statistics of a store entry: key {@code pipeline:<name>} or {@code node:<id>}. */
  static WindowStats of(String storeKey, Instant start, Instant end, WindowAggregate aggregate) {
    Dimension dimension = Dimension.ofStoreKey(storeKey);
    String key = storeKey.substring(dimension.label().length() + 1);
    return new WindowStats(dimension, key, start, end, aggregate.counts(), aggregate.total(), aggregate.durationMs(),
        aggregate.queueMs());
  }

  /** The {@code constellation.stats} record value (shape above); percentiles rounded to 3 decimals. */
  public ObjectNode toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode node = json.objectNode();
    node.put("dimension", dimension.label());
    node.put("key", key);
    node.put("windowStart", windowStart.toString());
    node.put("windowEnd", windowEnd.toString());
    ObjectNode byStatus = node.putObject("counts");
    counts.forEach(byStatus::put);
    node.put("total", total);
    node.set("durationMs", percentiles(durationMs));
    node.set("queueMs", percentiles(queueMs));
    return node;
  }

  private static ObjectNode percentiles(Percentiles p) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("p50", round(p.p50()));
    node.put("p95", round(p.p95()));
    node.put("p99", round(p.p99()));
    return node;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
