/**
 * Running one request: the node-local compilation cache, execution on the shared pipeline runtime with a
 * per-execution trace collector, and the result record of every outcome.
 */
package io.constellation.worker.execute;
