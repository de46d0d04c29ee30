package io.constellation.worker.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Dropwizard registry in the Prometheus text format, through the Prometheus Dropwizard bridge: dots become
 * underscores, meters and counters get {@code _total}, timers are summaries in seconds.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class PrometheusExport {
  /** The content type of {@link #text()}. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public PrometheusExport(MetricRegistry registry) {
    prometheus.register(new DropwizardExports(registry));
  }

  /** Every metric of the registry, as of now. */
  public String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, prometheus.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a byte array cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
