package io.constellation.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.constellation.engine.types.Type;

/**
 * The language-level result of one execution (LANGUAGE.md 9.4). {@code status} is COMPLETED iff every declared
 * output has a value; {@code inputsRejected} is true when input validation failed and nothing ran;
 * {@code outputs} holds every output that got a value, sorted by name, in the canonical encoding of 8.4;
 * {@code errors} is sorted by node label, then message; {@code duration} is measured on the runtime's clock.
 */
public record ExecutionResult(Status status, boolean inputsRejected, Map<String, JsonNode> outputs,
    List<ExecutionError> errors, Duration duration) {

  public enum Status { COMPLETED, FAILED }

  public ExecutionResult {
    TreeMap<String, JsonNode> sorted = new TreeMap<>(Type::compareCodePoints);
    sorted.putAll(outputs);
    outputs = Collections.unmodifiableSortedMap(sorted);
    errors = errors.stream().sorted(ExecutionError.ORDER).toList();
  }

  public boolean completed() {
    return status == Status.COMPLETED;
  }
}
