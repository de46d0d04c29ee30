package io.constellation.worker.execute;

import java.time.Instant;

/**
 * The instants of one execution as they appear on its result: {@code queuedAt} (the request's submittedAt, else
 * its record timestamp; null when neither is known), {@code startedAt} and {@code completedAt} on this node.
 */
public record Timing(Instant queuedAt, Instant startedAt, Instant completedAt) {}
