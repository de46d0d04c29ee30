package io.constellation.worker.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Diagnostic;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.spi.NodeTrace;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ExecutionResult} record of every outcome: COMPLETED / FAILED from the engine's result, REJECTED
 * for compile errors and rejected inputs, EXPIRED for a passed deadline, FAILED with {@code INTERNAL_ERROR} when
 * the worker itself failed. Every result carries the request's identity fields (executionId, attempt, replayOf,
 * metadata), this node's id and the {@link Timing}; {@code fromCache} is true only for execution cache hits.
 *
 * <p>Thread-safety: immutable.
 */
public final class ResultFactory {
  /** Error code of an execution whose deadline passed before it started. */
  public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
  /** Error code of a worker failure (a bug, never the user's input). */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
  /** Error code of inputs that are not a JSON object. */
  public static final String INPUT_VALIDATION = "INPUT_VALIDATION";

  private final String nodeId;

  public ResultFactory(String nodeId) {
    this.nodeId = nodeId;
  }

  /** The engine ran: COMPLETED, FAILED, or REJECTED when it rejected the inputs. */
  public ExecutionResult executed(ExecutionRequest request, CompiledPipeline pipeline, List<String> warnings,
      io.constellation.engine.runtime.ExecutionResult outcome, List<NodeTrace> traces, Timing timing) {
    ExecutionStatus status = outcome.completed() ? ExecutionStatus.COMPLETED
        : outcome.inputsRejected() ? ExecutionStatus.REJECTED : ExecutionStatus.FAILED;
    List<ExecutionError> errors = new ArrayList<>();
    for (io.constellation.engine.runtime.ExecutionError e : outcome.errors()) {
      errors.add(new ExecutionError(e.code(), e.message(), e.node(), e.module(), position(e.line()),
          position(e.column())));
    }
    List<io.constellation.schemas.avro.NodeTrace> trace = new ArrayList<>(traces.size());
    for (NodeTrace t : traces) trace.add(trace(t));
    return base(request, status, timing)
        .setOutputs(canonicalObject(outcome.outputs()))
        .setErrors(errors)
        .setWarnings(List.copyOf(warnings))
        .setTrace(trace)
        .setSourceHash(pipeline.sourceHash())
        .setStructuralHash(pipeline.structuralHash())
        .build();
  }

  /**
   * An execution answered from the execution cache without running: the cached status, outputs and warnings,
   * {@code fromCache} true, this node's id, no trace.
   */
  public ExecutionResult fromCache(ExecutionRequest request, CompiledPipeline pipeline, ExecutionCache.Cached cached,
      List<String> warnings, Timing timing) {
    List<String> all = new ArrayList<>(cached.warnings());
    all.addAll(warnings);
    return base(request, cached.status(), timing)
        .setOutputs(cached.outputs())
        .setWarnings(List.copyOf(all))
        .setSourceHash(pipeline.sourceHash())
        .setStructuralHash(pipeline.structuralHash())
        .setFromCache(true)
        .build();
  }

  /** The source did not compile: REJECTED with every compile error at its line and column. */
  public ExecutionResult rejected(ExecutionRequest request, CompileResult compiled, Timing timing) {
    List<ExecutionError> errors = new ArrayList<>();
    for (Diagnostic d : compiled.errors()) {
      errors.add(new ExecutionError(d.code() == null ? "E000" : d.code(), d.message(), null, null,
          position(d.line()), position(d.column())));
    }
    return base(request, ExecutionStatus.REJECTED, timing)
        .setErrors(errors)
        .setWarnings(warnings(compiled))
        .setSourceHash(compiled.sourceHash())
        .build();
  }

  /** The inputs are not a JSON object (the engine never saw them): REJECTED with INPUT_VALIDATION. */
  public ExecutionResult inputsUnreadable(ExecutionRequest request, CompiledPipeline pipeline, String problem,
      Timing timing) {
    ExecutionError error = new ExecutionError(INPUT_VALIDATION, problem, null, null, null, null);
    return base(request, ExecutionStatus.REJECTED, timing)
        .setInputs(null)
        .setErrors(List.of(error))
        .setSourceHash(pipeline.sourceHash())
        .setStructuralHash(pipeline.structuralHash())
        .build();
  }

  /** The deadline passed before the execution started: EXPIRED, nothing ran. */
  public ExecutionResult expired(ExecutionRequest request, Timing timing) {
    Instant now = timing.completedAt();
    String message = "deadline " + request.getDeadline() + " passed before the execution started"
        + (now == null ? "" : " (at " + now + ")");
    return base(request, ExecutionStatus.EXPIRED, timing)
        .setErrors(List.of(new ExecutionError(DEADLINE_EXCEEDED, message, null, null, null, null)))
        .build();
  }

  /** The worker failed while handling the request: FAILED with INTERNAL_ERROR naming the exception. */
  public ExecutionResult internalError(ExecutionRequest request, Throwable failure, Timing timing) {
    String message = "worker " + nodeId + " failed while executing: " + failure;
    return base(request, ExecutionStatus.FAILED, timing)
        .setErrors(List.of(new ExecutionError(INTERNAL_ERROR, message, null, null, null, null)))
        .build();
  }

  /** The compile warnings rendered as {@code warning <line>:<column>: <message>}. */
  public static List<String> warnings(CompileResult compiled) {
    List<String> out = new ArrayList<>(compiled.warnings().size());
    for (Diagnostic w : compiled.warnings()) out.add("warning " + w.line() + ":" + w.column() + ": " + w.message());
    return out;
  }

  private ExecutionResult.Builder base(ExecutionRequest request, ExecutionStatus status, Timing timing) {
    return ExecutionResult.newBuilder()
        .setExecutionId(request.getExecutionId())
        .setStatus(status)
        .setOutputs("{}")
        .setErrors(List.of())
        .setWarnings(List.of())
        .setTrace(List.of())
        .setNodeId(nodeId)
        .setQueuedAt(timing.queuedAt())
        .setStartedAt(timing.startedAt())
        .setCompletedAt(timing.completedAt())
        .setAttempt(request.getAttempt())
        .setReplayOf(request.getReplayOf())
        .setSourceHash(null)
        .setStructuralHash(null)
        .setMetadata(request.getMetadata() == null ? new HashMap<>() : new HashMap<>(request.getMetadata()))
        .setSource(request.getSource())
        .setInputs(request.getInputs())
        .setFromCache(false); // every field set: build() then copies no schema default
  }

  private static io.constellation.schemas.avro.NodeTrace trace(NodeTrace t) {
    return io.constellation.schemas.avro.NodeTrace.newBuilder()
        .setName(t.label() != null ? t.label() : String.valueOf(t.nodeId()))
        .setModule(t.module())
        .setStatus(t.outcome().name())
        .setStart(t.start())
        .setDurationMicros(t.duration().toNanos() / 1_000)
        .setAttempts(t.attempts())
        .setCacheHit(t.cacheHit())
        .setError(t.error())
        .build();
  }

  private static String canonicalObject(Map<String, JsonNode> outputs) {
    Map<String, String> canonical = new LinkedHashMap<>();
    outputs.forEach((name, value) -> canonical.put(name, canonical(value)));
    return CanonicalJson.object(canonical);
  }

  /** {@link CanonicalJson#write}, which writes an int or a long through a BigInteger; the digits are the same. */
  private static String canonical(JsonNode value) {
    return value.isInt() || value.isLong() ? Long.toString(value.longValue()) : CanonicalJson.write(value);
  }

  /** The engine uses 0 for an unknown line or column; the result schema uses null. */
  private static Integer position(int lineOrColumn) {
    return lineOrColumn > 0 ? lineOrColumn : null;
  }
}
