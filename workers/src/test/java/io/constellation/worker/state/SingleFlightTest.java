package io.constellation.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class SingleFlightTest {

  private final SingleFlight<String, String> flight = new SingleFlight<>();

  @Test
  void concurrentCallsOfOneKey_computeOnce_andAllGetTheResult() throws Exception {
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger computations = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> leader = threads.submit(() -> flight.run("k", () -> {
        computations.incrementAndGet();
        leaderStarted.countDown();
        await(release);
        return "value";
      }));
      assertThat(leaderStarted.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<String>> waiters = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        waiters.add(threads.submit(() -> flight.run("k", () -> {
          computations.incrementAndGet();
          return "other";
        })));
      }
      Poll.until("waiters parked", Duration.ofSeconds(10), () -> waiters.stream().noneMatch(Future::isDone));
      release.countDown();
      assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("value");
      for (Future<String> waiter : waiters) {
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isIn("value", "other");
      }
    }
    // Waiters that arrived while the leader ran share its value; any late one computes anew (entry removed).
    assertThat(computations.get()).isLessThanOrEqualTo(9).isGreaterThanOrEqualTo(1);
    assertThat(flight.inFlight()).isZero();
  }

  @Test
  void waitersArrivingDuringTheComputation_shareTheLeadersValue() throws Exception {
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger computations = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> leader = threads.submit(() -> flight.run("k", () -> {
        computations.incrementAndGet();
        leaderStarted.countDown();
        await(release);
        return "value";
      }));
      assertThat(leaderStarted.await(10, TimeUnit.SECONDS)).isTrue();
      Future<String> waiter = threads.submit(() -> flight.run("k", () -> {
        computations.incrementAndGet();
        return "other";
      }));
      // the waiter cannot finish while the leader holds the key
      assertThat(waiter.isDone()).isFalse();
      Thread.sleep(100); // give a wrong implementation the chance to compute "other"
      assertThat(waiter.isDone()).isFalse();
      release.countDown();
      assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("value");
      assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("value");
    }
    assertThat(computations.get()).isEqualTo(1);
  }

  @Test
  void leadersException_reachesTheWaiters_andTheKeyIsFreedAfterwards() throws Exception {
    CountDownLatch leaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> leader = threads.submit(() -> flight.run("k", () -> {
        leaderStarted.countDown();
        await(release);
        throw new IllegalStateException("boom");
      }));
      assertThat(leaderStarted.await(10, TimeUnit.SECONDS)).isTrue();
      Future<String> waiter = threads.submit(() -> flight.run("k", () -> "should not run"));
      Thread.sleep(50);
      release.countDown();
      assertThatThrownBy(() -> leader.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("boom");
      assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("boom");
    }
    assertThat(flight.inFlight()).isZero();
    assertThat(flight.run("k", () -> "again")).isEqualTo("again");
  }

  @Test
  void differentKeys_doNotWaitForEachOther() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> slow = threads.submit(() -> flight.run("slow", () -> {
        started.countDown();
        await(release);
        return "s";
      }));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(flight.run("fast", () -> "f")).isEqualTo("f");
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("s");
    }
  }

  @Test
  void nullArguments_areRejected() {
    assertThatThrownBy(() -> flight.run(null, () -> "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> flight.run("k", null)).isInstanceOf(NullPointerException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
