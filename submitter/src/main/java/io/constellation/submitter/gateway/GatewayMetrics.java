package io.constellation.submitter.gateway;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's request metrics in a Dropwizard {@link MetricRegistry}, and the JSON view of {@code /metrics}.
 *
 * <p>Names: {@code gateway.requests.<route>} (a timer: count and latency, per route name, never per raw path, so a
 * scan of random URLs cannot grow the registry: they all count as {@code unmatched}),
 * {@code gateway.responses.<1xx..5xx>} (meters by status class) and {@code gateway.responses.total}.
 *
 * <p>JSON view: {@code {"timers": {name: {"count", "meanRate", "p50Ms", "p95Ms", "p99Ms", "maxMs"}},
 * "meters": {name: {"count", "m1Rate"}}, "counters": {name: n}, "histograms": {name: {"count", "p50", "p99",
 * "max"}}, "gauges": {name: value}}} over the whole registry, so metrics others register there show too.
 *
 * <p>Prometheus: the same registry through the Prometheus Dropwizard bridge, e.g.
 * {@code gateway_responses_5xx_total} and {@code gateway_responses_total}.
 *
 * <p>Thread-safety: thread-safe.
 */
final class GatewayMetrics {
  static final String UNMATCHED = "unmatched";
  static final String PROMETHEUS_CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final MetricRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Meter[] byClass = new Meter[5];
  private final Meter total;
  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private final PrometheusTextFormatWriter textWriter = PrometheusTextFormatWriter.create();

  GatewayMetrics(MetricRegistry registry, Collection<Route> routes) {
    this.registry = Objects.requireNonNull(registry, "registry");
    for (Route route : routes) timers.put(route.name(), registry.timer("gateway.requests." + route.name()));
    timers.put(UNMATCHED, registry.timer("gateway.requests." + UNMATCHED));
    for (int i = 0; i < byClass.length; i++) byClass[i] = registry.meter("gateway.responses." + (i + 1) + "xx");
    this.total = registry.meter("gateway.responses.total");
    prometheus.register(new DropwizardExports(registry));
  }

  /** The whole registry in the Prometheus text format, through the Prometheus Dropwizard bridge. */
  String prometheusText() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      textWriter.write(out, prometheus.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a byte array cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Counts one answered request of route {@code name} (or {@link #UNMATCHED}). */
  void record(String name, int status, long nanos) {
    Timer timer = timers.getOrDefault(name, timers.get(UNMATCHED));
    timer.update(nanos, TimeUnit.NANOSECONDS);
    int statusClass = status / 100;
    if (statusClass >= 1 && statusClass <= 5) byClass[statusClass - 1].mark();
    total.mark();
  }

  ObjectNode toJson() {
    ObjectNode json = GatewayJson.object();
    ObjectNode timerJson = json.putObject("timers");
    for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
      Snapshot s = e.getValue().getSnapshot();
      timerJson.putObject(e.getKey())
          .put("count", e.getValue().getCount())
          .put("meanRate", e.getValue().getMeanRate())
          .put("p50Ms", millis(s.getMedian()))
          .put("p95Ms", millis(s.get95thPercentile()))
          .put("p99Ms", millis(s.get99thPercentile()))
          .put("maxMs", millis(s.getMax()));
    }
    ObjectNode meterJson = json.putObject("meters");
    for (Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
      meterJson.putObject(e.getKey()).put("count", e.getValue().getCount()).put("m1Rate", e.getValue().getOneMinuteRate());
    }
    ObjectNode counterJson = json.putObject("counters");
    for (Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
      counterJson.put(e.getKey(), e.getValue().getCount());
    }
    ObjectNode histogramJson = json.putObject("histograms");
    for (Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
      Snapshot s = e.getValue().getSnapshot();
      histogramJson.putObject(e.getKey()).put("count", e.getValue().getCount()).put("p50", s.getMedian())
          .put("p99", s.get99thPercentile()).put("max", s.getMax());
    }
    ObjectNode gaugeJson = json.putObject("gauges");
    for (Map.Entry<String, Metric> e : new TreeMap<>(registry.getMetrics()).entrySet()) {
      if (!(e.getValue() instanceof Gauge<?> gauge)) continue;
      Object value;
      try {
        value = gauge.getValue();
      } catch (RuntimeException ex) {
        value = null; // a broken gauge must not break the scrape
      }
      if (value instanceof Number number) {
        gaugeJson.put(e.getKey(), number.doubleValue());
      } else if (value instanceof Boolean bool) {
        gaugeJson.put(e.getKey(), bool);
      } else if (value != null) {
        gaugeJson.put(e.getKey(), value.toString());
      } else {
        gaugeJson.putNull(e.getKey());
      }
    }
    return json;
  }

  private static double millis(double nanos) {
    return Math.round(nanos / 10_000.0) / 100.0; // milliseconds with two decimals
  }
}
