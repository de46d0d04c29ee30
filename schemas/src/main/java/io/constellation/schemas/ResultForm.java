package io.constellation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@link ExecutionResult}: the Avro field names, {@code outputs} as a JSON object, instants as
 * ISO-8601 strings, unset optional fields as null ({@code source} and {@code inputs}, the copy kept for replay,
 * are left out when unset). Reading accepts epoch milliseconds for instants too.
 *
 * <p>Thread-safety: immutable.
 */
final class ResultForm {
  private final BoundedJson json;

  ResultForm(BoundedJson json) {
    this.json = json;
  }

  ObjectNode toJson(ExecutionResult result) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("executionId", result.getExecutionId());
    out.put("status", result.getStatus() == null ? null : result.getStatus().name());
    out.set("outputs", parsed(result.getOutputs(), "outputs"));
    ArrayNode errors = out.putArray("errors");
    for (ExecutionError error : result.getErrors()) {
      ObjectNode e = errors.addObject();
      e.put("code", error.getCode());
      e.put("message", error.getMessage());
      e.put("node", error.getNode());
      e.put("module", error.getModule());
      e.put("line", error.getLine());
      e.put("column", error.getColumn());
    }
    ArrayNode warnings = out.putArray("warnings");
    result.getWarnings().forEach(warnings::add);
    ArrayNode trace = out.putArray("trace");
    for (NodeTrace node : result.getTrace()) {
      ObjectNode t = trace.addObject();
      t.put("name", node.getName());
      t.put("module", node.getModule());
      t.put("status", node.getStatus());
      putInstant(t, "start", node.getStart());
      t.put("durationMicros", node.getDurationMicros());
      t.put("attempts", node.getAttempts());
      t.put("cacheHit", node.getCacheHit());
      t.put("error", node.getError());
    }
    out.put("nodeId", result.getNodeId());
    putInstant(out, "queuedAt", result.getQueuedAt());
    putInstant(out, "startedAt", result.getStartedAt());
    putInstant(out, "completedAt", result.getCompletedAt());
    out.put("attempt", result.getAttempt());
    out.put("replayOf", result.getReplayOf());
    out.put("sourceHash", result.getSourceHash());
    out.put("structuralHash", result.getStructuralHash());
    ObjectNode metadata = out.putObject("metadata");
    for (Map.Entry<String, String> entry : result.getMetadata().entrySet()) metadata.put(entry.getKey(), entry.getValue());
    out.put("fromCache", result.getFromCache());
    if (result.getSource() != null) out.put("source", result.getSource());
    if (result.getInputs() != null) out.set("inputs", parsed(result.getInputs(), "inputs"));
    return out;
  }

  ExecutionResult fromJson(JsonNode root) throws DecodeFailure {
    if (!root.isObject()) throw new DecodeFailure("result JSON must be an object, was " + JsonFields.kind(root));
    JsonNode outputs = JsonFields.field(root, "outputs");
    if (outputs != null && !outputs.isObject()) {
      throw new DecodeFailure("field 'outputs' must be a JSON object, was " + JsonFields.kind(outputs));
    }
    return ExecutionResult.newBuilder()
        .setExecutionId(JsonFields.requiredText(root, "executionId"))
        .setStatus(status(JsonFields.requiredText(root, "status")))
        .setOutputs(outputs == null ? "{}" : BoundedJson.canonical(outputs, "field 'outputs'"))
        .setErrors(list(root, "errors", ResultForm::error))
        .setWarnings(list(root, "warnings", ResultForm::warning))
        .setTrace(list(root, "trace", ResultForm::trace))
        .setNodeId(orElse(JsonFields.optionalText(root, "nodeId"), ""))
        .setQueuedAt(JsonFields.instant(root, "queuedAt"))
        .setStartedAt(JsonFields.instant(root, "startedAt"))
        .setCompletedAt(JsonFields.instant(root, "completedAt"))
        .setAttempt(JsonFields.integer(root, "attempt", 1, 1, Integer.MAX_VALUE))
        .setReplayOf(JsonFields.optionalText(root, "replayOf"))
        .setSourceHash(JsonFields.optionalText(root, "sourceHash"))
        .setStructuralHash(JsonFields.optionalText(root, "structuralHash"))
        .setMetadata(JsonFields.stringMap(root, "metadata"))
        .setFromCache(JsonFields.bool(root, "fromCache", false))
        .setSource(JsonFields.optionalText(root, "source"))
        .setInputs(inputs(root))
        .build();
  }

  private static ExecutionStatus status(String name) throws DecodeFailure {
    for (ExecutionStatus status : ExecutionStatus.values()) {
      if (status.name().equals(name)) return status;
    }
    throw new DecodeFailure("field 'status' must be one of " + Arrays.toString(ExecutionStatus.values())
        + ", was '" + JsonFields.abbreviate(name) + "'");
  }

  private static ExecutionError error(JsonNode e) throws DecodeFailure {
    requireObject(e);
    return ExecutionError.newBuilder()
        .setCode(JsonFields.requiredText(e, "code"))
        .setMessage(JsonFields.requiredText(e, "message"))
        .setNode(JsonFields.optionalText(e, "node"))
        .setModule(JsonFields.optionalText(e, "module"))
        .setLine(optionalInt(e, "line"))
        .setColumn(optionalInt(e, "column"))
        .build();
  }

  private static NodeTrace trace(JsonNode t) throws DecodeFailure {
    requireObject(t);
    return NodeTrace.newBuilder()
        .setName(JsonFields.requiredText(t, "name"))
        .setModule(JsonFields.optionalText(t, "module"))
        .setStatus(JsonFields.requiredText(t, "status"))
        .setStart(JsonFields.requiredInstant(t, "start"))
        .setDurationMicros(JsonFields.requiredLong(t, "durationMicros"))
        .setAttempts(JsonFields.integer(t, "attempts", 0, 0, Integer.MAX_VALUE))
        .setCacheHit(JsonFields.bool(t, "cacheHit", false))
        .setError(JsonFields.optionalText(t, "error"))
        .build();
  }

  private static String warning(JsonNode w) throws DecodeFailure {
    if (!w.isTextual()) throw new DecodeFailure("must be a string, was " + JsonFields.kind(w));
    return w.textValue();
  }

  private static Integer optionalInt(JsonNode object, String name) throws DecodeFailure {
    return JsonFields.field(object, name) == null
        ? null : JsonFields.integer(object, name, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  private interface ItemReader<T> {
    T read(JsonNode item) throws DecodeFailure;
  }

  private static <T> List<T> list(JsonNode root, String name, ItemReader<T> reader) throws DecodeFailure {
    JsonNode array = JsonFields.field(root, name);
    List<T> out = new ArrayList<>();
    if (array == null) return out;
    if (!array.isArray()) throw new DecodeFailure("field '" + name + "' must be an array, was " + JsonFields.kind(array));
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      try {
        out.add(reader.read(item));
      } catch (DecodeFailure e) {
        throw e.within(name + "[" + i + "]");
      }
    }
    return out;
  }

  private static String inputs(JsonNode root) throws DecodeFailure {
    JsonNode inputs = JsonFields.field(root, "inputs");
    if (inputs == null || inputs.isNull()) return null;
    if (!inputs.isObject()) {
      throw new DecodeFailure("field 'inputs' must be a JSON object, was " + JsonFields.kind(inputs));
    }
    return BoundedJson.canonical(inputs, "field 'inputs'");
  }

  private static void requireObject(JsonNode item) throws DecodeFailure {
    if (!item.isObject()) throw new DecodeFailure("must be an object, was " + JsonFields.kind(item));
  }

  private JsonNode parsed(String text, String what) {
    try {
      return json.parse(text, what);
    } catch (DecodeFailure e) {
      // Never expected from a worker; keep the text visible rather than failing the whole conversion.
      return JsonNodeFactory.instance.textNode(text);
    }
  }

  private static void putInstant(ObjectNode out, String name, Instant value) {
    if (value == null) {
      out.putNull(name);
    } else {
      out.put(name, value.toString());
    }
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
