package io.constellation.worker;

import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.worker.admin.AdminServer;
import io.constellation.worker.admin.DebugViews;
import io.constellation.worker.admin.AdminServer.Readiness;
import io.constellation.worker.consume.WorkerLoop;
import io.constellation.worker.execute.ModuleCallExecutor;
import io.constellation.worker.execute.NodeCaches;
import io.constellation.worker.execute.RequestExecutor;
import io.constellation.worker.execute.ResultFactory;
import io.constellation.worker.metrics.WorkerMetrics;
import io.constellation.worker.resilience.Circuit;
import io.constellation.worker.resilience.DistributedCircuitBreakers;
import io.constellation.worker.resilience.DistributedRateLimiters;
import io.constellation.worker.scheduler.PriorityScheduler;
import io.constellation.worker.scheduler.SchedulerStats;
import io.constellation.worker.state.CacheAdmin;
import io.constellation.worker.state.CacheWarmer;
import io.constellation.worker.state.RedisState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker node: consumes execution requests from Kafka (the shared topic as a member of the workers' group, and
 * its own partition of the pinned topic), runs them through a priority scheduler on a shared pipeline runtime, and
 * publishes results exactly once, together with the consumed offsets, in transactions on a short window.
 *
 * <p>With Redis configured ({@link WorkerConfig#redisUrl()}) the node owns a {@link RedisState} and shares through
 * it: the compilation cache ({@code compilation:<sourceHash>:<registryHash>}, near cache in front, one compile per
 * key on a node), module result caches ({@code cache_backend} "redis" and "memory", the default configurable), the
 * opt-in execution cache, circuit breakers and throttle/concurrency limits. Redis being down never fails an
 * execution nor makes the node unready: each piece falls back to memory, and readiness shows {@code "redis":
 * "degraded"}. Without Redis all of these are node-local.
 *
 * <pre>{@code
 * try (WorkerNode node = WorkerNode.start(WorkerSettings.fromEnvironment(System.getenv(), args),
 *     ModuleRegistry.discover(loader))) {
 *   shutdownSignal.await();   // close() drains in-flight work, commits and leaves the group
 * }
 * }</pre>
 *
 * <p>Lifecycle:
 * <pre>
 *   start() --> RUNNING --close()--> DRAINING (drain, commit, leave) --> CLOSED
 *                  |                                                    ^
 *                  +--kill()--> DRAINING (no drain, no commit) ---------+
 * </pre>
 * When the poll loop fails (for example the producer was fenced by another node started with the same node id) the
 * node stays RUNNING but is not ready, and its readiness reason says why; {@link #close()} still cleans up.
 *
 * <p>Thread-safety: safe for concurrent use; {@link #close()} and {@link #kill()} are idempotent, and only the first
 * of them has an effect.
 */
public final class WorkerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  private static final Duration TOPIC_SETUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** Beyond the drain timeout: the final commit and leaving the group. */
  private static final Duration CLOSE_SLACK = Duration.ofSeconds(30);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  /** The node's lifecycle. */
  public enum State { RUNNING, DRAINING, CLOSED }

  private final WorkerConfig config;
  private final WorkerMetrics metrics;
  private final PipelineRuntime runtime;
  private final ExecutorService executions;
  private final PriorityScheduler scheduler;
  private final WorkerLoop loop;
  private final Thread pollThread;
  private final AtomicReference<State> state;
  private final AdminServer admin;
  private final NodeCaches caches;
  /** Redis and its users (breakers, limiters), closed last and in reverse order of creation. */
  private final Deque<AutoCloseable> sharedState;
  private final Optional<RedisState> redis;

  private WorkerNode(WorkerConfig config, WorkerMetrics metrics, PipelineRuntime runtime, ExecutorService executions,
      PriorityScheduler scheduler, WorkerLoop loop, Thread pollThread, AtomicReference<State> state,
      AdminServer admin, NodeCaches caches, Deque<AutoCloseable> sharedState, Optional<RedisState> redis) {
    this.caches = caches;
    this.sharedState = sharedState;
    this.redis = redis;
    this.config = config;
    this.metrics = metrics;
    this.runtime = runtime;
    this.executions = executions;
    this.scheduler = scheduler;
    this.loop = loop;
    this.pollThread = pollThread;
    this.state = state;
    this.admin = admin;
  }

  /**
   * Starts a node: creates the topics that are missing (and waits until they are usable), starts the poll thread
   * (which initialises the transactional producer, fencing an older instance of the same node id), then the admin
   * HTTP server. Returns once the node is consuming; it becomes {@link #ready()} when the group has assigned it.
   *
   * @throws IllegalStateException when Kafka cannot be reached or set up, or the admin port cannot be bound; every
   *     part already started is closed again
   */
  public static WorkerNode start(WorkerConfig config, ModuleRegistry modules) {
    String nodeId = config.nodeId();
    Topics topics = new Topics(config.topicPrefix());
    ensureTopics(config, topics);
    Deque<AutoCloseable> built = new ArrayDeque<>();
    try {
      InstantSource clock = InstantSource.system();
      WorkerMetrics metrics = new WorkerMetrics(nodeId, config.maxConcurrency());
      Deque<AutoCloseable> sharedState = new ArrayDeque<>();
      // Redis first, so that it is closed last: everything below may use it until it is closed
      Optional<RedisState> redis = config.redisUrl().map(url -> shared(built, sharedState,
          RedisState.connect(url, clock)));
      PipelineRuntime.Builder runtimeBuilder = PipelineRuntime.builder(modules);
      Optional<DebugViews> debug = Optional.empty();
      if (redis.isPresent()) {
        RedisState state = redis.get();
        metrics.redis(new WorkerMetrics.RedisView() {
          @Override
          public boolean available() {
            return state.available();
          }

          @Override
          public long degradedMillis() {
            return state.degradedTime().toMillis();
          }
        });
        DistributedCircuitBreakers breakers = shared(built, sharedState,
            DistributedCircuitBreakers.create(state, clock));
        DistributedRateLimiters limiters = shared(built, sharedState, DistributedRateLimiters.create(state));
        runtimeBuilder.circuitBreakers(breakers).rateLimiters(limiters);
        debug = Optional.of(debugViews(new CacheAdmin(state), breakers));
      }
      Compiler compiler = Compiler.create(modules);
      NodeCaches caches = NodeCaches.create(redis, metrics.caches(), compiler,
          config.effectiveCacheDefaultBackend() == WorkerConfig.CacheBackendChoice.REDIS,
          config.compilationCacheTtl(), clock);
      config.cacheWarmDir().ifPresent(dir -> warm(nodeId, compiler, caches, dir));
      ModuleCallExecutor calls = push(built, new ModuleCallExecutor("constellation-call-" + nodeId + "-"));
      PipelineRuntime runtime = push(built, runtimeBuilder.executor(calls).cacheBackends(caches.moduleCaches())
          .build());
      ExecutorService executions = push(built, Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("constellation-exec-" + nodeId + "-", 0).factory()));
      PriorityScheduler scheduler = push(built, config.schedulerEnabled()
          ? new PriorityScheduler(config.maxConcurrency(), config.starvationTimeout(), clock, executions)
          : PriorityScheduler.unbounded(executions));
      RequestExecutor executor = new RequestExecutor(caches.compilations(), caches.executionCache(), runtime,
          new ResultFactory(nodeId), clock);
      WorkerLoop loop = WorkerLoop.create(config, scheduler, executor, metrics, clock);
      Thread pollThread = Thread.ofPlatform().name("constellation-poll-" + nodeId).unstarted(loop);
      pollThread.start();
      built.push(() -> {
        loop.requestKill();
        loop.awaitStopped(KILL_TIMEOUT);
      });
      awaitStarted(loop, nodeId);
      metrics.lagSupplier(loop::lag);
      metrics.schedulerStats(scheduler::stats);
      AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
      AdminServer admin = AdminServer.start(config.adminPort(),
          () -> readiness(config, loop, state.get(), redis), metrics, debug);
      LOG.info("worker {} started (admin port {}, max concurrency {}, topics {}.*, redis {})", nodeId, admin.port(),
          config.maxConcurrency(), topics.prefix(), redis.map(RedisState::detail).orElse("not configured"));
      return new WorkerNode(config, metrics, runtime, executions, scheduler, loop, pollThread, state, admin, caches,
          sharedState, redis);
    } catch (RuntimeException e) {
      while (!built.isEmpty()) {
        try {
          built.pop().close();
        } catch (Exception closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      throw e instanceof IllegalStateException ? e
          : new IllegalStateException("worker " + nodeId + " could not start: " + e.getMessage(), e);
    }
  }

  public String nodeId() {
    return config.nodeId();
  }

  /** The admin HTTP port (the bound one when the configured port was 0). */
  public int adminPort() {
    return admin.port();
  }

  public State state() {
    return state.get();
  }

  /** True when running, assigned by the consumer group and not draining. */
  public boolean ready() {
    return state.get() == State.RUNNING && loop.ready();
  }

  /** True while backpressure has paused fetching (the scheduler queue passed its high-water mark). */
  public boolean paused() {
    return loop.paused();
  }

  /** Partitions of the shared request topic the group has assigned to this node. */
  public int assignedPartitions() {
    return loop.assignedPartitions();
  }

  public SchedulerStats schedulerStats() {
    return scheduler.stats();
  }

  public WorkerMetrics metrics() {
    return metrics;
  }

  /**
   * Graceful stop: readiness false, fetching stops, in-flight work finishes (up to the drain timeout), results
   * and offsets are committed, the node leaves the group; then the producer, scheduler, runtime, admin server,
   * rate limiters, circuit breakers and Redis close in that order. Work still running at the drain timeout is abandoned uncommitted and will be redelivered.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.DRAINING)) return;
    LOG.info("worker {} closing", config.nodeId());
    loop.requestDrain();
    if (!awaitLoop(config.drainTimeout().plus(CLOSE_SLACK))) {
      LOG.warn("worker {}: the poll loop did not stop in time; stopping it abruptly", config.nodeId());
      loop.requestKill();
      awaitLoop(KILL_TIMEOUT);
    }
    stopTheRest();
    LOG.info("worker {} closed", config.nodeId());
  }

  /**
   * Abrupt stop, as in a crash (for fault tests): the poll thread stops at once, the producer closes without
   * committing its open transaction, the consumers close without committing or leaving the group. Uncommitted
   * work is redelivered to other nodes once the group notices. Idempotent; no-op after {@link #close()}.
   */
  public void kill() {
    if (!state.compareAndSet(State.RUNNING, State.DRAINING)) return;
    LOG.warn("worker {} killed", config.nodeId());
    loop.requestKill(); // queued executions see the kill and do not start
    awaitLoop(KILL_TIMEOUT);
    stopTheRest();
  }

  private void stopTheRest() {
    scheduler.close();
    int abandoned = scheduler.removeQueued().size();
    if (abandoned > 0) LOG.info("worker {}: {} queued executions abandoned", config.nodeId(), abandoned);
    closeQuietly("runtime", runtime);
    executions.shutdownNow();
    try {
      if (!executions.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("worker {}: execution threads still running after 5 s", config.nodeId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly("admin server", admin);
    // the runtime and its threads are done: now the users of Redis, then Redis itself
    while (!sharedState.isEmpty()) closeQuietly("shared state", sharedState.pop());
    state.set(State.CLOSED);
  }

  private boolean awaitLoop(Duration timeout) {
    try {
      boolean stopped = loop.awaitStopped(timeout);
      if (stopped) pollThread.join(timeout);
      return stopped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void closeQuietly(String what, AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("worker {}: closing the {} failed: {}", config.nodeId(), what, e.toString());
    }
  }

  /**
   * The node's caches: module, compilation and execution (shared over Redis when configured). For tests and
   * operations.
   */
  public NodeCaches caches() {
    return caches;
  }

  /** The node's Redis connection, when configured. */
  public Optional<RedisState> redis() {
    return redis;
  }

  static Readiness readiness(WorkerConfig config, WorkerLoop loop, State state, Optional<RedisState> redis) {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("node", config.nodeId());
    detail.put("state", state.name());
    detail.put("kafka", loop.phase() == WorkerLoop.Phase.FAILED ? "failed"
        : loop.phase() == WorkerLoop.Phase.RUNNING ? "connected" : loop.phase().name().toLowerCase(Locale.ROOT));
    detail.put("assignedPartitions", Integer.toString(loop.assignedPartitions()));
    if (loop.pinnedPartition() != null) detail.put("pinnedPartition", loop.pinnedPartition().toString());
    detail.put("paused", Boolean.toString(loop.paused()));
    // Redis down never makes the node unready: every shared piece has a local fallback
    redis.ifPresent(r -> detail.put("redis", r.detail()));
    if (state != State.RUNNING) return Readiness.notReady(state == State.DRAINING ? "draining" : "closed", detail);
    if (loop.phase() == WorkerLoop.Phase.FAILED) {
      return Readiness.notReady("failed: " + loop.failure(), detail);
    }
    if (!loop.ready()) return Readiness.notReady("waiting for a partition assignment", detail);
    return Readiness.ready(detail);
  }

  private static void ensureTopics(WorkerConfig config, Topics topics) {
    Map<String, Object> adminConfig = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, config.nodeId() + "-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TOPIC_SETUP_TIMEOUT.toMillis());
    try (Admin kafkaAdmin = Admin.create(adminConfig)) {
      TopicSetup.ensureTopics(kafkaAdmin, topics, TOPIC_SETUP_TIMEOUT);
    } catch (RuntimeException e) {
      throw new IllegalStateException("worker " + config.nodeId() + " could not set up the topics on "
          + config.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  private static void awaitStarted(WorkerLoop loop, String nodeId) {
    try {
      loop.started().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("worker " + nodeId + " could not start consuming: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("worker " + nodeId + " did not start consuming within " + START_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting worker " + nodeId, e);
    }
  }

  /** Compiles the directory's pipelines into the compilation cache; never fails the start. */
  private static void warm(String nodeId, Compiler compiler, NodeCaches caches, Path dir) {
    try {
      CacheWarmer.Report report = new CacheWarmer(compiler, caches.compilationStore()).warm(dir);
      LOG.info("worker {}: cache warming compiled {}, found {} cached, skipped {}", nodeId, report.compiled(),
          report.alreadyCached(), report.skipped().size());
    } catch (RuntimeException e) {
      LOG.warn("worker {}: cache warming from {} failed; starting cold: {}", nodeId, dir, e.toString());
    }
  }

  private static DebugViews debugViews(CacheAdmin cacheAdmin, DistributedCircuitBreakers breakers) {
    return new DebugViews() {
      @Override
      public List<String> cacheKeys(String prefix, int limit) {
        return cacheAdmin.keys(prefix, limit);
      }

      @Override
      public List<Circuit> circuits() {
        return breakers.list();
      }
    };
  }

  private static <T extends AutoCloseable> T shared(Deque<AutoCloseable> built, Deque<AutoCloseable> sharedState,
      T closeable) {
    sharedState.push(closeable);
    return push(built, closeable);
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> built, T closeable) {
    built.push(closeable);
    return closeable;
  }
}
