package io.constellation.submitter.replay;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of the dead-letter topic, as an operator sees it.
 *
 * @param partition the dead letter's partition in the DLQ topic
 * @param offset the dead letter's offset in that partition
 * @param failedAt when the worker gave up on the request (the record time when the dead letter does not say)
 * @param reason why the request could not be processed, as the worker wrote it
 * @param origin where the request was, {@code topic-partition@offset}
 * @param originTopic the topic a replay puts the request back on; null when the dead letter does not decode
 * @param nodeId the worker that dead-lettered it; null when unknown
 * @param key the original record key as text (the execution id, or the node of a pinned request); null when it
 *     was absent, not kept or not UTF-8
 * @param valueBytes the size of the original value kept in the dead letter (0 when it was not kept)
 * @param replayedFrom when the request was itself put back by an earlier replay, the dead letter it came from
 *     ({@code topic-partition@offset} in the DLQ); null otherwise
 * @param replayed true when a replay has already handled this dead letter (re-submitted or passed over)
 * @param problem why this dead letter cannot be replayed; null when it can
 */
public record DeadLetterEntry(int partition, long offset, Instant failedAt, String reason, String origin,
    String originTopic, String nodeId, String key, int valueBytes, String replayedFrom, boolean replayed,
    String problem) {
  public DeadLetterEntry {
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(origin, "origin");
  }

  /** True when the original request was kept and came from a request topic, so it can be put back. */
  public boolean replayable() {
    return problem == null;
  }
}
