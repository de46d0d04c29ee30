package io.constellation.worker.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.constellation.engine.spi.CircuitBreakerConfig;
import io.constellation.testkit.RedisExtension;
import io.constellation.testkit.RedisService;
import io.constellation.worker.state.RedisState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.client.codec.StringCodec;

@ExtendWith(RedisExtension.class)
final class DistributedCircuitBreakersTest {
  // propagation takes milliseconds; the bound only has to survive a loaded CI machine
  private static final Duration VISIBLE = Duration.ofSeconds(10);
  private static final Duration RECOVERY = Duration.ofSeconds(20);
  private static final CircuitBreakerConfig CONFIG = CircuitBreakerConfig.DEFAULTS;

  private final RedisService redis;
  private final MutableClock clock = new MutableClock();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private String module;

  DistributedCircuitBreakersTest(RedisService redis) {
    this.redis = redis;
  }

  @BeforeEach
  void uniqueModule() {
    module = "Module-" + UUID.randomUUID(); // the JVM shares one Redis between tests
  }

  @AfterEach
  void closeNodes() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  private DistributedCircuitBreakers node() {
    return node(Map.of());
  }

  private DistributedCircuitBreakers node(Map<String, CircuitBreakerConfig> overrides) {
    RedisState state = RedisState.connect(redis.url(), InstantSource.system());
    resources.add(state);
    DistributedCircuitBreakers breakers = DistributedCircuitBreakers.create(state, clock, CONFIG, overrides);
    resources.add(breakers);
    return breakers;
  }

  private static void fail(DistributedCircuitBreakers node, String module, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(node.tryAcquirePermission(module)).isTrue();
      node.onFailure(module);
    }
  }

  private void openEverywhere(DistributedCircuitBreakers... nodes) {
    fail(nodes[0], module, CONFIG.failureThreshold());
    for (DistributedCircuitBreakers node : nodes) {
      Eventually.holds("circuit open on every node", VISIBLE, () -> !node.tryAcquirePermission(module));
    }
  }

  private static Circuit circuit(DistributedCircuitBreakers node, String module) {
    return node.list().stream().filter(c -> c.module().equals(module)).findFirst().orElseThrow();
  }

  /** The failure count a node lists for the module, or -1 while the circuit is not in Redis yet (writes are async). */
  private static long failures(DistributedCircuitBreakers node, String module) {
    return node.list().stream().filter(c -> c.module().equals(module)).findFirst().map(Circuit::failures).orElse(-1L);
  }

  @Test
  void failures_splitOverTwoNodes_openTheCircuitOnEveryNode() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    DistributedCircuitBreakers c = node();

    fail(a, module, 3);
    fail(b, module, 1);
    Eventually.holds("4 failures counted", VISIBLE, () -> failures(c, module) == 4);
    assertThat(List.of(a, b, c)).allMatch(node -> node.tryAcquirePermission(module));

    fail(b, module, 1);
    for (DistributedCircuitBreakers node : List.of(a, b, c)) {
      Eventually.holds("open on every node", VISIBLE, () -> !node.tryAcquirePermission(module));
    }
    Circuit shown = circuit(a, module);
    assertThat(shown.state()).isEqualTo(CircuitState.OPEN);
    assertThat(shown.failures()).isEqualTo(5);
    assertThat(shown.openedAt()).contains(clock.instant());
  }

  @Test
  void success_afterSomeFailures_restartsTheCountOnEveryNode() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    fail(a, module, 4);
    Eventually.holds("b saw the failures", VISIBLE, () -> failures(b, module) == 4);

    b.onSuccess(module);
    Eventually.holds("count restarted", VISIBLE, () -> failures(a, module) == 0);
    fail(a, module, 4);
    Eventually.holds("4 new failures counted", VISIBLE, () -> failures(a, module) == 4);
    assertThat(a.tryAcquirePermission(module)).isTrue();
    assertThat(b.tryAcquirePermission(module)).isTrue();
  }

  @Test
  void openCircuit_decidesFromTheMirror_withoutAskingRedis() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    openEverywhere(a, b);

    // Deleting the hash behind the nodes' backs changes nothing they decide before the reset period ends:
    // the decision is the local mirror's.
    RedisState admin = RedisState.connect(redis.url(), InstantSource.system());
    resources.add(admin);
    admin.client().getKeys().delete(DistributedCircuitBreakers.KEY_PREFIX + module);
    for (int i = 0; i < 1_000; i++) {
      assertThat(a.tryAcquirePermission(module)).isFalse();
      assertThat(b.tryAcquirePermission(module)).isFalse();
    }

    // After the reset period a node asks Redis, learns the circuit is gone, and closes it locally.
    clock.advance(CONFIG.resetAfter());
    assertThat(a.tryAcquirePermission(module)).isTrue();
    assertThat(a.mirroredState(module)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void resetPeriodOver_exactlyOneProbeAcrossNodes() throws Exception {
    List<DistributedCircuitBreakers> nodes = List.of(node(), node(), node());
    openEverywhere(nodes.toArray(DistributedCircuitBreakers[]::new));
    clock.advance(CONFIG.resetAfter());

    int callersPerNode = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (DistributedCircuitBreakers node : nodes) {
        for (int i = 0; i < callersPerNode; i++) {
          answers.add(callers.submit(() -> {
            start.await();
            return node.tryAcquirePermission(module);
          }));
        }
      }
      start.countDown();
    }
    long permitted = 0;
    for (Future<Boolean> answer : answers) {
      permitted += answer.get() ? 1 : 0;
    }
    assertThat(permitted).isEqualTo(1);
    assertThat(circuit(nodes.getFirst(), module).state()).isEqualTo(CircuitState.HALF_OPEN);
    for (DistributedCircuitBreakers node : nodes) {
      Eventually.holds("half-open mirrored", VISIBLE, () -> node.mirroredState(module) == CircuitState.HALF_OPEN);
      assertThat(node.tryAcquirePermission(module)).isFalse();
    }
  }

  @Test
  void probeSuccess_closesTheCircuitEverywhere() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    openEverywhere(a, b);
    clock.advance(CONFIG.resetAfter());

    assertThat(b.tryAcquirePermission(module)).isTrue();
    b.onSuccess(module); // at once: the half-open message may not have reached b's mirror yet

    for (DistributedCircuitBreakers node : List.of(a, b)) {
      Eventually.holds("closed everywhere", VISIBLE, () -> node.mirroredState(module) == CircuitState.CLOSED);
      assertThat(node.tryAcquirePermission(module)).isTrue();
    }
    assertThat(circuit(a, module)).extracting(Circuit::state, Circuit::failures).containsExactly(CircuitState.CLOSED, 0L);
  }

  @Test
  void probeFailure_reopensTheCircuitEverywhere() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    openEverywhere(a, b);
    clock.advance(CONFIG.resetAfter());

    assertThat(a.tryAcquirePermission(module)).isTrue();
    a.onFailure(module);

    for (DistributedCircuitBreakers node : List.of(a, b)) {
      Eventually.holds("reopened everywhere", VISIBLE, () -> node.mirroredState(module) == CircuitState.OPEN);
      assertThat(node.tryAcquirePermission(module)).isFalse();
    }
    assertThat(circuit(b, module).openedAt()).contains(clock.instant());
    clock.advance(CONFIG.resetAfter());
    assertThat(b.tryAcquirePermission(module)).isTrue(); // a new probe after a new reset period
    assertThat(a.tryAcquirePermission(module)).isFalse();
  }

  @Test
  void probeHolder_neverReports_anotherProbeAfterAResetPeriod() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    openEverywhere(a, b);
    clock.advance(CONFIG.resetAfter());
    assertThat(a.tryAcquirePermission(module)).isTrue(); // a's node "dies" holding the probe
    Eventually.holds("half-open on b", VISIBLE, () -> b.mirroredState(module) == CircuitState.HALF_OPEN);
    assertThat(b.tryAcquirePermission(module)).isFalse();

    clock.advance(CONFIG.resetAfter());
    assertThat(b.tryAcquirePermission(module)).isTrue();
  }

  @Test
  void reset_closesTheCircuitEverywhere() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    openEverywhere(a, b);

    assertThat(b.reset(module)).isTrue();

    for (DistributedCircuitBreakers node : List.of(a, b)) {
      Eventually.holds("closed everywhere", VISIBLE, () -> node.tryAcquirePermission(module));
    }
    assertThat(circuit(a, module).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void reset_unknownModule_returnsFalseAndCreatesNothing() {
    DistributedCircuitBreakers a = node();
    assertThat(a.reset(module)).isFalse();
    assertThat(a.list()).noneMatch(c -> c.module().equals(module));
  }

  @Test
  void reset_malformedNames_areRejectedWithTheReason() {
    DistributedCircuitBreakers a = node();
    assertThatThrownBy(() -> a.reset(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("module");
    assertThatThrownBy(() -> a.reset("  ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> a.reset("x".repeat(10_000))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 256 characters, was 10000");
  }

  @Test
  void nodeStartedLater_seesTheOpenCircuitAtOnce() {
    DistributedCircuitBreakers a = node();
    openEverywhere(a);

    DistributedCircuitBreakers late = node();

    assertThat(late.tryAcquirePermission(module)).isFalse();
    assertThat(late.mirroredState(module)).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void perModuleOverride_appliesItsOwnThreshold() {
    String fragile = module + "-fragile";
    Map<String, CircuitBreakerConfig> overrides =
        Map.of(fragile, new CircuitBreakerConfig(2, Duration.ofSeconds(5), 1));
    DistributedCircuitBreakers a = node(overrides);
    DistributedCircuitBreakers b = node(overrides);

    fail(a, fragile, 1);
    fail(b, fragile, 1);
    fail(a, module, 2);

    Eventually.holds("fragile open", VISIBLE, () -> !a.tryAcquirePermission(fragile));
    Eventually.holds("2 failures of the default module counted", VISIBLE, () -> failures(a, module) == 2);
    assertThat(a.tryAcquirePermission(module)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(b.tryAcquirePermission(fragile)).isTrue(); // its own, shorter reset period
  }

  @ParameterizedTest
  @ValueSource(strings = {"a|b|c", "1|open|5|0|0|", "模块 ✓", "{hash-tag}*?[x]", "line\nbreak"})
  void hostileModuleNames_workLikeAnyOther(String name) {
    module = name + "-" + UUID.randomUUID();
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    openEverywhere(a, b);
    assertThat(circuit(b, module).state()).isEqualTo(CircuitState.OPEN);
    assertThat(a.reset(module)).isTrue();
    Eventually.holds("closed on b", VISIBLE, () -> b.tryAcquirePermission(module));
  }

  @Test
  void oversizedModuleName_isCountedToo() {
    module = "M".repeat(100_000) + UUID.randomUUID();
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    openEverywhere(a, b);
  }

  @Test
  void malformedMessagesOnTheChannel_areIgnored() {
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    RedisState admin = RedisState.connect(redis.url(), InstantSource.system());
    resources.add(admin);
    var topic = admin.client().getTopic(DistributedCircuitBreakers.CHANNEL, StringCodec.INSTANCE);
    for (String garbage : List.of("", "|||||", "x|open|1|2|3|" + module, "1|exploded|1|2|3|" + module,
        "1|open|1|2|3|", "9".repeat(50) + "|open|1|2|3|" + module, "\u0000".repeat(1_000_000))) {
      topic.publish(garbage);
    }

    openEverywhere(a, b); // still working, and the garbage opened nothing
    String other = module + "-other";
    assertThat(a.tryAcquirePermission(other)).isTrue();
    assertThat(b.mirroredState(other)).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void redisStopped_localBreakersDecide_thenBackToRedisWhenItReturns() {
    assumeFalse(redis.external(), "needs a Redis this test may stop");
    DistributedCircuitBreakers a = node();
    DistributedCircuitBreakers b = node();
    try {
      redis.stop();
      Eventually.holds("a degraded", RECOVERY, () -> !a.usingRedis());
      Eventually.holds("b degraded", RECOVERY, () -> !b.usingRedis());

      fail(a, module, CONFIG.failureThreshold()); // never throws, whatever Redis does
      assertThat(a.tryAcquirePermission(module)).isFalse(); // a's local breaker opened
      assertThat(b.tryAcquirePermission(module)).isTrue(); // b's did not: no shared state while degraded
      assertThat(a.list()).isNotNull();
      assertThatThrownBy(() -> a.reset(module)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unreachable");
      assertThat(a.tryAcquirePermission(module)).isTrue(); // ... but the local breaker was reset
    } finally {
      redis.start();
    }
    Eventually.holds("a back on redis", RECOVERY, a::usingRedis);
    Eventually.holds("b back on redis", RECOVERY, b::usingRedis);

    fail(a, module, CONFIG.failureThreshold());
    Eventually.holds("open on b through redis", RECOVERY, () -> !b.tryAcquirePermission(module));
    assertThat(circuit(b, module).state()).isEqualTo(CircuitState.OPEN);
  }
}
