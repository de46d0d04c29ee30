/**
 * The poll side of a worker node: the poll thread ({@link io.constellation.worker.consume.WorkerLoop}) that owns the
 * consumers and the transactional producer, per-partition offset tracking that commits only the contiguous
 * completed prefix, intake of request records (decode, dead-letter, skip), backpressure and pinned-partition choice.
 */
package io.constellation.worker.consume;
