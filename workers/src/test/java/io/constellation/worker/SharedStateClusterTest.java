package io.constellation.worker;

import static io.constellation.worker.KafkaFixture.await;
import static io.constellation.worker.KafkaFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.testkit.RedisExtension;
import io.constellation.testkit.RedisService;
import io.constellation.worker.state.CacheAdmin;
import io.constellation.worker.state.CacheMetrics;
import io.constellation.worker.state.CacheStats;
import io.constellation.worker.state.CompilationStore;
import io.constellation.worker.state.RedisState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker nodes sharing state over the JVM's Redis: compilation, module and execution caches, circuit breakers and
 * throttles across nodes, and Redis going away and coming back mid-batch. Each test uses modules named for it
 * alone and deletes the keys it made.
 */
@Timeout(120)
@ExtendWith(RedisExtension.class)
final class SharedStateClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisService redis;
  private final KafkaFixture kafka = new KafkaFixture();
  private final SharedStateModules modules = new SharedStateModules();
  private final List<WorkerNode> nodes = new ArrayList<>();
  private final List<String> prefixesToClear = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger ids = new AtomicInteger();
  private KafkaFixture.Reader results;
  private int expectedResults;

  SharedStateClusterTest(RedisService redis) {
    this.redis = redis;
    prefixesToClear.add("module:" + modules.counted + ":");
    prefixesToClear.add("module:" + modules.failing + ":");
    prefixesToClear.add("circuit:" + modules.counted);
    prefixesToClear.add("circuit:" + modules.failing);
    prefixesToClear.add("throttle:" + modules.counted);
  }

  @AfterEach
  void stop() throws Exception {
    for (WorkerNode node : nodes) node.close();
    kafka.close();
    if (!redis.external() && !redis.running()) redis.start();
    try (RedisState state = RedisState.connect(redis.url(), InstantSource.system())) {
      await("redis up for clean-up", RECOVERY, state::available);
      CacheAdmin admin = new CacheAdmin(state);
      for (String prefix : prefixesToClear) admin.clear(prefix);
    }
  }

  private WorkerNode start(String nodeId) {
    return start(kafka.config(nodeId).withRedisUrl(redis.url()));
  }

  private WorkerNode start(WorkerConfig config) {
    WorkerNode node = WorkerNode.start(config, modules.registry());
    nodes.add(node);
    await(config.nodeId() + " ready", WAIT, node::ready);
    return node;
  }

  private String track(String source) {
    CompilationStore.keyOf(source, modules.registry().registryHash()).ifPresent(prefixesToClear::add);
    return source;
  }

  private ExecutionRequest.Builder newRequest(String source, String text) {
    return request("req-" + ids.incrementAndGet(), track(source), "{\"text\":\"" + text + "\"}");
  }

  /** Runs {@code request} on {@code node} (pinned) and returns its result. */
  private ExecutionResult run(WorkerNode node, ExecutionRequest request) {
    if (results == null) results = kafka.results();
    kafka.submitPinned(request, node.nodeId());
    results.awaitKeys(++expectedResults, WAIT);
    List<ExecutionResult> found = results.resultsById().get(request.getExecutionId());
    assertThat(found).as("result of " + request.getExecutionId()).hasSize(1);
    ExecutionResult result = found.getFirst();
    if (result.getStructuralHash() != null) prefixesToClear.add("execution:" + result.getStructuralHash() + ":");
    return result;
  }

  private static CacheStats stats(WorkerNode node, String cache) {
    return node.metrics().caches().stats(cache);
  }

  private JsonNode get(WorkerNode node, String pathAndQuery) {
    return getResponse(node, pathAndQuery).body;
  }

  private record Response(int status, JsonNode body) {}

  private Response getResponse(WorkerNode node, String pathAndQuery) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.adminPort() + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new AssertionError("GET " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Test
  void compilation_compiledOnNode1_isLoadedNotCompiledOnNode2() {
    WorkerNode one = start("node-1");
    WorkerNode two = start("node-2");
    String source = modules.pipeline(modules.counted, "");

    assertThat(run(one, newRequest(source, "a").build()).getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(run(two, newRequest(source, "b").build()).getStatus()).isEqualTo(ExecutionStatus.COMPLETED);

    assertThat(stats(one, CacheMetrics.COMPILATION).misses()).as("node 1 compiled").isEqualTo(1);
    assertThat(stats(two, CacheMetrics.COMPILATION).misses()).as("node 2 compiled nothing").isZero();
    assertThat(stats(two, CacheMetrics.COMPILATION).hits()).as("node 2 loaded it").isEqualTo(1);
    JsonNode metrics = get(two, "/metrics");
    assertThat(metrics.path("cache").path("compilation").path("hits").asLong()).isEqualTo(1);
    assertThat(metrics.path("cache").has("hitRate")).isTrue();
    assertThat(metrics.path("redis").path("status").asText()).isEqualTo("up");
  }

  @Test
  void warmDir_pipelinesCompiledAtStart_firstRequestIsAHit(@TempDir Path dir) throws IOException {
    String source = track(modules.pipeline(modules.counted, ""));
    Files.writeString(dir.resolve("a.cst"), source);
    Files.writeString(dir.resolve("broken.cst"), "this is not a pipeline");
    WorkerNode one = start(kafka.config("node-1").withRedisUrl(redis.url()).withCacheWarmDir(dir));
    long missesAfterWarming = stats(one, CacheMetrics.COMPILATION).misses();

    assertThat(run(one, newRequest(source, "w").build()).getStatus()).isEqualTo(ExecutionStatus.COMPLETED);

    assertThat(stats(one, CacheMetrics.COMPILATION).misses()).isEqualTo(missesAfterWarming);
    assertThat(stats(one, CacheMetrics.COMPILATION).hits()).isEqualTo(1);
  }

  @Test
  void moduleCache_sameCallOnTwoNodes_runsOnce_andKeyIsListed() {
    WorkerNode one = start("node-1");
    WorkerNode two = start("node-2");
    String source = modules.pipeline(modules.counted, "cache: 1min");

    ExecutionResult first = run(one, newRequest(source, "same").build());
    ExecutionResult second = run(two, newRequest(source, "same").build());

    assertThat(List.of(first, second)).allSatisfy(r -> {
      assertThat(r.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(r.getOutputs()).isEqualTo("{\"x\":\"same\"}");
      assertThat(r.getFromCache()).isFalse(); // a module cache hit is not an execution cache hit
    });
    assertThat(modules.countedCalls).as("module runs").hasValue(1);
    assertThat(stats(two, CacheMetrics.MODULE).hits()).isEqualTo(1);
    assertThat(second.getTrace()).anySatisfy(t -> assertThat(t.getCacheHit()).isTrue());

    String prefix = "module:" + modules.counted + ":";
    JsonNode keys = get(one, "/debug/cache-keys?prefix=" + prefix.replace(":", "%3A"));
    assertThat(keys.isArray()).isTrue();
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0).asText()).startsWith(prefix);
    assertThat(getResponse(one, "/debug/cache-keys?prefix=" + "x".repeat(5_000)).status()).isEqualTo(400);
    assertThat(get(one, "/debug/cache-keys?prefix=no-such-prefix-" + modules.suffix)).isEmpty();
  }

  @Test
  void moduleCache_ttlExpired_runsAgain() throws InterruptedException {
    WorkerNode one = start("node-1");
    WorkerNode two = start("node-2");
    String source = modules.pipeline(modules.counted, "cache: 1s");

    run(one, newRequest(source, "t").build());
    run(two, newRequest(source, "t").build());
    assertThat(modules.countedCalls).hasValue(1);
    Thread.sleep(1_500); // past the entry's TTL
    ExecutionResult afterExpiry = run(two, newRequest(source, "t").build());

    assertThat(afterExpiry.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(modules.countedCalls).as("expired entry: the module ran again").hasValue(2);
  }

  @Test
  void executionCache_identicalRequestOnOtherNode_answeredWithoutRunning() {
    WorkerNode one = start("node-1");
    WorkerNode two = start("node-2");
    String source = modules.pipeline(modules.counted, "");

    ExecutionResult ran = run(one, newRequest(source, "e").setCacheTtlMs(60_000L).build());
    ExecutionResult cached = run(two, newRequest(source, "e").setCacheTtlMs(60_000L).build());
    ExecutionResult otherInput = run(two, newRequest(source, "other").setCacheTtlMs(60_000L).build());
    ExecutionResult notAsked = run(two, newRequest(source, "e").build());

    assertThat(ran.getFromCache()).isFalse();
    assertThat(cached.getFromCache()).isTrue();
    assertThat(cached.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(cached.getNodeId()).isEqualTo("node-2");
    assertThat(cached.getOutputs()).isEqualTo(ran.getOutputs());
    assertThat(cached.getStructuralHash()).isEqualTo(ran.getStructuralHash());
    assertThat(otherInput.getFromCache()).isFalse();
    assertThat(notAsked.getFromCache()).as("no cacheTtlMs: the cache is off").isFalse();
    assertThat(modules.countedCalls).as("runs: e once, other once, e without cache once").hasValue(3);
    assertThat(stats(two, CacheMetrics.EXECUTION).hits()).isEqualTo(1);
  }

  @Test
  void executionCache_failures_areNeverCached() {
    WorkerNode one = start("node-1");
    String failing = modules.pipeline(modules.failing, "");

    ExecutionResult failed = run(one, newRequest(failing, "f").setCacheTtlMs(60_000L).build());
    ExecutionResult again = run(one, newRequest(failing, "f").setCacheTtlMs(60_000L).build());

    assertThat(List.of(failed, again)).allSatisfy(r -> {
      assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(r.getFromCache()).isFalse();
    });
    assertThat(modules.failingCalls).as("a failure is not replayed from the cache").hasValue(2);
  }

  @Test
  void circuit_threeFailuresOnNode1_twoOnNode2_openOnEveryNode() {
    WorkerNode one = start("node-1");
    WorkerNode two = start("node-2");
    String source = modules.pipeline(modules.failing, "");

    for (int i = 0; i < 3; i++) run(one, newRequest(source, "f" + i).build());
    for (int i = 0; i < 2; i++) run(two, newRequest(source, "g" + i).build());
    assertThat(modules.failingCalls).hasValue(5);
    for (WorkerNode node : List.of(one, two)) {
      await("circuit open as seen by " + node.nodeId(), WAIT, () -> {
        for (JsonNode circuit : get(node, "/debug/circuits")) {
          if (circuit.path("module").asText().equals(modules.failing)) return circuit.path("state").asText()
              .equalsIgnoreCase("open") && circuit.path("failures").asLong() == 5
              && !circuit.path("openedAt").isNull();
        }
        return false;
      });
    }

    ExecutionResult onOne = run(one, newRequest(source, "h1").build());
    ExecutionResult onTwo = run(two, newRequest(source, "h2").build());

    assertThat(List.of(onOne, onTwo)).allSatisfy(r -> {
      assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(r.getErrors()).anySatisfy(e -> assertThat(e.getCode()).isEqualTo("CIRCUIT_OPEN"));
    });
    assertThat(modules.failingCalls).as("an open circuit does not call the module").hasValue(5);
  }

  @Test
  void throttle_oneBudgetForTwoNodes() {
    WorkerNode one = start("node-1");
    WorkerNode two = start("node-2");
    String source = modules.pipeline(modules.counted, "throttle: 3/1min");
    if (results == null) results = kafka.results();

    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ExecutionRequest request = newRequest(source, "t" + i).setDeadline(Instant.now().plusSeconds(8)).build();
      submitted.add(request.getExecutionId());
      kafka.submitPinned(request, (i % 2 == 0 ? one : two).nodeId());
    }
    results.awaitKeys(4, WAIT);
    Map<String, List<ExecutionResult>> byId = results.resultsById();

    List<ExecutionStatus> statuses = submitted.stream().map(id -> byId.get(id).getFirst().getStatus()).toList();
    assertThat(statuses).as("3 tokens for the whole cluster: one call waits past its deadline")
        .containsExactlyInAnyOrder(ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED,
            ExecutionStatus.FAILED);
    assertThat(modules.countedCalls).hasValue(3);
  }

  @Test
  void redisStoppedMidBatch_everyRequestCompletes_nodeStaysReady_thenCachingResumes() {
    assumeFalse(redis.external(), "needs a Redis this test may stop");
    WorkerNode one = start("node-1");
    WorkerNode two = start("node-2");
    String source = track(modules.pipeline(modules.counted, "cache: 1min"));
    results = kafka.results();
    try {
      submitBatch(source, "before-", 20);
      results.awaitKeys(10, WAIT);
      redis.stop();
      submitBatch(source, "during-", 20);
      for (WorkerNode node : List.of(one, two)) {
        await(node.nodeId() + " degraded", RECOVERY, () -> !node.redis().orElseThrow().available());
      }
      submitBatch(source, "degraded-", 20);
      results.awaitKeys(60, WAIT);
      expectedResults = 60;

      assertThat(results.resultsById().values()).allSatisfy(list ->
          assertThat(list.getFirst().getStatus()).isEqualTo(ExecutionStatus.COMPLETED));
      Response ready = getResponse(one, "/health/ready");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.body().path("ready").asBoolean()).isTrue();
      assertThat(ready.body().path("redis").asText()).isEqualTo("degraded");
      assertThat(get(one, "/metrics").path("redis").path("status").asText()).isEqualTo("degraded");
      assertThat(getResponse(one, "/debug/cache-keys?prefix=module").status()).isEqualTo(503);
    } finally {
      redis.start();
    }
    for (WorkerNode node : List.of(one, two)) {
      await(node.nodeId() + " back on redis", RECOVERY, () -> node.redis().orElseThrow().available());
    }
    assertThat(get(one, "/health/ready").path("redis").asText()).isEqualTo("up");
    assertThat(get(two, "/metrics").path("redis").path("degradedMillis").asLong()).isPositive();

    int callsBefore = modules.countedCalls.get();
    long hitsBefore = stats(two, CacheMetrics.MODULE).hits();
    run(one, newRequest(source, "after-restart").build());
    ExecutionResult onTwo = run(two, newRequest(source, "after-restart").build());

    assertThat(onTwo.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(modules.countedCalls.get()).as("node 2 found node 1's entry in Redis").isEqualTo(callsBefore + 1);
    assertThat(stats(two, CacheMetrics.MODULE).hits()).isEqualTo(hitsBefore + 1);
  }

  private void submitBatch(String source, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      ExecutionRequest request = request(prefix + i, source, "{\"text\":\"" + prefix + i + "\"}").build();
      kafka.send(new org.apache.kafka.clients.producer.ProducerRecord<>(kafka.topics.requests(),
          KafkaFixture.utf8(request.getExecutionId()), KafkaFixture.REQUESTS.encode(request,
              io.constellation.schemas.Encoding.AVRO)));
    }
  }

  @Test
  void withoutRedis_debugEndpointsAnswer404_andReadinessHasNoRedis() {
    WorkerNode local = start(kafka.config("node-local"));
    String source = modules.pipeline(modules.counted, "cache: 1min");

    run(local, newRequest(source, "l").setCacheTtlMs(60_000L).build());
    ExecutionResult cached = run(local, newRequest(source, "l").setCacheTtlMs(60_000L).build());

    assertThat(cached.getFromCache()).as("the execution cache works node-locally").isTrue();
    assertThat(modules.countedCalls).hasValue(1);
    assertThat(getResponse(local, "/debug/circuits").status()).isEqualTo(404);
    assertThat(getResponse(local, "/debug/cache-keys?prefix=x").status()).isEqualTo(404);
    assertThat(get(local, "/health/ready").has("redis")).isFalse();
    JsonNode metrics = get(local, "/metrics");
    assertThat(metrics.has("redis")).isFalse();
    assertThat(metrics.path("cache").path("execution").path("hits").asLong()).isEqualTo(1);
  }
}
