package io.constellation.worker.resilience;

import java.util.Optional;

/** The state of one circuit breaker, with the name stored in Redis and sent on the circuit topic. */
public enum CircuitState {
  /** Calls pass; failures are counted. */
  CLOSED("closed"),
  /** Calls fail fast until the reset period has passed. */
  OPEN("open"),
  /** A limited number of probe calls decide whether to close or re-open. */
  HALF_OPEN("half_open");

  private final String wireName;

  CircuitState(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in Redis hashes and topic messages. */
  public String wireName() {
    return wireName;
  }

  /** Parses a wire name; empty for anything else (the value may come from a hostile or newer writer). */
  static Optional<CircuitState> fromWire(String name) {
    for (CircuitState state : values()) {
      if (state.wireName.equals(name)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
