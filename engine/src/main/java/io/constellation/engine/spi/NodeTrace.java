package io.constellation.engine.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * What happened to one top-level node of one execution: its id, label and module (null for non-call nodes),
 * outcome, start time and duration on the runtime's clock, module attempts made (0 for non-calls and cache hits),
 * whether the result came from the cache, and the error message of an own failure (else null).
 */
public record NodeTrace(int nodeId, String label, String module, Outcome outcome, Instant start, Duration duration,
    int attempts, boolean cacheHit, String error) {

  /** How the node settled. */
  public enum Outcome { SUCCEEDED, FAILED, PROPAGATED_FAILURE }
}
