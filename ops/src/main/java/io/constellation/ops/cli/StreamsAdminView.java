package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.streams.StreamsApp;
import io.constellation.streams.StreamsAppMetrics;
import io.constellation.worker.admin.AdminServer;
import io.constellation.worker.admin.MetricsView;
import io.constellation.worker.metrics.PrometheusExport;
import java.util.Map;

/**
 * What the streams app's admin HTTP server shows: readiness (Kafka Streams running and history writes going
 * through) and its counters, as JSON and Prometheus text.
 *
 * <p>Thread-safety: thread-safe; reads the app's thread-safe views.
 */
final class StreamsAdminView implements MetricsView {
  private final StreamsApp app;
  private final PrometheusExport prometheus;

  StreamsAdminView(StreamsApp app) {
    this.app = app;
    this.prometheus = new PrometheusExport(app.metrics().registry());
  }

  AdminServer.Readiness readiness() {
    Map<String, String> detail = Map.of("state", app.state().name(), "app", app.settings().applicationId());
    return app.ready() ? AdminServer.Readiness.ready(detail)
        : AdminServer.Readiness.notReady(app.notReadyReason(), detail);
  }

  @Override
  public ObjectNode toJson() {
    StreamsAppMetrics metrics = app.metrics();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("app", app.settings().applicationId());
    json.put("state", app.state().name());
    json.put("ready", app.ready());
    ObjectNode results = json.putObject("results");
    results.put("decoded", metrics.decoded());
    results.put("undecodable", metrics.undecodable());
    ObjectNode history = json.putObject("history");
    history.put("stored", metrics.stored());
    history.put("written", metrics.written());
    history.put("batches", metrics.batches());
    history.put("writeFailures", metrics.writeFailures());
    json.put("threadsReplaced", metrics.threadsReplaced());
    return json;
  }

  @Override
  public String prometheusText() {
    return prometheus.text();
  }
}
