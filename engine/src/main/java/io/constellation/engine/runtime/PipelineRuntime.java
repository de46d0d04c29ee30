package io.constellation.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.spi.CacheRegistry;
import io.constellation.engine.spi.CircuitBreakerRegistry;
import io.constellation.engine.spi.ExecutionListener;
import io.constellation.engine.spi.FunctionSignature;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.spi.ModuleScheduler;
import io.constellation.engine.spi.RateLimiterRegistry;
import io.constellation.engine.spi.Sleeper;
import io.constellation.engine.value.InputValidator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Executes compiled pipelines (LANGUAGE.md 7.2, 8, 9): validates and decodes the inputs, evaluates the DAG on
 * demand from the outputs, applies every call's options, and returns the outputs as canonical JSON with every
 * error.
 *
 * <pre>{@code
 * try (PipelineRuntime runtime = PipelineRuntime.builder(ModuleRegistry.standard()).build()) {
 *   ExecutionResult result = runtime.execute(pipeline, Map.of("text", TextNode.valueOf("hello world")));
 * }
 * }</pre>
 *
 * <p>Pure nodes and engine stdlib calls are evaluated on the calling thread; other module calls run on the
 * executor (by default a virtual-thread-per-task executor owned by the runtime and closed with it). Per-DAG
 * preparation is done once and cached by DAG identity.
 *
 * <p>Thread-safety: a runtime is safe to share; {@link #execute} may be called from many threads at once.
 */
public final class PipelineRuntime implements AutoCloseable {
  private static final int PLAN_CACHE_LIMIT = 1_024;

  private record CachedPlan(Dag dag, Plan plan) {}

  /** Identity key: DAG records hash their whole graph, so plans are looked up by reference. */
  private record DagKey(Dag dag) {
    @Override
    public boolean equals(Object other) {
      return other instanceof DagKey key && key.dag == dag;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(dag);
    }
  }

  private final ModuleRegistry modules;
  private final Map<String, FunctionSignature> signaturesByModule;
  private final Services services;
  private final CallRunner calls;
  private final ExecutorService ownedExecutor;
  private final ConcurrentHashMap<DagKey, Plan> plans = new ConcurrentHashMap<>();
  private volatile CachedPlan lastPlan;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PipelineRuntime(Builder builder) {
    this.modules = builder.modules;
    Map<String, FunctionSignature> byModule = new HashMap<>();
    for (FunctionSignature signature : modules.signatures()) byModule.putIfAbsent(signature.module(), signature);
    this.signaturesByModule = Map.copyOf(byModule);
    InstantSource clock = builder.clock == null ? InstantSource.system() : builder.clock;
    Sleeper sleeper = builder.sleeper == null ? Sleeper.system() : builder.sleeper;
    this.ownedExecutor = builder.executor == null ? Executors.newVirtualThreadPerTaskExecutor() : null;
    this.services = new Services(
        builder.executor == null ? ownedExecutor : builder.executor,
        clock,
        sleeper,
        builder.caches == null ? CacheRegistry.inMemory(clock) : builder.caches,
        builder.breakers == null ? CircuitBreakerRegistry.local(clock) : builder.breakers,
        builder.limiters == null ? RateLimiterRegistry.local(clock, sleeper) : builder.limiters,
        builder.listener == null ? ExecutionListener.noop() : builder.listener,
        builder.scheduler == null ? ModuleScheduler.unbounded() : builder.scheduler);
    this.calls = new CallRunner(services);
  }

  /** A builder over {@code modules}; every other setting is optional. */
  public static Builder builder(ModuleRegistry modules) {
    return new Builder(modules);
  }

  public ExecutionResult execute(CompiledPipeline pipeline, Map<String, JsonNode> inputs) {
    return execute(pipeline, inputs, ExecutionOptions.none());
  }

  /**
   * Executes {@code pipeline} and waits for its result. Never throws for bad inputs or failing modules: those are
   * errors in the result.
   *
   * @throws IllegalStateException when the runtime is closed
   */
  public ExecutionResult execute(CompiledPipeline pipeline, Map<String, JsonNode> inputs, ExecutionOptions options) {
    Started started = start(pipeline, inputs, options);
    if (started.rejected != null) return started.rejected;
    CompletableFuture<Void> outputs = started.outputs;
    Duration deadline = options.deadline();
    if (!outputs.isDone()) {
      boolean interrupted = false;
      try {
        if (deadline == null) {
          outputs.get();
        } else {
          long remaining = deadline.toNanos() - (System.nanoTime() - started.startNanos);
          outputs.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        }
      } catch (TimeoutException e) {
        started.execution.expire(deadline);
      } catch (InterruptedException e) {
        interrupted = true;
        started.execution.expire(deadline == null ? Duration.ofNanos(System.nanoTime() - started.startNanos)
            : deadline);
      } catch (ExecutionException e) {
        // outputs never fail as a whole: each output's own outcome is read below
      }
      outputs.join();
      if (interrupted) Thread.currentThread().interrupt();
    }
    return started.execution.finish(started.startInstant);
  }

  /** Starts {@code pipeline}; the future completes with the result (it never completes exceptionally). */
  public CompletableFuture<ExecutionResult> executeAsync(CompiledPipeline pipeline, Map<String, JsonNode> inputs,
      ExecutionOptions options) {
    Started started = start(pipeline, inputs, options);
    if (started.rejected != null) return CompletableFuture.completedFuture(started.rejected);
    Duration deadline = options.deadline();
    if (deadline != null && !started.outputs.isDone()) {
      long remaining = Math.max(0, deadline.toNanos() - (System.nanoTime() - started.startNanos));
      CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS, services.executor())
          .execute(() -> started.execution.expire(deadline));
    }
    return started.outputs.handle((ignored, error) -> started.execution.finish(started.startInstant));
  }

  private record Started(Execution execution, CompletableFuture<Void> outputs, ExecutionResult rejected,
      long startNanos, Instant startInstant) {}

  private Started start(CompiledPipeline pipeline, Map<String, JsonNode> inputs, ExecutionOptions options) {
    if (closed.get()) throw new IllegalStateException("runtime is closed");
    Objects.requireNonNull(options, "options");
    long startNanos = System.nanoTime();
    Instant startInstant = services.clock().instant();
    Dag dag = pipeline.dag();
    Plan plan = plan(dag);
    InputValidator.Validated validated = InputValidator.validate(dag.inputsInDeclarationOrder(), inputs);
    if (!validated.ok()) {
      List<ExecutionError> errors = new ArrayList<>();
      for (InputValidator.Problem problem : validated.problems()) {
        errors.add(new ExecutionError(problem.input(), "INPUT_VALIDATION", problem.message(), null, 0, 0));
      }
      ExecutionResult rejected = new ExecutionResult(ExecutionResult.Status.FAILED, true, Map.of(), errors,
          Duration.between(startInstant, services.clock().instant()));
      return new Started(null, null, rejected, startNanos, startInstant);
    }
    Execution execution = new Execution(services, calls, plan, validated.values(), options.listener());
    return new Started(execution, execution.start(), null, startNanos, startInstant);
  }

  private Plan plan(Dag dag) {
    CachedPlan last = lastPlan;
    if (last != null && last.dag == dag) return last.plan;
    DagKey key = new DagKey(dag);
    Plan plan = plans.get(key);
    if (plan == null) {
      if (plans.size() >= PLAN_CACHE_LIMIT) plans.clear(); // crude bound: plans are cheap to rebuild
      plan = plans.computeIfAbsent(key, k -> new Plan(dag, modules, signaturesByModule));
    }
    lastPlan = new CachedPlan(dag, plan);
    return plan;
  }

  /** Stops the owned executor, interrupting module work still running. A second close is a no-op. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) return;
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
      try {
        ownedExecutor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Configures a {@link PipelineRuntime}; unset collaborators get the documented defaults. */
  public static final class Builder {
    private final ModuleRegistry modules;
    private Executor executor;
    private InstantSource clock;
    private Sleeper sleeper;
    private CacheRegistry caches;
    private CircuitBreakerRegistry breakers;
    private RateLimiterRegistry limiters;
    private ExecutionListener listener;
    private ModuleScheduler scheduler;

    private Builder(ModuleRegistry modules) {
      this.modules = Objects.requireNonNull(modules, "modules");
    }

    /** Runs module invocations; default: a virtual-thread-per-task executor owned by the runtime. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The clock for durations, cache expiry, breakers and throttles; default: the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Retry delays and throttle waits; default: real sleeping. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Default: an in-memory registry on the runtime's clock. */
    public Builder cacheBackends(CacheRegistry caches) {
      this.caches = Objects.requireNonNull(caches, "caches");
      return this;
    }

    /** Default: {@link CircuitBreakerRegistry#local(InstantSource)} on the runtime's clock. */
    public Builder circuitBreakers(CircuitBreakerRegistry breakers) {
      this.breakers = Objects.requireNonNull(breakers, "breakers");
      return this;
    }

    /** Default: {@link RateLimiterRegistry#local(InstantSource, Sleeper)} on the runtime's clock and sleeper. */
    public Builder rateLimiters(RateLimiterRegistry limiters) {
      this.limiters = Objects.requireNonNull(limiters, "limiters");
      return this;
    }

    /** Default: {@link ExecutionListener#noop()}. */
    public Builder listener(ExecutionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Default: {@link ModuleScheduler#unbounded()}. */
    public Builder scheduler(ModuleScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    public PipelineRuntime build() {
      return new PipelineRuntime(this);
    }
  }
}
