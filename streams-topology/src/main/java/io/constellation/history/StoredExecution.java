package io.constellation.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything stored of one execution. The {@code *Json} fields are JSON texts: {@code outputsJson} an object (or,
 * when the worker sent text that was not JSON, a JSON string holding that text), {@code errorsJson} an array of
 * {@code {code, message, node?, module?, line?, column?}}, {@code warningsJson} an array of strings,
 * {@code metadataJson} an object of strings; {@code inputsJson} is the request's inputs as submitted, or null.
 *
 * @param nodeResults the trace, in {@link NodeResult#seq()} order
 */
public record StoredExecution(ExecutionSummary summary, String sourceHash, String structuralHash,
    Instant queuedAt, Instant startedAt, String outputsJson, String errorsJson, String warningsJson,
    String metadataJson, boolean fromCache, String source, String inputsJson, List<NodeResult> nodeResults) {
  public StoredExecution {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(outputsJson, "outputsJson");
    Objects.requireNonNull(errorsJson, "errorsJson");
    Objects.requireNonNull(warningsJson, "warningsJson");
    Objects.requireNonNull(metadataJson, "metadataJson");
    nodeResults = List.copyOf(Objects.requireNonNull(nodeResults, "nodeResults"));
  }
}
