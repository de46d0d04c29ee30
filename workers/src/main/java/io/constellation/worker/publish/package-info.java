/**
 * The publish side of a worker node: result and dead-letter records, and the transactional publisher that commits
 * a window of records together with the consumed offsets, run off the poll thread by the {@link
 * io.constellation.worker.publish.WindowPublisher}.
 */
package io.constellation.worker.publish;
