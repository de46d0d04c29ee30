package io.constellation.worker.resilience;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One module's breaker as shown by {@code constellation circuits list} and {@code /debug/circuits}.
 *
 * @param module the module name
 * @param state closed, open or half-open
 * @param failures failures counted since the last success (cluster-wide)
 * @param openedAt when the circuit opened (or went half-open); empty while closed
 */
public record Circuit(String module, CircuitState state, long failures, Optional<Instant> openedAt) {
  public Circuit {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(openedAt, "openedAt");
  }
}
