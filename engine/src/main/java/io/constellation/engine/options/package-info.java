/**
 * The options of one module call as the checker normalises them (retry, timeout, backoff, cache, throttle, ...):
 * produced by {@code types}, carried by {@code dag}, enforced by {@code runtime}.
 */
package io.constellation.engine.options;
