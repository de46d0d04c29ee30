package io.constellation.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored execution as listed: who ran what, how it ended and how long it took.
 *
 * @param executionId the execution's id
 * @param pipeline    its {@link PipelineName}
 * @param status      {@code COMPLETED}, {@code FAILED}, {@code REJECTED} or {@code EXPIRED}
 * @param nodeId      the worker node that produced the result (may be empty)
 * @param attempt     1 for a first run, more for a replay
 * @param replayOf    the execution this one replays, or null
 * @param completedAt when the result was produced (the time it was stored, when the result did not say)
 * @param durationMs  completed minus started, never negative; null without a start time
 * @param queueMs     started minus queued, never negative; null without both times
 */
public record ExecutionSummary(String executionId, String pipeline, String status, String nodeId, int attempt,
    String replayOf, Instant completedAt, Long durationMs, Long queueMs) {
  public ExecutionSummary {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(completedAt, "completedAt");
  }
}
