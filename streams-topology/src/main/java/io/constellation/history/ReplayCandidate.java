package io.constellation.history;

import java.util.Objects;

/**
 * A stored execution that can be submitted again: it has its source.
 *
 * @param attempt    the stored execution's own attempt (see {@link ExecutionStorage#nextReplayAttempt} for the next)
 * @param inputsJson the request's inputs as submitted, or null when the result did not carry them
 */
public record ReplayCandidate(String executionId, String pipeline, String status, int attempt, String source,
    String inputsJson) {
  public ReplayCandidate {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(source, "source");
  }
}
