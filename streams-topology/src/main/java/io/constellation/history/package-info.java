/**
 * The execution history in PostgreSQL: schema (Flyway, {@code db/migration}), batched idempotent trace writes,
 * queries and retention.
 *
 * <p>{@link io.constellation.history.HistoryDatabase#open} gives a
 * {@link io.constellation.history.TraceWriter} (the streams app's sink) and an
 * {@link io.constellation.history.ExecutionStorage} (CLI, gateway, replay), filtered by
 * {@link io.constellation.history.ExecutionQuery}; {@link io.constellation.history.HistoryJson} is the one JSON form
 * of what they return. Database failures are {@link io.constellation.history.HistoryException}s, bad arguments
 * {@link IllegalArgumentException}s.
 */
package io.constellation.history;
