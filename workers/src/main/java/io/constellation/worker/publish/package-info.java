/**
 * The publish side of a worker node: result and dead-letter records, and the transactional publisher that commits
 * a window of records together with the consumed offsets.
 */
package io.constellation.worker.publish;
