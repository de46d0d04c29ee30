package io.constellation.history;

import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.NodeTrace;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns results into rows of the staging tables ({@link HistorySql#STAGE_EXECUTIONS_COLUMNS},
 * {@link HistorySql#STAGE_NODES_COLUMNS}), in that column order.
 *
 * <p>Implementation notes: every value is made storable here rather than trusted. Text is
 * {@linkplain SafeText cleaned}; indexed ids and hashes are cut to {@value #MAX_KEY_LENGTH} characters because a
 * btree entry must fit in a third of a page; instants outside years 1 to 9999 count as missing (a corrupt Avro long
 * would otherwise be out of timestamptz's range); a missing completion time is the time of writing; durations are
 * never negative (queued and started come from different machines' clocks).
 */
final class TraceRows {
  static final int MAX_KEY_LENGTH = 256;
  private static final String FALLBACK_STATUS = "FAILED"; // the schema's enum default

  private TraceRows() {}

  /** The batch keyed by stored execution id, keeping the first result of each id, in order. */
  static Map<String, ExecutionResult> firstById(List<ExecutionResult> results) {
    Map<String, ExecutionResult> byId = new LinkedHashMap<>();
    for (ExecutionResult result : results) {
      Objects.requireNonNull(result, "results must not contain null");
      byId.putIfAbsent(key(result.getExecutionId()), result);
    }
    return byId;
  }

  static void writeExecution(CopyRowWriter out, String executionId, ExecutionResult result, Instant writtenAt)
      throws IOException {
    Instant queued = usable(result.getQueuedAt());
    Instant started = usable(result.getStartedAt());
    Instant completedAt = usable(result.getCompletedAt());
    Instant completed = completedAt == null ? writtenAt : completedAt;
    out.text(executionId)
        .text(key(PipelineName.of(result)))
        .text(result.getStatus() == null ? FALLBACK_STATUS : result.getStatus().name())
        .text(SafeText.cleanAndCut(Objects.requireNonNullElse(result.getNodeId(), ""), MAX_KEY_LENGTH))
        .number(result.getAttempt())
        .text(keyOrNull(result.getReplayOf()))
        .text(keyOrNull(result.getSourceHash()))
        .text(keyOrNull(result.getStructuralHash()))
        .instant(queued)
        .instant(started)
        .instant(completed)
        .number(millisBetween(started, completed))
        .number(millisBetween(queued, started))
        .text(JsonText.outputs(result.getOutputs()))
        .text(JsonText.errors(result.getErrors()))
        .text(JsonText.warnings(result.getWarnings()))
        .text(JsonText.metadata(result.getMetadata()))
        .bool(result.getFromCache())
        .text(SafeText.clean(result.getSource()))
        .text(SafeText.clean(result.getInputs()))
        .endRow();
  }

  /** Writes the result's trace as node rows; returns how many. */
  static int writeNodes(CopyRowWriter out, String executionId, ExecutionResult result) throws IOException {
    List<NodeTrace> trace = result.getTrace();
    if (trace == null) return 0;
    int seq = 0;
    for (NodeTrace node : trace) {
      out.text(executionId)
          .number(seq++)
          .text(SafeText.clean(Objects.requireNonNullElse(node.getName(), "")))
          .text(SafeText.clean(node.getModule()))
          .text(SafeText.clean(Objects.requireNonNullElse(node.getStatus(), "")))
          .instant(usable(node.getStart()))
          .number(node.getDurationMicros())
          .number(node.getAttempts())
          .bool(node.getCacheHit())
          .text(SafeText.clean(node.getError()))
          .endRow();
    }
    return seq;
  }

  /** The execution id as stored: cleaned and cut like every indexed text. */
  static String key(String id) {
    return SafeText.cleanAndCut(Objects.requireNonNullElse(id, ""), MAX_KEY_LENGTH);
  }

  private static String keyOrNull(String value) {
    return value == null ? null : key(value);
  }

  private static Instant usable(Instant instant) {
    if (instant == null) return null;
    return instant.isBefore(ExecutionQuery.MIN_INSTANT) || instant.isAfter(ExecutionQuery.MAX_INSTANT) ? null : instant;
  }

  private static Long millisBetween(Instant from, Instant to) {
    if (from == null || to == null) return null;
    return Math.max(0, Duration.between(from, to).toMillis());
  }
}
