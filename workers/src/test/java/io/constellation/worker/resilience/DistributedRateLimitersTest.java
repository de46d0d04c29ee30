package io.constellation.worker.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.constellation.engine.spi.RateLimiterRegistry;
import io.constellation.engine.spi.RateLimiterRegistry.Permit;
import io.constellation.testkit.RedisExtension;
import io.constellation.testkit.RedisService;
import io.constellation.worker.state.RedisState;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(RedisExtension.class)
final class DistributedRateLimitersTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final Duration RECOVERY = Duration.ofSeconds(20);
  /** Long enough that no token is refilled while a test runs: counts are exact, not timing-dependent. */
  private static final Duration NO_REFILL = Duration.ofMinutes(10);

  private final RedisService redis;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private String module;

  DistributedRateLimitersTest(RedisService redis) {
    this.redis = redis;
  }

  @BeforeEach
  void uniqueModule() {
    module = "Module-" + UUID.randomUUID();
  }

  @AfterEach
  void close() throws Exception {
    callers.shutdownNow();
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  private record Node(RedisState state, DistributedRateLimiters limiters) {}

  private Node node(Duration lease) {
    RedisState state = RedisState.connect(redis.url(), InstantSource.system());
    resources.add(state);
    DistributedRateLimiters limiters = DistributedRateLimiters.create(state, RateLimiterRegistry.local(),
        new DistributedRateLimiters.Options(lease, Duration.ofMillis(200)));
    resources.add(limiters);
    return new Node(state, limiters);
  }

  private DistributedRateLimiters limiters() {
    return node(Duration.ofSeconds(60)).limiters();
  }

  @Test
  void throttle_isOneBudgetForTwoNodes() {
    DistributedRateLimiters a = limiters();
    DistributedRateLimiters b = limiters();

    int taken = 0;
    for (int i = 0; i < 15; i++) {
      taken += a.tryAcquireToken(module, 10, NO_REFILL) ? 1 : 0;
      taken += b.tryAcquireToken(module, 10, NO_REFILL) ? 1 : 0;
    }

    assertThat(taken).isEqualTo(10);
  }

  @Test
  void throttle_firstCallSiteSettingsWin() {
    DistributedRateLimiters a = limiters();
    DistributedRateLimiters b = limiters();
    assertThat(a.tryAcquireToken(module, 2, NO_REFILL)).isTrue();

    int taken = 0;
    for (int i = 0; i < 10; i++) {
      taken += b.tryAcquireToken(module, 100, NO_REFILL) ? 1 : 0;
    }

    assertThat(taken).isEqualTo(1);
  }

  @Test
  void acquireToken_budgetSpent_waitsForTheRefill() throws Exception {
    DistributedRateLimiters a = limiters();
    DistributedRateLimiters b = limiters();
    for (int i = 0; i < 6; i++) {
      (i % 2 == 0 ? a : b).acquireToken(module, 3, Duration.ofMillis(300)); // the last three wait, then pass
    }
  }

  @Test
  void acquireToken_whileWaiting_honoursInterruption() throws Exception {
    DistributedRateLimiters a = limiters();
    a.acquireToken(module, 1, NO_REFILL);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        a.acquireToken(module, 1, NO_REFILL);
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    Eventually.holds("waiter blocked", BOUND, () -> waiter.getState() == Thread.State.WAITING
        || waiter.getState() == Thread.State.TIMED_WAITING);

    waiter.interrupt();

    assertThat(outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void concurrency_isOneLimitForTwoNodes() throws Exception {
    DistributedRateLimiters a = limiters();
    DistributedRateLimiters b = limiters();
    Permit first = a.acquirePermit(module, 2);
    Permit second = b.acquirePermit(module, 2);

    Future<Permit> third = callers.submit(() -> a.acquirePermit(module, 2));
    Thread.sleep(500); // give the third acquire a chance to (wrongly) succeed
    assertThat(third.isDone()).isFalse();

    second.close();
    Permit granted = third.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    granted.close();
    first.close();
    first.close(); // a second close is a no-op, not a second release

    Permit p1 = b.acquirePermit(module, 2);
    Permit p2 = a.acquirePermit(module, 2);
    Future<Permit> p3 = callers.submit(() -> a.acquirePermit(module, 2));
    Thread.sleep(300);
    assertThat(p3.isDone()).isFalse(); // still exactly two: the double close released nothing extra
    p1.close();
    p3.get(BOUND.toSeconds(), TimeUnit.SECONDS).close();
    p2.close();
  }

  @Test
  void nodeDyingWithPermits_permitsComeBackAfterTheLease() throws Exception {
    Duration lease = Duration.ofMillis(1_000);
    Node dying = node(lease);
    DistributedRateLimiters survivor = node(lease).limiters();
    dying.limiters().acquirePermit(module, 2);
    dying.limiters().acquirePermit(module, 2);

    dying.state().close(); // the node dies: no release, no lease renewal

    Permit back = survivor.acquirePermit(module, 2); // blocks until a lease ran out
    Permit alsoBack = survivor.acquirePermit(module, 2);
    back.close();
    alsoBack.close();
  }

  @Test
  void heldPermit_leaseIsRenewedWhileTheNodeLives() throws Exception {
    Duration lease = Duration.ofMillis(600);
    DistributedRateLimiters holder = node(lease).limiters();
    DistributedRateLimiters other = node(lease).limiters();
    Permit held = holder.acquirePermit(module, 1);

    Future<Permit> waiting = callers.submit(() -> other.acquirePermit(module, 1));
    Thread.sleep(2_000); // several leases long: without renewal the permit would have expired
    assertThat(waiting.isDone()).isFalse();

    held.close();
    waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS).close();
  }

  @Test
  void acquirePermit_whileWaiting_honoursInterruption_andLeaksNothing() throws Exception {
    DistributedRateLimiters a = limiters();
    Permit only = a.acquirePermit(module, 1);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        a.acquirePermit(module, 1).close();
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    Eventually.holds("waiter blocked", BOUND, () -> waiter.getState() == Thread.State.WAITING
        || waiter.getState() == Thread.State.TIMED_WAITING);

    waiter.interrupt();

    assertThat(outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    only.close();
    a.acquirePermit(module, 1).close(); // the permit is back
  }

  @Test
  void badArguments_areRejectedWithTheReason() {
    DistributedRateLimiters a = limiters();
    assertThatThrownBy(() -> a.acquireToken(module, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be >= 1, was 0");
    assertThatThrownBy(() -> a.acquireToken(module, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per must be positive");
    assertThatThrownBy(() -> a.acquireToken(module, 1, Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> a.acquireToken(null, 1, Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> a.acquirePermit(module, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be >= 1, was 0");
    assertThatThrownBy(() -> a.acquirePermit(module, -5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DistributedRateLimiters.Options(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permitLease");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a|b", "{tag}", "*?[", "模块", "\u0000", ""})
  void hostileModuleNames_workLikeAnyOther(String name) throws Exception {
    module = name + UUID.randomUUID();
    DistributedRateLimiters a = limiters();
    assertThat(a.tryAcquireToken(module, 1, NO_REFILL)).isTrue();
    assertThat(a.tryAcquireToken(module, 1, NO_REFILL)).isFalse();
    a.acquirePermit(module, 1).close();
  }

  @Test
  void hugeSettings_areAccepted() throws Exception {
    DistributedRateLimiters a = limiters();
    a.acquireToken(module, Long.MAX_VALUE / 4, Duration.ofDays(365));
    a.acquirePermit(module, Integer.MAX_VALUE).close();
  }

  @Test
  void redisStopped_localLimitersServe_thenBackToRedisWhenItReturns() throws Exception {
    assumeFalse(redis.external(), "needs a Redis this test may stop");
    Node a = node(Duration.ofSeconds(60));
    Node b = node(Duration.ofSeconds(60));
    try {
      redis.stop();
      Eventually.holds("a degraded", RECOVERY, () -> !a.state().available());

      for (int i = 0; i < 3; i++) {
        a.limiters().acquireToken(module, 3, NO_REFILL); // the local bucket's 3 tokens
      }
      Permit local = a.limiters().acquirePermit(module, 1);
      Future<Permit> second = callers.submit(() -> a.limiters().acquirePermit(module, 1));
      Thread.sleep(300);
      assertThat(second.isDone()).isFalse(); // the local limit holds too
      local.close();
      second.get(BOUND.toSeconds(), TimeUnit.SECONDS).close();
      assertThatThrownBy(() -> a.limiters().tryAcquireToken(module, 3, NO_REFILL))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("unreachable");
    } finally {
      redis.start();
    }
    Eventually.holds("a available", RECOVERY, () -> a.state().available());
    Eventually.holds("b available", RECOVERY, () -> b.state().available());

    int taken = 0;
    for (int i = 0; i < 5; i++) {
      taken += a.limiters().tryAcquireToken(module, 4, NO_REFILL) ? 1 : 0;
      taken += b.limiters().tryAcquireToken(module, 4, NO_REFILL) ? 1 : 0;
    }
    assertThat(taken).isEqualTo(4); // one cluster budget again
  }

  @Test
  void close_releasesHeldPermits() throws Exception {
    DistributedRateLimiters a = limiters();
    DistributedRateLimiters b = limiters();
    a.acquirePermit(module, 1);

    a.close();

    b.acquirePermit(module, 1).close();
  }

}
