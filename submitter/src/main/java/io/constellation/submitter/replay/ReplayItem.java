package io.constellation.submitter.replay;

import java.util.Objects;

/**
 * One execution to run again.
 *
 * @param originalId the execution replayed: the first execution of the chain (a replay of a replay links to the
 *     same original), carried as the new request's {@code replayOf}
 * @param replayId the new execution's id, {@code originalId + "~replay" + attempt} (shortened with a hash when
 *     that would be over 256 characters): deterministic, so a replay run retried after a crash sends the same id
 *     again rather than a second execution
 * @param attempt the new execution's attempt number, one more than any attempt recorded for the original
 * @param pipeline the pipeline name the original was recorded under
 */
public record ReplayItem(String originalId, String replayId, int attempt, String pipeline) {
  public ReplayItem {
    Objects.requireNonNull(originalId, "originalId");
    Objects.requireNonNull(replayId, "replayId");
    if (attempt < 2) throw new IllegalArgumentException("a replay's attempt must be >= 2, was " + attempt);
  }
}
