package io.constellation.worker.publish;

import org.apache.kafka.common.KafkaException;

/** How one publish window ended. */
public sealed interface PublishOutcome {

  /** The records and offsets were committed together. */
  record Committed(int records) implements PublishOutcome {}

  /**
   * The transaction was aborted (an abortable error such as a stale group generation or a failed send): nothing of
   * it is visible; the caller must redo the window from the last committed offsets.
   */
  record Aborted(KafkaException cause) implements PublishOutcome {}
}
