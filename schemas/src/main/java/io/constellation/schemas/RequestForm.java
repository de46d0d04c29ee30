package io.constellation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.avro.ExecutionRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The checks every request passes, whatever its encoding, and the mapping between {@link ExecutionRequest} and
 * the documented JSON form.
 *
 * <p>Thread-safety: immutable.
 */
final class RequestForm {
  static final int MIN_PRIORITY = 0;
  static final int MAX_PRIORITY = 100;
  static final int DEFAULT_PRIORITY = 50;
  /** The longest execution-cache TTL a request may ask for (365 days): longer is a mistake, not a policy. */
  static final long MAX_CACHE_TTL_MS = 365L * 24 * 60 * 60 * 1000;

  private final BoundedJson json;

  /**
   * A request that passed the checks, with its inputs as a tree: the tree its canonical {@code inputs} text parses
   * to (see {@link CanonicalTree}), so no one needs to parse that text again.
   */
  record Checked(ExecutionRequest request, ObjectNode inputs) {}

  RequestForm(BoundedJson json) {
    this.json = json;
  }

  /**
   * Reads the JSON form: required executionId, source, inputs; unknown keys ignored. {@code cacheTtlMs} is
   * milliseconds or a duration string ({@code "5min"}); it is written back as milliseconds.
   */
  Checked fromJson(JsonNode root) throws DecodeFailure {
    if (!root.isObject()) throw new DecodeFailure("request JSON must be an object, was " + JsonFields.kind(root));
    String executionId = Identifiers.check("executionId", JsonFields.requiredText(root, "executionId"));
    String source = JsonFields.requiredText(root, "source");
    ObjectNode inputTree = (ObjectNode) JsonFields.requiredObject(root, "inputs");
    String inputs = BoundedJson.canonical(inputTree, "field 'inputs'");
    String node = JsonFields.optionalText(root, "node");
    String replayOf = JsonFields.optionalText(root, "replayOf");
    ExecutionRequest request = ExecutionRequest.newBuilder()
        .setExecutionId(executionId)
        .setSource(source)
        .setInputs(inputs)
        .setNode(node == null ? null : Identifiers.check("node", node))
        .setPriority(JsonFields.integer(root, "priority", DEFAULT_PRIORITY, MIN_PRIORITY, MAX_PRIORITY))
        .setDeadline(JsonFields.instant(root, "deadline"))
        .setSubmittedAt(JsonFields.instant(root, "submittedAt"))
        .setAttempt(JsonFields.integer(root, "attempt", 1, 1, Integer.MAX_VALUE))
        .setReplayOf(replayOf == null ? null : Identifiers.check("replayOf", replayOf))
        .setMetadata(JsonFields.stringMap(root, "metadata"))
        .setCacheTtlMs(checkCacheTtl(JsonFields.durationMillis(root, "cacheTtlMs")))
        .build();
    return new Checked(request, CanonicalTree.of(inputTree));
  }

  /** Null (no execution cache) or 1 ms to {@link #MAX_CACHE_TTL_MS}. */
  static Long checkCacheTtl(Long millis) throws DecodeFailure {
    if (millis != null && (millis < 1 || millis > MAX_CACHE_TTL_MS)) {
      throw new DecodeFailure("field 'cacheTtlMs' must be from 1 ms to 365 days (" + MAX_CACHE_TTL_MS + " ms), was "
          + millis);
    }
    return millis;
  }

  /**
   * Checks a request decoded from Avro by the same rules as the JSON form, and returns it with its inputs in
   * canonical form (a non-Java producer may have written them differently).
   */
  Checked validated(ExecutionRequest request) throws DecodeFailure {
    for (String required : List.of("executionId", "source", "inputs")) {
      if (request.get(required) == null) throw new DecodeFailure("field '" + required + "' is required");
    }
    if (request.getMetadata() == null) throw new DecodeFailure("field 'metadata' must not be null");
    Identifiers.check("executionId", request.getExecutionId());
    if (request.getNode() != null) Identifiers.check("node", request.getNode());
    if (request.getReplayOf() != null) Identifiers.check("replayOf", request.getReplayOf());
    int priority = request.getPriority();
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new DecodeFailure("field 'priority' must be an integer from 0 to 100, was " + priority);
    }
    if (request.getAttempt() < 1) {
      throw new DecodeFailure("field 'attempt' must be an integer >= 1, was " + request.getAttempt());
    }
    checkCacheTtl(request.getCacheTtlMs());
    JsonNode inputs = json.parse(request.getInputs(), "field 'inputs'");
    if (!inputs.isObject()) {
      throw new DecodeFailure("field 'inputs' must be a JSON object, was " + JsonFields.kind(inputs));
    }
    String canonical = BoundedJson.canonical(inputs, "field 'inputs'");
    // what Java producers send (encode canonicalises): the tree of canonical text is in canonical order already
    ObjectNode tree = canonical.equals(request.getInputs())
        ? (ObjectNode) inputs : CanonicalTree.of((ObjectNode) inputs);
    request.setInputs(canonical);
    return new Checked(request, tree);
  }

  /** The JSON form of a request; optional fields that are unset are omitted. */
  ObjectNode toJson(ExecutionRequest request) throws DecodeFailure {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("executionId", request.getExecutionId());
    out.put("source", request.getSource());
    out.set("inputs", json.parse(request.getInputs(), "field 'inputs'"));
    if (request.getNode() != null) out.put("node", request.getNode());
    out.put("priority", request.getPriority());
    putInstant(out, "deadline", request.getDeadline());
    putInstant(out, "submittedAt", request.getSubmittedAt());
    out.put("attempt", request.getAttempt());
    if (request.getReplayOf() != null) out.put("replayOf", request.getReplayOf());
    ObjectNode metadata = out.putObject("metadata");
    for (Map.Entry<String, String> entry : request.getMetadata().entrySet()) metadata.put(entry.getKey(), entry.getValue());
    if (request.getCacheTtlMs() != null) out.put("cacheTtlMs", request.getCacheTtlMs().longValue());
    return out;
  }

  private static void putInstant(ObjectNode out, String name, Instant value) {
    if (value != null) out.put(name, value.toString());
  }
}
