package io.constellation.worker.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an {@link AdminServer}'s {@code /metrics} shows: a JSON document and the Prometheus text of the same
 * metrics. Both are read on every scrape, from the server's threads, so implementations must be thread-safe.
 */
public interface MetricsView {
  /** The JSON view of {@code /metrics}. */
  JsonNode toJson();

  /** The Prometheus text format (version 0.0.4) of {@code /metrics/prometheus}. */
  String prometheusText();
}
