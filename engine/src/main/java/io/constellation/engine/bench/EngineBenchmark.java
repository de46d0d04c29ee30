package io.constellation.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.ExecutionOptions;
import io.constellation.engine.runtime.ExecutionResult;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.ModuleRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Measures the engine through its public facade only ({@link Compiler#compile} and {@link PipelineRuntime}):
 *
 * <ul>
 *   <li>median full-compile time of generated 10-, 100- and 1000-node pipelines (chains of stdlib calls and
 *       arithmetic); larger pipelines get proportionally fewer measured runs ({@code max(1, runs * 10 / nodes)}) but the
 *       full warm-up, since the JIT needs as many calls whatever the size;
 *   <li>runtime overhead per node: (median execution of a chain of 100 {@code stdlib.identity} calls minus the
 *       median execution of an empty pipeline) / 100;
 *   <li>precompiled executions per second of the {@code text_wordcount} pipeline (Uppercase, then WordCount),
 *       from one caller thread, and with {@link Counts#inFlight()} executions in flight so all cores work;
 *   <li>for a fixtures directory: for each {@code NAME.cst} with {@code NAME.inputs.json}, the mean compile and
 *       mean precompiled execute time.
 * </ul>
 *
 * <p>Method (as for the original engine's figures in {@code bench-fixtures/README.md}): each measurement runs
 * {@link Counts#rounds()} rounds of {@link Counts#warmupRuns()} untimed runs and {@link Counts#measuredRuns()}
 * timed runs, and reports the last round. Every compile and execution is checked (a failure aborts the benchmark
 * with an {@link IllegalStateException}), which also keeps the JIT from discarding the work.
 *
 * <p>Thread-safety: an instance holds only settings; {@link #run} may be called from any thread, but concurrent
 * runs disturb each other's figures.
 */
public final class EngineBenchmark {
  /** Sizes, in DAG nodes, of the generated pipelines whose compile time is measured. */
  public static final List<Integer> COMPILE_SIZES = List.of(10, 100, 1000);

  /** Calls in the chain whose execution time gives the per-node overhead. */
  static final int OVERHEAD_CHAIN = 100;

  private static final String SAMPLE_TEXT = "Hello constellation world";

  private final Counts counts;
  private final LongSupplier nanoTime;

  /**
   * How much work each measurement does.
   *
   * @param rounds rounds per measurement, the last one reported (>= 1)
   * @param warmupRuns untimed runs per round (>= 0)
   * @param measuredRuns timed runs per round (>= 1)
   * @param inFlight executions kept in flight for the all-cores throughput (>= 1)
   */
  public record Counts(int rounds, int warmupRuns, int measuredRuns, int inFlight) {
    public Counts {
      if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
      if (warmupRuns < 0) throw new IllegalArgumentException("warmupRuns must be >= 0, was " + warmupRuns);
      if (measuredRuns < 1) throw new IllegalArgumentException("measuredRuns must be >= 1, was " + measuredRuns);
      if (inFlight < 1) throw new IllegalArgumentException("inFlight must be >= 1, was " + inFlight);
    }
  }

  private EngineBenchmark(Counts counts, LongSupplier nanoTime) {
    this.counts = counts;
    this.nanoTime = nanoTime;
  }

  /** The method of the original figures: 2 rounds of 2,000 warm-up + 5,000 measured runs, 64 in flight. */
  public static EngineBenchmark standard() {
    return of(new Counts(2, 2_000, 5_000, 64));
  }

  /** A rough figure in seconds: 1 round of 200 warm-up + 500 measured runs, 64 in flight. */
  public static EngineBenchmark quick() {
    return of(new Counts(1, 200, 500, 64));
  }

  public static EngineBenchmark of(Counts counts) {
    return new EngineBenchmark(counts, System::nanoTime);
  }

  /** The same settings timed on another clock (tests). */
  public EngineBenchmark withClock(LongSupplier nanoTime) {
    return new EngineBenchmark(counts, nanoTime);
  }

  public Counts counts() {
    return counts;
  }

  /**
   * Runs every measurement; {@code fixturesDirectory} may be null (no fixture figures).
   *
   * @throws IllegalStateException when a pipeline does not compile or an execution does not complete
   * @throws java.io.UncheckedIOException when the fixtures cannot be read
   */
  public EngineBenchmarkReport run(Path fixturesDirectory) {
    ModuleRegistry modules = ModuleRegistry.standard();
    Compiler compiler = Compiler.create(modules);
    Stopwatch stopwatch = new Stopwatch(nanoTime);
    try (PipelineRuntime runtime = PipelineRuntime.builder(modules).build()) {
      Map<Integer, Double> compileMedians = new LinkedHashMap<>();
      for (int size : COMPILE_SIZES) {
        String source = GeneratedPipelines.arithmeticChain(size);
        int scale = Math.max(1, size / 10);
        compileMedians.put(size, Stopwatch.medianMicros(stopwatch.sample(counts.rounds(),
            counts.warmupRuns(), Math.max(1, counts.measuredRuns() / scale),
            () -> compile(compiler, source, size + "-node chain"))));
      }
      double overhead = perNodeOverhead(stopwatch, compiler, runtime);
      CompiledPipeline wordCount = compile(compiler, GeneratedPipelines.WORD_COUNT, "text_wordcount");
      Map<String, JsonNode> text = Map.of("text", TextNode.valueOf(SAMPLE_TEXT));
      long oneThread = stopwatch.elapsed(counts.rounds(), counts.warmupRuns(), counts.measuredRuns(),
          n -> { for (int i = 0; i < n; i++) check(runtime.execute(wordCount, text), "text_wordcount"); });
      long allCores = stopwatch.elapsed(counts.rounds(), counts.warmupRuns(), counts.measuredRuns(),
          n -> executeInFlight(runtime, wordCount, text, n));
      Optional<Map<String, EngineBenchmarkReport.FixtureFigures>> fixtures = fixturesDirectory == null
          ? Optional.empty() : Optional.of(fixtures(stopwatch, compiler, runtime, Fixture.load(fixturesDirectory)));
      return new EngineBenchmarkReport(compileMedians, overhead, perSecond(counts.measuredRuns(), oneThread),
          perSecond(counts.measuredRuns(), allCores), fixtures);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("benchmark interrupted or failed: " + e, e);
    }
  }

  /** Same as {@code run(null)}. */
  public EngineBenchmarkReport run() {
    return run(null);
  }

  private double perNodeOverhead(Stopwatch stopwatch, Compiler compiler, PipelineRuntime runtime)
      throws Exception {
    Map<String, JsonNode> text = Map.of("text", TextNode.valueOf(SAMPLE_TEXT));
    CompiledPipeline empty = compile(compiler, GeneratedPipelines.EMPTY, "empty pipeline");
    CompiledPipeline chain = compile(compiler, GeneratedPipelines.identityChain(OVERHEAD_CHAIN), "identity chain");
    double emptyMicros = Stopwatch.medianMicros(stopwatch.sample(counts.rounds(), counts.warmupRuns(),
        counts.measuredRuns(), () -> check(runtime.execute(empty, text), "empty pipeline")));
    double chainMicros = Stopwatch.medianMicros(stopwatch.sample(counts.rounds(), counts.warmupRuns(),
        counts.measuredRuns(), () -> check(runtime.execute(chain, text), "identity chain")));
    return Math.max(0.0, (chainMicros - emptyMicros) / OVERHEAD_CHAIN);
  }

  private Map<String, EngineBenchmarkReport.FixtureFigures> fixtures(Stopwatch stopwatch, Compiler compiler,
      PipelineRuntime runtime, List<Fixture> fixtures) throws Exception {
    Map<String, EngineBenchmarkReport.FixtureFigures> figures = new LinkedHashMap<>();
    for (Fixture fixture : fixtures) {
      double compileMean = Stopwatch.meanMicros(stopwatch.sample(counts.rounds(), counts.warmupRuns(),
          counts.measuredRuns(), () -> compile(compiler, fixture.source(), fixture.name())));
      CompiledPipeline pipeline = compile(compiler, fixture.source(), fixture.name());
      double executeMean = Stopwatch.meanMicros(stopwatch.sample(counts.rounds(), counts.warmupRuns(),
          counts.measuredRuns(), () -> check(runtime.execute(pipeline, fixture.inputs()), fixture.name())));
      figures.put(fixture.name(), new EngineBenchmarkReport.FixtureFigures(compileMean, executeMean));
    }
    return figures;
  }

  /** Runs {@code n} executions keeping at most {@code inFlight} outstanding; returns when all have finished. */
  private void executeInFlight(PipelineRuntime runtime, CompiledPipeline pipeline, Map<String, JsonNode> inputs,
      int n) throws InterruptedException {
    Semaphore permits = new Semaphore(counts.inFlight());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < n && failure.get() == null; i++) {
      permits.acquire();
      CompletableFuture<ExecutionResult> execution;
      try {
        execution = runtime.executeAsync(pipeline, inputs, ExecutionOptions.none());
      } catch (RuntimeException e) {
        permits.release();
        throw e;
      }
      execution.whenComplete((result, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else if (!result.completed()) {
          failure.compareAndSet(null, new IllegalStateException(describe("text_wordcount", result)));
        }
        permits.release();
      });
    }
    permits.acquire(counts.inFlight());   // every execution has released its permit
    Throwable error = failure.get();
    if (error != null) {
      Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
          ? error.getCause() : error;
      throw new IllegalStateException("text_wordcount failed with many in flight: " + cause, cause);
    }
  }

  private static CompiledPipeline compile(Compiler compiler, String source, String what) {
    CompileResult result = compiler.compile(source);
    if (!result.ok()) throw new IllegalStateException(what + " does not compile: " + result.errors());
    return result.get();
  }

  private static void check(ExecutionResult result, String what) {
    if (!result.completed()) throw new IllegalStateException(describe(what, result));
  }

  private static String describe(String what, ExecutionResult result) {
    return what + " did not complete: " + result.errors();
  }

  private static double perSecond(int executions, long elapsedNanos) {
    return executions * 1e9 / elapsedNanos;
  }

  /** Inputs of the generated arithmetic chains, should a caller want to execute them too. */
  static Map<String, JsonNode> chainInputs() {
    return Map.of("x", IntNode.valueOf(3));
  }
}
