package io.constellation.engine.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the local circuit breakers: open after {@code failureThreshold} consecutive failed attempts, stay
 * open for {@code resetAfter}, then let {@code halfOpenProbes} attempts through to decide.
 */
public record CircuitBreakerConfig(int failureThreshold, Duration resetAfter, int halfOpenProbes) {
  public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(5, Duration.ofSeconds(30), 1);

  public CircuitBreakerConfig {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1, was " + failureThreshold);
    }
    Objects.requireNonNull(resetAfter, "resetAfter");
    if (!resetAfter.isPositive()) throw new IllegalArgumentException("resetAfter must be positive, was " + resetAfter);
    if (halfOpenProbes < 1) throw new IllegalArgumentException("halfOpenProbes must be >= 1, was " + halfOpenProbes);
  }
}
