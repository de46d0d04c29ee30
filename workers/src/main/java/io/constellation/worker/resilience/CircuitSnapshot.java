package io.constellation.worker.resilience;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One circuit's state as written by the Lua scripts: the Redis hash {@code circuit:<module>} and the topic
 * message {@code version|state|failures|since|probes|module} (the module last, so it may contain '|').
 * {@code version} grows by one with every change of the hash, which orders snapshots loaded by a resync
 * against messages received meanwhile.
 */
record CircuitSnapshot(
    String module, long version, CircuitState state, long failures, long sinceMillis, long probesLeft) {

  private static final int FIELDS = 6;

  /** Parses a topic message; empty if it is malformed (anyone can publish on a Redis channel). */
  static Optional<CircuitSnapshot> parseMessage(String message) {
    if (message == null) {
      return Optional.empty();
    }
    String[] parts = message.split("\\|", FIELDS);
    if (parts.length != FIELDS || parts[5].isEmpty()) {
      return Optional.empty();
    }
    return build(parts[5], parts[0], parts[1], parts[2], parts[3], parts[4]);
  }

  /** Reads a Redis hash; empty if a field is missing or malformed. */
  static Optional<CircuitSnapshot> fromHash(String module, Map<String, String> hash) {
    return build(module, hash.get("version"), hash.get("state"), hash.get("failures"), hash.get("since"),
        hash.get("probes"));
  }

  private static Optional<CircuitSnapshot> build(
      String module, String version, String state, String failures, String since, String probes) {
    Optional<CircuitState> parsedState = CircuitState.fromWire(state);
    if (parsedState.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CircuitSnapshot(module, Long.parseLong(version), parsedState.get(),
          Long.parseLong(failures), Long.parseLong(since), Long.parseLong(probes)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  Circuit toCircuit() {
    Optional<Instant> openedAt = state == CircuitState.CLOSED
        ? Optional.empty() : Optional.of(Instant.ofEpochMilli(sinceMillis));
    return new Circuit(module, state, failures, openedAt);
  }
}
