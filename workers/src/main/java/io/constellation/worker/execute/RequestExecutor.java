package io.constellation.worker.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.ExecutionOptions;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.CacheRegistry;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.worker.state.CacheStats;
import io.constellation.worker.state.CompilationStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one request to its result: deadline check, compile (through a {@link PipelineCompiler} cache), input decoding,
 * the execution cache when the request sets {@code cacheTtlMs} (a hit answers without running),
 * execution on the shared {@link PipelineRuntime} with the time left until the deadline and a per-execution trace
 * collector, then the result record. Every outcome is a result; a worker bug comes back as FAILED with
 * {@code INTERNAL_ERROR} rather than as an exception, so the record's offset can always be committed.
 *
 * <p>Thread-safety: safe for concurrent use (called from many scheduler threads at once).
 */
public final class RequestExecutor {
  /** Traces kept per result; a pipeline with more nodes keeps the first ones. */
  static final int MAX_TRACES = 2_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PipelineCompiler compilations;
  private final ExecutionCache executionCache;
  private final PipelineRuntime runtime;
  private final ResultFactory results;
  private final InstantSource clock;

  /**
   * A node-local executor, as a worker without Redis has: compilations through an in-memory compilation store,
   * an in-memory execution cache.
   */
  public static RequestExecutor nodeLocal(Compiler compiler, PipelineRuntime runtime, ResultFactory results,
      InstantSource clock) {
    CacheBackend compiled = CacheBackend.inMemory(CompilationStore.NEAR_ENTRIES, clock);
    PipelineCompiler compilations = new SharedCompilations(compiler,
        new CompilationStore(compiled, CacheStats.detached(), clock));
    ExecutionCache executions = new ExecutionCache(CacheBackend.inMemory(CacheRegistry.DEFAULT_CAPACITY, clock));
    return new RequestExecutor(compilations, executions, runtime, results, clock);
  }

  /**
   * @param compilations   where compiled pipelines come from (a cache)
   * @param executionCache answers requests that set {@code cacheTtlMs} without running, when it can
   */
  public RequestExecutor(PipelineCompiler compilations, ExecutionCache executionCache, PipelineRuntime runtime,
      ResultFactory results, InstantSource clock) {
    this.compilations = Objects.requireNonNull(compilations, "compilations");
    this.executionCache = Objects.requireNonNull(executionCache, "executionCache");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.results = Objects.requireNonNull(results, "results");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** True when the request's deadline is set and not after {@code now}. */
  public static boolean isExpired(ExecutionRequest request, Instant now) {
    Instant deadline = request.getDeadline();
    return deadline != null && !deadline.isAfter(now);
  }

  /** The EXPIRED result of a request that never ran (answered at intake). */
  public ExecutionResult expired(ExecutionRequest request, Instant queuedAt) {
    Instant now = clock.instant();
    return results.expired(request, new Timing(queuedAt, null, now));
  }

  /** The FAILED result of a request the worker itself failed on (a bug); see {@link ResultFactory#internalError}. */
  public ExecutionResult internalError(ExecutionRequest request, Instant queuedAt, Throwable failure) {
    return results.internalError(request, failure, new Timing(queuedAt, null, clock.instant()));
  }

  /**
   * Executes {@code request} and returns its result; never throws for anything in the request.
   *
   * @param queuedAt when the request was enqueued (its submittedAt, else the record timestamp), nullable
   */
  public ExecutionResult execute(ExecutionRequest request, Instant queuedAt) {
    return execute(request, null, queuedAt);
  }

  /**
   * As {@link #execute(ExecutionRequest, Instant)}, taking the inputs as {@link io.constellation.schemas.RequestCodec}
   * parsed them while decoding, so their text is not parsed a second time.
   *
   * @param inputs what parsing {@code request.getInputs()} gives (read, never modified), or null to parse that text
   */
  public ExecutionResult execute(ExecutionRequest request, ObjectNode inputs, Instant queuedAt) {
    Instant startedAt = clock.instant();
    if (isExpired(request, startedAt)) return results.expired(request, new Timing(queuedAt, null, startedAt));
    try {
      return run(request, inputs, queuedAt, startedAt);
    } catch (RuntimeException e) {
      return results.internalError(request, e, new Timing(queuedAt, startedAt, clock.instant()));
    }
  }

  private ExecutionResult run(ExecutionRequest request, ObjectNode parsedInputs, Instant queuedAt,
      Instant startedAt) {
    CompileResult compiled = compilations.compile(request.getSource());
    if (!compiled.ok()) return results.rejected(request, compiled, new Timing(queuedAt, startedAt, clock.instant()));
    CompiledPipeline pipeline = compiled.get();
    Map<String, JsonNode> inputs;
    try {
      inputs = parsedInputs != null ? fields(parsedInputs) : inputs(request.getInputs());
    } catch (IllegalArgumentException e) {
      return results.inputsUnreadable(request, pipeline, e.getMessage(),
          new Timing(queuedAt, startedAt, clock.instant()));
    }
    List<String> cacheWarnings = new ArrayList<>(1);
    Duration cacheTtl = cacheTtl(request.getCacheTtlMs(), cacheWarnings);
    Optional<String> cacheKey = cacheTtl == null ? Optional.empty() : ExecutionCache.keyOf(pipeline, inputs);
    if (cacheKey.isPresent()) {
      Optional<ExecutionCache.Cached> hit = executionCache.find(cacheKey.get());
      if (hit.isPresent()) {
        return results.fromCache(request, pipeline, hit.get(), cacheWarnings,
            new Timing(queuedAt, startedAt, clock.instant()));
      }
    }
    ExecutionOptions options = ExecutionOptions.none();
    if (request.getDeadline() != null) {
      Duration left = Duration.between(clock.instant(), request.getDeadline());
      // compiling may have used the last of the budget: still EXPIRED, never a zero deadline (the engine rejects it)
      if (!left.isPositive()) return results.expired(request, new Timing(queuedAt, startedAt, clock.instant()));
      options = ExecutionOptions.withDeadline(left);
    }
    TraceCollector traces = new TraceCollector(MAX_TRACES);
    io.constellation.engine.runtime.ExecutionResult outcome =
        runtime.execute(pipeline, inputs, options.withListener(traces));
    List<String> warnings = new ArrayList<>(ResultFactory.warnings(compiled));
    if (traces.dropped() > 0) warnings.add("trace truncated: " + traces.dropped() + " node traces not kept");
    ExecutionResult result = results.executed(request, pipeline, warnings, outcome, traces.traces(),
        new Timing(queuedAt, startedAt, clock.instant()));
    if (cacheKey.isPresent()) executionCache.store(cacheKey.get(), result, cacheTtl);
    if (cacheWarnings.isEmpty()) return result;
    List<String> all = new ArrayList<>(result.getWarnings());
    all.addAll(cacheWarnings);
    result.setWarnings(all);
    return result;
  }

  /**
   * The execution cache TTL a request asks for, or null for none. A TTL that is not positive turns the cache off,
   * and one over {@link ExecutionCache#MAX_TTL} is capped; both say so in a warning rather than fail the request.
   */
  static Duration cacheTtl(Long cacheTtlMs, List<String> warnings) {
    if (cacheTtlMs == null) return null;
    if (cacheTtlMs <= 0) {
      warnings.add("cacheTtlMs " + cacheTtlMs + " ignored: it must be positive; the execution cache was not used");
      return null;
    }
    if (cacheTtlMs > ExecutionCache.MAX_TTL.toMillis()) {
      warnings.add("cacheTtlMs " + cacheTtlMs + " capped at " + ExecutionCache.MAX_TTL.toMillis());
      return ExecutionCache.MAX_TTL;
    }
    return Duration.ofMillis(cacheTtlMs);
  }

  /** Parses the request's inputs, which must be a JSON object; the message says what is wrong. */
  static Map<String, JsonNode> inputs(String text) {
    if (text == null || text.isBlank()) return Map.of();
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("inputs are not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("inputs must be a JSON object, was "
          + (tree == null ? "empty" : tree.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    return fields(tree);
  }

  private static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) out.put(field.getKey(), field.getValue());
    return out;
  }
}
