package io.constellation.engine.runtime;

import static io.constellation.engine.runtime.TestDag.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.dag.Node;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.CacheRegistry;
import io.constellation.engine.spi.CircuitBreakerRegistry;
import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.spi.ModuleScheduler;
import io.constellation.engine.spi.NodeTrace;
import io.constellation.engine.types.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class CallOptionsTest {
  private final Fakes.Clock clock = new Fakes.Clock();
  private final Fakes.RecordingSleeper sleeper = new Fakes.RecordingSleeper(clock);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final List<NodeTrace> traces = new CopyOnWriteArrayList<>();
  private final ModuleRegistry modules = ModuleRegistry.builder().addStandard()
      .add(module("Flaky", args -> {
        calls.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("flaky");
        return "ok:" + args.get("text");
      }))
      .add(module("NullMessage", args -> {
        throw new IllegalStateException();
      }))
      .add(module("Blocking", args -> {
        order.add((String) args.get("text"));
        release.await();
        return "released";
      }))
      .add(Module.builder("BadType").param("text", Type.STRING).returns(Type.INT)
          .implementation(args -> "not a number").build())
      .add(Module.builder("Boxed").param("text", Type.STRING).returns(Type.list(Type.INT))
          .implementation(args -> List.of(1, 2)).build())
      .build();
  private PipelineRuntime runtime = runtime(ModuleScheduler.unbounded(), CircuitBreakerRegistry.disabled());

  private static Module module(String name, io.constellation.engine.spi.ModuleFunction function) {
    return Module.builder(name).param("text", Type.STRING).returns(Type.STRING).implementation(function).build();
  }

  private PipelineRuntime runtime(ModuleScheduler scheduler, CircuitBreakerRegistry breakers) {
    return PipelineRuntime.builder(modules).clock(clock).sleeper(sleeper).scheduler(scheduler)
        .circuitBreakers(breakers).listener(traces::add)
        .cacheBackends(CacheRegistry.inMemory(clock)).build();
  }

  @AfterEach
  void close() {
    release.countDown();
    runtime.close();
  }

  private static CallOptions opts(Integer retry, Long timeoutMs, Long delayMs, CallOptions.Backoff backoff,
      Long cacheMs, CallOptions.OnError onError) {
    return new CallOptions(retry, timeoutMs, delayMs, backoff, cacheMs, null, null, null, onError, null, null);
  }

  private ExecutionResult run(String module, CallOptions options, Node fallback, String arg) {
    return run(module, Type.STRING, options, fallback, arg);
  }

  private ExecutionResult run(String module, Type type, CallOptions options, Node fallback, String arg) {
    TestDag dag = new TestDag();
    Node call = dag.let("r", TestDag.call(module, type, options, fallback, lit(arg)));
    return runtime.execute(dag.out("r", call).build(), Map.of());
  }

  private static String out(ExecutionResult result) {
    return CanonicalJson.write(result.outputs().get("r"));
  }

  @Test
  void retry_succeedsOnLaterAttempt_withoutDelayNeverSleeps() {
    failuresLeft.set(2);
    ExecutionResult result = run("Flaky", opts(2, null, null, null, null, null), null, "a");
    assertThat(out(result)).isEqualTo("\"ok:a\"");
    assertThat(calls).hasValue(3);
    assertThat(sleeper.waits).isEmpty();
    assertThat(traces).filteredOn(t -> "Flaky".equals(t.module())).singleElement()
        .satisfies(t -> assertThat(t.attempts()).isEqualTo(3));
  }

  @Test
  void retry_exhausted_prefixesAttemptCount() {
    failuresLeft.set(10);
    ExecutionResult result = run("Flaky", opts(2, null, 100L, CallOptions.Backoff.EXPONENTIAL, null, null), null, "a");
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("MODULE_EXECUTION");
      assertThat(e.message()).isEqualTo("Module 'Flaky' execution failed: Operation failed after 3 attempts: flaky");
      assertThat(e.node()).isEqualTo("r");
    });
    assertThat(calls).hasValue(3);
    assertThat(sleeper.millis()).containsExactly(100L, 200L);
  }

  @ParameterizedTest
  @CsvSource({
      "FIXED, 1000, 1, 1000", "FIXED, 1000, 5, 1000",
      "LINEAR, 1000, 1, 1000", "LINEAR, 1000, 3, 3000", "LINEAR, 20000, 2, 30000",
      "EXPONENTIAL, 1000, 1, 1000", "EXPONENTIAL, 1000, 4, 8000", "EXPONENTIAL, 1000, 6, 30000",
      "EXPONENTIAL, 1000, 200, 30000", "FIXED, 40000, 1, 30000"})
  void backoff_waitPerRetry_cappedAt30s(CallOptions.Backoff backoff, long delay, int retry, long expected) {
    CallOptions options = new CallOptions(9, null, delay, backoff, null, null, null, null, null, null, null);
    assertThat(CallRunner.waitMillis(options, retry)).isEqualTo(expected);
  }

  @Test
  void backoff_linearWaitsRecorded() {
    failuresLeft.set(10);
    run("Flaky", opts(3, null, 50L, CallOptions.Backoff.LINEAR, null, null), null, "a");
    assertThat(sleeper.millis()).containsExactly(50L, 100L, 150L);
  }

  @Test
  void nullExceptionMessage_usesClassName() {
    ExecutionResult result = run("NullMessage", CallOptions.NONE, null, "a");
    assertThat(result.errors().get(0).message())
        .isEqualTo("Module 'NullMessage' execution failed: java.lang.IllegalStateException");
  }

  @Test
  void timeout_abandonsBlockedAttempt() {
    ExecutionResult result = run("Blocking", opts(null, 50L, null, null, null, null), null, "a");
    assertThat(result.errors()).singleElement().extracting(ExecutionError::message)
        .isEqualTo("Module 'Blocking' execution failed: Operation timed out after 50ms");
  }

  @Test
  void fallback_evaluatedOnlyAfterAllAttemptsFail() {
    failuresLeft.set(10);
    Node fallback = TestDag.call("Flaky", Type.STRING, CallOptions.NONE, null, lit("never"));
    // the fallback itself would call Flaky: count how often Flaky runs for the main call first
    ExecutionResult result = run("Flaky", opts(1, null, null, null, null, null), lit("fb"), "a");
    assertThat(out(result)).isEqualTo("\"fb\"");
    assertThat(calls).hasValue(2);
    failuresLeft.set(0);
    calls.set(0);
    ExecutionResult ok = run("Flaky", CallOptions.NONE, fallback, "b");
    assertThat(out(ok)).isEqualTo("\"ok:b\"");
    assertThat(calls).hasValue(1);
  }

  @Test
  void onError_skipLogWrap() {
    failuresLeft.set(100);
    assertThat(out(run("Flaky", opts(null, null, null, null, null, CallOptions.OnError.SKIP), null, "a")))
        .isEqualTo("\"\"");
    assertThat(out(run("Flaky", opts(null, null, null, null, null, CallOptions.OnError.LOG), null, "a")))
        .isEqualTo("\"\"");
    Type wrapType = Type.record(Map.of("isRight", Type.BOOLEAN, "left", Type.optional(Type.STRING),
        "right", Type.optional(Type.STRING)));
    CallOptions wrap = opts(null, null, null, null, null, CallOptions.OnError.WRAP);
    assertThat(out(run("Flaky", wrapType, wrap, null, "a")))
        .isEqualTo("{\"isRight\":false,\"left\":\"flaky\",\"right\":null}");
    failuresLeft.set(0);
    assertThat(out(run("Flaky", wrapType, wrap, null, "a")))
        .isEqualTo("{\"isRight\":true,\"left\":null,\"right\":\"ok:a\"}");
    ExecutionResult propagate = run("Flaky", opts(null, null, null, null, null, CallOptions.OnError.PROPAGATE),
        null, "a");
    assertThat(propagate.completed()).isTrue();
  }

  @Test
  void badResult_isTypeMismatch_boxedIntegersConverted() {
    ExecutionResult result = run("BadType", Type.INT, CallOptions.NONE, null, "a");
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("TYPE_MISMATCH");
      assertThat(e.message()).isEqualTo("Expected Int, but got String");
    });
    assertThat(out(run("Boxed", Type.list(Type.INT), CallOptions.NONE, null, "a"))).isEqualTo("[1,2]");
  }

  @Test
  void cache_hitSkipsInvocation_expiresAfterTtl() {
    CallOptions cached = opts(null, null, null, null, 1_000L, null);
    assertThat(out(run("Flaky", cached, null, "a"))).isEqualTo("\"ok:a\"");
    assertThat(out(run("Flaky", cached, null, "a"))).isEqualTo("\"ok:a\"");
    assertThat(calls).hasValue(1);
    assertThat(traces).filteredOn(NodeTrace::cacheHit).hasSize(1);
    run("Flaky", cached, null, "b");
    assertThat(calls).hasValue(2);
    clock.advance(Duration.ofMillis(1_000));
    run("Flaky", cached, null, "a");
    assertThat(calls).hasValue(3);
  }

  @Test
  void cache_failuresAndFallbacksAreNotCached() {
    failuresLeft.set(1);
    CallOptions cached = opts(null, null, null, null, 1_000L, CallOptions.OnError.SKIP);
    assertThat(out(run("Flaky", cached, null, "a"))).isEqualTo("\"\"");
    assertThat(out(run("Flaky", cached, null, "a"))).isEqualTo("\"ok:a\"");
    assertThat(calls).hasValue(2);
  }

  @Test
  void cache_namedBackendAndKeyFormat() {
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    CacheBackend memory = CacheBackend.inMemory(10, clock);
    CacheRegistry registry = CacheRegistry.inMemory(clock).register("mine", new CacheBackend() {
      @Override
      public java.util.Optional<String> get(String key) {
        keys.add(key);
        return memory.get(key);
      }

      @Override
      public void put(String key, String value, Duration ttl) {
        memory.put(key, value, ttl);
      }
    });
    runtime.close();
    runtime = PipelineRuntime.builder(modules).clock(clock).cacheBackends(registry).build();
    CallOptions named = new CallOptions(null, null, null, null, 500L, "mine", null, null, null, null, null);
    run("Flaky", named, null, "a");
    assertThat(keys).singleElement().isEqualTo("module:Flaky:"
        + CanonicalJson.sha256("{\"text\":\"a\"}"));
  }

  @Test
  void throttle_waitsForTokensThroughSleeper() {
    CallOptions throttled = new CallOptions(null, null, null, null, null, null, new CallOptions.Throttle(2, 100),
        null, null, null, null);
    for (int i = 0; i < 3; i++) run("Flaky", throttled, null, "a" + i);
    assertThat(calls).hasValue(3);
    assertThat(sleeper.millis()).containsExactly(50L);
  }

  @Test
  void concurrency_limitsAttemptsInFlight() throws Exception {
    CallOptions one = new CallOptions(null, null, null, null, null, null, null, 1, null, null, null);
    TestDag dag = new TestDag();
    Node first = dag.let("a", TestDag.call("Blocking", Type.STRING, one, null, lit("1")));
    Node second = dag.let("b", TestDag.call("Blocking", Type.STRING, one, null, lit("2")));
    CompletableFuture<ExecutionResult> pending =
        runtime.executeAsync(dag.out("a", first).out("b", second).build(), Map.of(), ExecutionOptions.none());
    while (order.isEmpty()) Thread.onSpinWait();
    // one attempt is blocked inside the module; the other must be waiting for the permit, not running
    for (int i = 0; i < 1_000; i++) Thread.yield();
    assertThat(order).hasSize(1);
    release.countDown();
    assertThat(pending.get().completed()).isTrue();
    assertThat(order).hasSize(2);
  }

  @Test
  void priority_boundedSchedulerAdmitsHighestFirst() throws Exception {
    ModuleScheduler scheduler = ModuleScheduler.bounded(1);
    runtime.close();
    runtime = runtime(scheduler, CircuitBreakerRegistry.disabled());
    TestDag blocker = new TestDag();
    Node block = blocker.let("b", TestDag.call("Blocking", Type.STRING, CallOptions.NONE, null, lit("first")));
    CompletableFuture<ExecutionResult> blocked =
        runtime.executeAsync(blocker.out("b", block).build(), Map.of(), ExecutionOptions.none());
    while (order.isEmpty()) Thread.onSpinWait();
    List<CompletableFuture<ExecutionResult>> waiting = new ArrayList<>();
    int expectedWaiting = 0;
    for (Object[] job : new Object[][] {{"low", 20}, {"high", 80}, {"normal", 50}, {"critical", 100}}) {
      CallOptions priority = new CallOptions(null, null, null, null, null, null, null, null, null, null,
          (Integer) job[1]);
      TestDag dag = new TestDag();
      Node call = dag.let("p", TestDag.call("Blocking", Type.STRING, priority, null, lit((String) job[0])));
      waiting.add(runtime.executeAsync(dag.out("p", call).build(), Map.of(), ExecutionOptions.none()));
      expectedWaiting++;
      while (scheduler.waiting() < expectedWaiting) Thread.onSpinWait();
    }
    release.countDown();
    assertThat(blocked.get().completed()).isTrue();
    for (CompletableFuture<ExecutionResult> f : waiting) assertThat(f.get().completed()).isTrue();
    assertThat(order).containsExactly("first", "critical", "high", "normal", "low");
  }

  @Test
  void circuitBreaker_opensAfterFiveFailures_halfOpenProbeCloses() {
    runtime.close();
    runtime = runtime(ModuleScheduler.unbounded(), CircuitBreakerRegistry.local(clock));
    failuresLeft.set(5);
    for (int i = 0; i < 5; i++) run("Flaky", CallOptions.NONE, null, "a");
    assertThat(calls).hasValue(5);
    ExecutionResult open = run("Flaky", CallOptions.NONE, null, "a");
    assertThat(open.errors()).singleElement().satisfies(error -> {
      assertThat(error.code()).isEqualTo("CIRCUIT_OPEN");
      assertThat(error.message()).isEqualTo("Module 'Flaky' execution failed: Circuit breaker open for module 'Flaky'");
    });
    assertThat(calls).hasValue(5);
    clock.advance(Duration.ofSeconds(30));
    assertThat(out(run("Flaky", CallOptions.NONE, null, "a"))).isEqualTo("\"ok:a\"");
    assertThat(out(run("Flaky", CallOptions.NONE, null, "b"))).isEqualTo("\"ok:b\"");
    assertThat(calls).hasValue(7);
  }

  @Test
  void circuitBreaker_openFailsFastWithoutRetriesAndFallbackApplies() {
    runtime.close();
    runtime = runtime(ModuleScheduler.unbounded(), CircuitBreakerRegistry.local(clock));
    failuresLeft.set(5);
    for (int i = 0; i < 5; i++) run("Flaky", CallOptions.NONE, null, "a");
    sleeper.waits.clear();
    CallOptions retries = new CallOptions(3, null, 100L, null, null, null, null, null, null, null, null);

    ExecutionResult retried = run("Flaky", retries, null, "a");
    ExecutionResult fellBack = run("Flaky", CallOptions.NONE, lit("fallback"), "a");

    assertThat(calls).hasValue(5);
    assertThat(sleeper.waits).isEmpty();
    assertThat(retried.errors()).singleElement().extracting(ExecutionError::code).isEqualTo("CIRCUIT_OPEN");
    assertThat(out(fellBack)).isEqualTo("\"fallback\"");
  }

  @Test
  void circuitBreaker_failedProbeReopens() {
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.local(clock);
    for (int i = 0; i < 5; i++) breakers.onFailure("m");
    assertThat(breakers.tryAcquirePermission("m")).isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(breakers.tryAcquirePermission("m")).isTrue();
    assertThat(breakers.tryAcquirePermission("m")).isFalse();
    breakers.onFailure("m");
    assertThat(breakers.tryAcquirePermission("m")).isFalse();
  }
}
