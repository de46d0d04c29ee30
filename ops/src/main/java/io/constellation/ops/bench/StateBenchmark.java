package io.constellation.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.ExecutionOptions;
import io.constellation.engine.runtime.ExecutionResult;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.CacheRegistry;
import io.constellation.engine.spi.CircuitBreakerConfig;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.submitter.Requests;
import io.constellation.testkit.EmbeddedKafka;
import io.constellation.testkit.EmbeddedRedis;
import io.constellation.worker.resilience.DistributedCircuitBreakers;
import io.constellation.worker.state.CacheStats;
import io.constellation.worker.state.CompilationStore;
import io.constellation.worker.state.RedisCacheBackend;
import io.constellation.worker.state.RedisState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The figures of issue 4 ({@code constellation bench state}): on an embedded Redis, the latency a Redis cache hit
 * adds to a module call, the cost of the distributed breaker's decision, the compile-cache hit rate of three nodes
 * sharing one Redis; then, on an embedded broker with one worker JVM, no-op throughput with Redis off and on.
 * Every measurement is preceded by a warm-up; latencies are percentiles, per-call costs medians of rounds.
 *
 * <p>Thread-safety: not thread-safe; one thread runs a benchmark. Every Redis client, runtime and embedded
 * service it starts is closed before the method that started it returns.
 */
public final class StateBenchmark {
  static final String CACHED = "in x: String\ny = Uppercase(x) with cache: 10min\nout y\n";
  static final String UNCACHED = "in x: String\ny = Uppercase(x)\nout y\n";
  private static final String NOOP = "in x: Int\nout x\n";
  private static final int NODES = 3;
  private static final int NOOP_ROUNDS = 3;
  private static final SteadyState NOOP_STEADY = new SteadyState(12, NOOP_ROUNDS, 0.05);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);

  /**
   * How much work each piece does.
   *
   * @param cacheWarmup executions of each pipeline before measuring
   * @param cacheRuns measured executions of each pipeline
   * @param breakerCalls decisions per measured round (one more round warms up)
   * @param breakerRounds measured rounds; the median round is reported
   * @param pipelines distinct pipelines of the compile-cache workload
   * @param compileRequests compile requests, each on a random one of the three nodes
   * @param noopRequests no-op requests per round (three measured rounds per phase, after warm-up rounds of as many)
   * @param workerHeap JVM heap option of the worker
   * @param phaseTimeout bound on waiting for one round's results
   */
  public record Options(int cacheWarmup, int cacheRuns, int breakerCalls, int breakerRounds, int pipelines,
      int compileRequests, int noopRequests, String workerHeap, Duration phaseTimeout) {
    private static final int MAX_COUNT = 100_000_000;

    public Options {
      requireCount("cacheWarmup", cacheWarmup, 0);
      requireCount("cacheRuns", cacheRuns, 1);
      requireCount("breakerCalls", breakerCalls, 1);
      requireCount("breakerRounds", breakerRounds, 1);
      requireCount("pipelines", pipelines, 1);
      requireCount("compileRequests", compileRequests, 1);
      requireCount("noopRequests", noopRequests, 1);
      Objects.requireNonNull(workerHeap, "workerHeap");
      if (!workerHeap.matches("-Xmx[0-9]{1,6}[kmgKMG]?")) {
        throw new IllegalArgumentException("workerHeap must look like -Xmx512m, was '" + workerHeap + "'");
      }
      Objects.requireNonNull(phaseTimeout, "phaseTimeout");
      if (!phaseTimeout.isPositive()) throw new IllegalArgumentException("phaseTimeout must be positive");
    }

    public static Options standard() {
      return new Options(5_000, 20_000, 5_000_000, 5, 50, 3_000, 30_000, "-Xmx512m", Duration.ofMinutes(4));
    }

    public static Options quick() {
      return new Options(500, 2_000, 500_000, 3, 50, 600, 3_000, "-Xmx512m", Duration.ofMinutes(2));
    }

    private static void requireCount(String name, int value, int least) {
      if (value < least || value > MAX_COUNT) {
        throw new IllegalArgumentException(name + " must be in [" + least + ", " + MAX_COUNT + "], was " + value);
      }
    }
  }

  /** Figures of the three pieces that need only Redis (no broker, no worker JVM). */
  public record InProcessFigures(StateBenchmarkReport.CacheHit cacheHit, double breakerClosedNanos,
      double breakerOpenNanos, StateBenchmarkReport.CompileCache compileCache) {}

  private final Options options;
  private final PrintStream progress;
  private final InstantSource clock = InstantSource.system();

  public StateBenchmark(Options options, PrintStream progress) {
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Runs every piece: an embedded Redis for all, an embedded broker and one worker JVM per mode for the last. */
  public StateBenchmarkReport run() throws IOException, InterruptedException {
    progress.println("starting an embedded Redis");
    try (EmbeddedRedis redis = EmbeddedRedis.onFreePort().start()) {
      InProcessFigures figures = runInProcess(redis.url());
      double[] noop = noopThroughput(redis.url());
      return new StateBenchmarkReport(figures.cacheHit(), figures.breakerClosedNanos(), figures.breakerOpenNanos(),
          figures.compileCache(), noop[0], noop[1]);
    }
  }

  /** Pieces 1-3 against the Redis at {@code redisUrl}; keys are unique to this run, so old data does not count. */
  public InProcessFigures runInProcess(String redisUrl) throws InterruptedException {
    StateBenchmarkReport.CacheHit cacheHit = cacheHit(redisUrl);
    progress.printf("cache hit: p50 %.1f us, p99 %.1f us; without cache p50 %.1f us%n", cacheHit.hitP50Micros(),
        cacheHit.hitP99Micros(), cacheHit.baselineP50Micros());
    double[] breaker = breakerDecision(redisUrl);
    progress.printf("breaker decision: closed %.1f ns, open %.1f ns%n", breaker[0], breaker[1]);
    StateBenchmarkReport.CompileCache compile = compileCache(redisUrl);
    progress.printf("compile-cache hit rate (3 nodes): %.3f%n", compile.hitRate());
    return new InProcessFigures(cacheHit, breaker[0], breaker[1], compile);
  }

  /** Piece 1: the cached pipeline, all hits on a Redis backend, against the same pipeline without cache. */
  private StateBenchmarkReport.CacheHit cacheHit(String redisUrl) throws InterruptedException {
    ModuleRegistry modules = ModuleRegistry.standard();
    Compiler compiler = Compiler.create(modules);
    CompiledPipeline cached = compile(compiler, CACHED);
    CompiledPipeline uncached = compile(compiler, UNCACHED);
    // A value of this run only: an entry left by an earlier run on the same Redis must not make the fill a hit.
    Map<String, JsonNode> inputs = Map.of("x", TextNode.valueOf("state bench " + Phase.shortId()));
    try (RedisState redis = RedisState.connect(redisUrl, clock)) {
      requireAvailable(redis, redisUrl);
      RedisCacheBackend backend = new RedisCacheBackend(redis, CacheStats.detached(), clock);
      try (PipelineRuntime withRedis = PipelineRuntime.builder(modules)
              .cacheBackends(CacheRegistry.withDefault(backend, clock)).build();
           PipelineRuntime plain = PipelineRuntime.builder(modules).build()) {
        // Fill once; the write is asynchronous, so execute until a call is served from Redis.
        execute(withRedis, cached, inputs);
        awaitCondition("the cache entry to reach redis", () -> {
          execute(withRedis, cached, inputs);
          return backend.hits() > 0;
        });
        for (int i = 0; i < options.cacheWarmup(); i++) {
          execute(plain, uncached, inputs);
          execute(withRedis, cached, inputs);
        }
        long missesBefore = backend.misses();
        long errorsBefore = backend.errors();
        long[] hit = new long[options.cacheRuns()];
        long[] baseline = new long[options.cacheRuns()];
        // Interleaved, so both series see the same machine (GC, other load) over the run.
        for (int i = 0; i < options.cacheRuns(); i++) {
          baseline[i] = timed(plain, uncached, inputs);
          hit[i] = timed(withRedis, cached, inputs);
        }
        if (backend.misses() != missesBefore || backend.errors() != errorsBefore) {
          throw new IllegalStateException("not every measured call was a redis hit: "
              + (backend.misses() - missesBefore) + " misses, " + (backend.errors() - errorsBefore) + " errors");
        }
        Arrays.sort(hit);
        Arrays.sort(baseline);
        return new StateBenchmarkReport.CacheHit(micros(p50(hit)), micros(p99(hit)), micros(p50(baseline)),
            micros(p99(baseline)));
      }
    }
  }

  /** Piece 2: ns per {@code tryAcquirePermission} on a closed and on an open circuit. */
  private double[] breakerDecision(String redisUrl) throws InterruptedException {
    String closedModule = "bench.closed." + Phase.shortId();
    String openModule = "bench.open." + Phase.shortId();
    // A long reset time keeps the open circuit open (no half-open probe) for the whole measurement.
    CircuitBreakerConfig config = new CircuitBreakerConfig(3, Duration.ofHours(1), 1);
    try (RedisState redis = RedisState.connect(redisUrl, clock);
         DistributedCircuitBreakers breakers = DistributedCircuitBreakers.create(redis, clock, config, Map.of())) {
      requireAvailable(redis, redisUrl);
      for (int i = 0; i < config.failureThreshold(); i++) breakers.onFailure(openModule);
      // The transition reaches this node's mirror through the pub/sub channel.
      awaitCondition("the circuit to open", () -> !breakers.tryAcquirePermission(openModule));
      double closed = perCall(breakers, closedModule, true);
      double open = perCall(breakers, openModule, false);
      breakers.reset(openModule);
      return new double[] {closed, open};
    }
  }

  private double perCall(DistributedCircuitBreakers breakers, String module, boolean expected) {
    int calls = options.breakerCalls();
    double[] rounds = new double[options.breakerRounds()];
    for (int round = -1; round < rounds.length; round++) { // round -1 warms up
      int permitted = 0;
      long started = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        if (breakers.tryAcquirePermission(module)) permitted++;
      }
      long elapsed = System.nanoTime() - started;
      // Using the count keeps the calls alive and proves the circuit stayed in the state being measured.
      if (permitted != (expected ? calls : 0)) {
        throw new IllegalStateException("circuit of '" + module + "' changed state during the measurement: "
            + permitted + " of " + calls + " permitted");
      }
      if (round >= 0) rounds[round] = (double) elapsed / calls;
    }
    Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }

  /** Piece 3: three nodes, each with its own RedisState and near tier, compiling from one shared pool. */
  private StateBenchmarkReport.CompileCache compileCache(String redisUrl) throws InterruptedException {
    String run = Phase.shortId().replaceAll("[^a-f]", "q"); // letters only: part of identifiers
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < options.pipelines(); i++) {
      String name = "p" + run + "n" + i;
      sources.add("in x: String\n" + name + " = Uppercase(x)\nout " + name + "\n");
    }
    List<RedisState> states = new ArrayList<>();
    try {
      List<CompilationStore> stores = new ArrayList<>();
      List<Compiler> compilers = new ArrayList<>();
      for (int node = 0; node < NODES; node++) {
        RedisState state = RedisState.connect(redisUrl, clock);
        states.add(state);
        requireAvailable(state, redisUrl);
        stores.add(new CompilationStore(new RedisCacheBackend(state, CacheStats.detached(), clock),
            CacheStats.detached(), clock));
        compilers.add(Compiler.create(ModuleRegistry.standard()));
      }
      Random random = new Random(4); // fixed: the same workload on every run
      for (int i = 0; i < options.compileRequests(); i++) {
        int node = random.nextInt(NODES);
        CompileResult result = stores.get(node).compile(compilers.get(node),
            sources.get(random.nextInt(sources.size())));
        if (!result.ok()) throw new IllegalStateException("generated pipeline did not compile: " + result.errors());
      }
      long local = stores.stream().mapToLong(CompilationStore::localHits).sum();
      long remote = stores.stream().mapToLong(CompilationStore::remoteHits).sum();
      long misses = stores.stream().mapToLong(CompilationStore::misses).sum();
      return new StateBenchmarkReport.CompileCache(options.compileRequests(), local, remote, misses);
    } finally {
      states.forEach(RedisState::close);
    }
  }

  /**
   * Piece 4: no-op throughput of one worker JVM without and with {@code REDIS_URL}; {off, on}. The phases run
   * off, on, on, off (ABBA) and each mode reports the median of its pooled rounds, since the first phase also
   * warms the broker and this JVM's client and would otherwise favour whichever mode runs second.
   */
  private double[] noopThroughput(String redisUrl) throws IOException, InterruptedException {
    Path logs = Files.createTempDirectory("constellation-bench-state-");
    progress.println("starting an embedded broker (worker logs in " + logs + ")");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      String bootstrap = kafka.bootstrapServers();
      Map<String, String> on = Map.of("REDIS_URL", redisUrl);
      List<Double> offRounds = new ArrayList<>(noopPhase("redis-off-a", bootstrap, Map.of(), logs));
      List<Double> onRounds = new ArrayList<>(noopPhase("redis-on-a", bootstrap, on, logs));
      onRounds.addAll(noopPhase("redis-on-b", bootstrap, on, logs));
      offRounds.addAll(noopPhase("redis-off-b", bootstrap, Map.of(), logs));
      double off = SteadyState.median(offRounds);
      double onRate = SteadyState.median(onRounds);
      progress.printf("no-op, Redis off: %,.0f /s, Redis on: %,.0f /s%n", off, onRate);
      return new double[] {off, onRate};
    }
  }

  /**
   * One worker JVM: warm-up rounds until the rate stops rising ({@link SteadyState}), then {@value #NOOP_ROUNDS}
   * measured rounds (results per second).
   */
  private List<Double> noopPhase(String name, String bootstrap, Map<String, String> env, Path logs)
      throws IOException, InterruptedException {
    try (Phase phase = new Phase(name, bootstrap, 1, 16, env, logs, options.workerHeap(), options.phaseTimeout(),
        memory -> {})) {
      SteadyState.Round round = () -> phase.throughput(options.noopRequests(),
          i -> Requests.source(NOOP).input("x", i));
      int warmUp = NOOP_STEADY.warmUp(round);
      List<Double> rounds = new ArrayList<>();
      for (int i = 0; i < NOOP_ROUNDS; i++) rounds.add(round.run());
      progress.printf("  %s: %s /s (after %d warm-up rounds)%n", name,
          rounds.stream().map(r -> String.format("%,.0f", r)).toList(), warmUp);
      return rounds;
    }
  }

  private static CompiledPipeline compile(Compiler compiler, String source) {
    CompileResult result = compiler.compile(source);
    if (!result.ok()) throw new IllegalStateException("benchmark pipeline did not compile: " + result.errors());
    return result.get();
  }

  private static long timed(PipelineRuntime runtime, CompiledPipeline pipeline, Map<String, JsonNode> inputs) {
    long started = System.nanoTime();
    execute(runtime, pipeline, inputs);
    return System.nanoTime() - started;
  }

  private static void execute(PipelineRuntime runtime, CompiledPipeline pipeline, Map<String, JsonNode> inputs) {
    ExecutionResult result = runtime.execute(pipeline, inputs, ExecutionOptions.none());
    if (result.status() != ExecutionResult.Status.COMPLETED) {
      throw new IllegalStateException("benchmark execution failed: " + result.errors());
    }
  }

  private static void requireAvailable(RedisState redis, String url) throws InterruptedException {
    awaitCondition("redis at " + url + " to answer", redis::available);
  }

  private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private static long p50(long[] sorted) {
    return sorted[sorted.length / 2];
  }

  private static long p99(long[] sorted) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))];
  }

  private static double micros(long nanos) {
    return nanos / 1e3;
  }
}
