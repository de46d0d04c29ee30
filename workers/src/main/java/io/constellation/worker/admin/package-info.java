/** The worker's admin HTTP endpoints: liveness, readiness and metrics. */
package io.constellation.worker.admin;
