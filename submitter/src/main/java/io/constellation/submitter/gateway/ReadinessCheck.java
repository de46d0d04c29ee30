package io.constellation.submitter.gateway;

/**
 * Says whether what the gateway depends on is there; called for each {@code /health/ready} request, so it must be
 * thread-safe and bounded in time. {@link KafkaReadiness} is the usual one.
 */
@FunctionalInterface
public interface ReadinessCheck {
  /** Always ready (tests, or a gateway whose readiness is judged elsewhere). */
  ReadinessCheck ALWAYS = () -> Readiness.ready(java.util.Map.of());

  Readiness check();
}
