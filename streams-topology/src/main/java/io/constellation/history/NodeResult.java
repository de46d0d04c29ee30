package io.constellation.history;

import java.time.Instant;

/**
 * One node of a stored execution's trace.
 *
 * @param seq            position in the result's trace, from 0
 * @param name           node label (assignment) or id
 * @param module         the module called, or null
 * @param status         the node's status as the worker reported it
 * @param startedAt      when the node started, or null when the result's time was unusable
 * @param durationMicros how long it ran
 * @param attempts       calls made (retries included)
 * @param cacheHit       true when answered from a cache
 * @param error          the node's error message, or null
 */
public record NodeResult(int seq, String name, String module, String status, Instant startedAt,
    long durationMicros, int attempts, boolean cacheHit, String error) {}
