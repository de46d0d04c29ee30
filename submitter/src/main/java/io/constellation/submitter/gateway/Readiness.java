package io.constellation.submitter.gateway;

import java.util.Map;
import java.util.Objects;

/**
 * Whether the gateway can serve, and why not.
 *
 * @param ready  true when it can
 * @param reason why it cannot (empty when ready)
 * @param detail extra fields of the {@code /health/ready} answer, e.g. {@code "kafka": "reachable"}
 */
public record Readiness(boolean ready, String reason, Map<String, String> detail) {
  public Readiness {
    reason = reason == null ? "" : reason;
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }

  public static Readiness ready(Map<String, String> detail) {
    return new Readiness(true, "", detail);
  }

  public static Readiness notReady(String reason, Map<String, String> detail) {
    return new Readiness(false, Objects.requireNonNull(reason, "reason"), detail);
  }
}
