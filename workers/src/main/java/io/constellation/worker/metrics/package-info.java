/** The worker's metrics: a Dropwizard registry, its JSON view and its Prometheus text view. */
package io.constellation.worker.metrics;
