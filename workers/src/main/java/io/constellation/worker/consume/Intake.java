package io.constellation.worker.consume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.avro.ExecutionRequest;

/** What to do with one request record. */
sealed interface Intake {

  /**
   * A decoded request to run (or answer EXPIRED, or skip as a duplicate: decided with the node's state).
   *
   * @param inputs the request's inputs as parsed while decoding, or null when they are too large to hold while
   *     queued (the execution parses the text then)
   */
  record Run(ExecutionRequest request, ObjectNode inputs, Encoding encoding) implements Intake {}

  /** Undecodable or oversized: a dead letter. {@code category} labels the metric, {@code reason} the record. */
  record DeadLetter(String category, String reason) implements Intake {}

  /** Not for this node (a pinned record keyed for another node); its offset counts as done. */
  record Skip(String why) implements Intake {}
}
