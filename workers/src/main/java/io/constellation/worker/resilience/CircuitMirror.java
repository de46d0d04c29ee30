package io.constellation.worker.resilience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's copy of the cluster's circuits, read on every call. Topic messages arrive in commit order and
 * always win; snapshots loaded by a resync win only over an older version (a message may have overtaken them).
 * A module without an entry is closed with no failures.
 *
 * <p>Thread-safety: safe for concurrent use; reads are a lock-free map lookup.
 */
final class CircuitMirror {
  private final ConcurrentMap<String, CircuitSnapshot> circuits = new ConcurrentHashMap<>();

  /** The module's last known state, or null if it has none (closed). */
  CircuitSnapshot get(String module) {
    return circuits.get(module);
  }

  /** A message from the circuit topic. */
  void applyPublished(CircuitSnapshot snapshot) {
    circuits.put(snapshot.module(), snapshot);
  }

  /** A hash read during a resync. */
  void applyLoaded(CircuitSnapshot snapshot) {
    circuits.merge(snapshot.module(), snapshot, (current, loaded) ->
        loaded.version() > current.version() ? loaded : current);
  }

  /** Forgets the module's state if it is still {@code stale} (Redis said the circuit is not open). */
  void remove(String module, CircuitSnapshot stale) {
    circuits.remove(module, stale);
  }

  /** A point-in-time copy. */
  Map<String, CircuitSnapshot> copy() {
    return Map.copyOf(circuits);
  }

  /** Forgets everything (before a resync from a Redis that may have lost or changed its data). */
  void clear() {
    circuits.clear();
  }

  /** Every known circuit, by module name. */
  List<Circuit> list() {
    List<Circuit> all = new ArrayList<>();
    circuits.values().forEach(snapshot -> all.add(snapshot.toCircuit()));
    all.sort(Comparator.comparing(Circuit::module));
    return all;
  }
}
