package io.constellation.history;

/**
 * Continuous percentiles (interpolated, like PostgreSQL's {@code percentile_cont}) of a duration in milliseconds.
 * All three are 0 when there was nothing to measure.
 */
public record Percentiles(double p50, double p95, double p99) {
  /** The value when no execution had the times to measure. */
  public static final Percentiles NONE = new Percentiles(0, 0, 0);
}
