package io.constellation.worker.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PrioritySchedulerTest {

  private static final Duration STARVATION = Duration.ofSeconds(30);

  private final FakeClock clock = new FakeClock();
  private final ManualExecutor executor = new ManualExecutor();
  private final List<String> ran = new CopyOnWriteArrayList<>();

  private PriorityScheduler scheduler(int maxConcurrency) {
    return new PriorityScheduler(maxConcurrency, STARVATION, clock, executor);
  }

  private Runnable record(String name) {
    return () -> ran.add(name);
  }

  @Test
  void submit_freeSlot_startsAtOnce() {
    PriorityScheduler scheduler = scheduler(2);

    scheduler.submit(50, record("a"));

    assertThat(executor.pending()).isEqualTo(1);
    assertThat(scheduler.active()).isEqualTo(1);
    assertThat(scheduler.queued()).isZero();
  }

  @Test
  void submit_slotsFull_runsHighestPriorityFirst() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(10, record("p10"));
    scheduler.submit(90, record("p90"));
    scheduler.submit(50, record("p50"));
    scheduler.submit(100, record("p100"));

    assertThat(scheduler.queued()).isEqualTo(4);
    executor.runAll();

    assertThat(ran).containsExactly("blocker", "p100", "p90", "p50", "p10");
  }

  @Test
  void submit_samePriority_runsFirstInFirstOut() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("blocker"));
    for (int i = 0; i < 20; i++) {
      scheduler.submit(50, record("t" + i));
    }

    executor.runAll();

    List<String> expected = new ArrayList<>(List.of("blocker"));
    for (int i = 0; i < 20; i++) {
      expected.add("t" + i);
    }
    assertThat(ran).containsExactlyElementsOf(expected);
  }

  @Test
  void aging_lowPriorityWaitedLongEnough_overtakesNewerHigherPriority() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(40, record("old40"));
    clock.advance(Duration.ofSeconds(10)); // old40 is now effectively 60
    scheduler.submit(55, record("new55"));

    executor.runAll();

    assertThat(ran).containsExactly("blocker", "old40", "new55");
  }

  @Test
  void aging_notYetAFullStep_doesNotReorder() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(40, record("old40"));
    clock.advance(Duration.ofMillis(4_999)); // not a full 5 s: still 40
    scheduler.submit(45, record("new45"));

    executor.runAll();

    assertThat(ran).containsExactly("blocker", "new45", "old40");
  }

  @Test
  void aging_equalEffectivePriority_olderRunsFirst() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(40, record("old40"));
    clock.advance(Duration.ofSeconds(5)); // old40 effectively 50, same as new50
    scheduler.submit(50, record("new50"));

    executor.runAll();

    assertThat(ran).containsExactly("blocker", "old40", "new50");
  }

  @Test
  void aging_manyPrioritiesQueuedAtOnce_runInAgedOrder() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(0, record("p0"));     // aged 20 s by the end: 0 + 40 = 40
    clock.advance(Duration.ofSeconds(5));
    scheduler.submit(30, record("p30"));   // 15 s: 30 + 30 = 60
    scheduler.submit(100, record("p100")); // 15 s: capped at 100
    clock.advance(Duration.ofSeconds(5));
    scheduler.submit(45, record("p45"));   // 10 s: 45 + 20 = 65
    scheduler.submit(60, record("p60"));   // 10 s: 60 + 20 = 80
    clock.advance(Duration.ofSeconds(10));
    scheduler.submit(60, record("new60")); // 0 s: 60, after the older p30 at 60
    scheduler.submit(70, record("p70"));   // 0 s: 70

    executor.runAll();

    assertThat(ran).containsExactly("blocker", "p100", "p60", "p70", "p45", "p30", "new60", "p0");
    assertThat(scheduler.stats().promotions()).isZero();
  }

  @Test
  void choosing_randomLoadOverManyPriorities_matchesTheDocumentedRules() {
    PriorityScheduler scheduler = scheduler(1);
    Model model = new Model();
    Random random = new Random(11);
    scheduler.submit(50, record("t0"));
    List<String> expected = new ArrayList<>(List.of("t0"));
    boolean running = true;
    for (int step = 1; step <= 5_000; step++) {
      int action = random.nextInt(10);
      if (action < 5) {
        int priority = random.nextInt(PriorityScheduler.MAX_PRIORITY + 1);
        scheduler.submit(priority, record("t" + step));
        if (running) {
          model.waiting.add(new Waiting("t" + step, priority, clock.instant()));
        } else {
          expected.add("t" + step); // a free slot: it starts at once
          running = true;
        }
      } else if (action < 7) {
        clock.advance(Duration.ofMillis(random.nextInt(7_000)));
      } else if (running) {
        executor.runNext(); // the running task finishes and starts the next one
        running = !model.waiting.isEmpty();
        if (running) expected.add(model.takeNext(clock.instant()));
      }
    }
    executor.runAll();
    while (!model.waiting.isEmpty()) expected.add(model.takeNext(clock.instant()));

    assertThat(ran).containsExactlyElementsOf(expected);
    assertThat(scheduler.stats().promotions()).isEqualTo(model.promotions).isPositive();
  }

  /** The documented choosing rules applied to every queued task, the scheduler's deques aside. */
  private static final class Model {
    final List<Waiting> waiting = new ArrayList<>(); // in submission order
    long promotions;

    String takeNext(Instant now) {
      Waiting chosen = null;
      long chosenPriority = -1;
      for (Waiting w : waiting) { // in submission order, so only a strictly higher value wins a tie
        long effective = Math.min(100, w.priority() + Duration.between(w.enqueuedAt(), now).toSeconds() / 5 * 10);
        if (effective > chosenPriority) {
          chosen = w;
          chosenPriority = effective;
        }
      }
      Waiting oldest = waiting.get(0);
      if (oldest != chosen && Duration.between(oldest.enqueuedAt(), now).compareTo(STARVATION) > 0) {
        chosen = oldest;
        promotions++;
      }
      waiting.remove(chosen);
      return chosen.name();
    }
  }

  private record Waiting(String name, int priority, Instant enqueuedAt) {}

  @ParameterizedTest(name = "priority {0} after {1}s -> {2}")
  @CsvSource({"50, 0, 50", "50, 4, 50", "50, 5, 60", "50, 9, 60", "50, 10, 70", "50, 14, 70", "50, 15, 80", "0, 25, 50", "95, 5, 100",
      "10, 100000, 100", "30, -10, 30"})
  void effectivePriority_addsTenPerFiveSecondsCappedAt100(int priority, long seconds, int expected) {
    assertThat(PriorityScheduler.effectivePriority(priority, Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "priority {0} after {1} ms -> {2}")
  @CsvSource({"50, 0, 50", "50, 4999, 50", "50, 5000, 60", "95, 5000, 100", "30, -1, 30",
      "10, 9223372036854775807, 100"})
  void effectivePriority_inMillis_agreesWithTheDurationForm(int priority, long millis, int expected) {
    assertThat(PriorityScheduler.effectivePriority(priority, millis)).isEqualTo(expected);
    assertThat(PriorityScheduler.effectivePriority(priority, Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @Test
  void effectivePriority_subMillisecondAndHugeWaits_countFullStepsOnly() {
    assertThat(PriorityScheduler.effectivePriority(50, Duration.ofNanos(4_999_999_999L))).isEqualTo(50);
    assertThat(PriorityScheduler.effectivePriority(50, Duration.ofNanos(-1))).isEqualTo(50);
    assertThat(PriorityScheduler.effectivePriority(0, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(100);
  }

  @Test
  void starvation_waitedPastTimeout_jumpsQueueAndCountsPromotion() {
    PriorityScheduler scheduler = new PriorityScheduler(1, Duration.ofSeconds(3), clock, executor);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(0, record("starved"));
    clock.advance(Duration.ofSeconds(4)); // past the timeout, but aging has not lifted it yet
    scheduler.submit(100, record("urgent"));

    executor.runAll();

    assertThat(ran).containsExactly("blocker", "starved", "urgent");
    assertThat(scheduler.stats().promotions()).isEqualTo(1);
  }

  @Test
  void starvation_notYetTimedOut_noPromotion() {
    PriorityScheduler scheduler = new PriorityScheduler(1, Duration.ofSeconds(3), clock, executor);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(0, record("waiting"));
    clock.advance(Duration.ofSeconds(2));
    scheduler.submit(100, record("urgent"));

    executor.runAll();

    assertThat(ran).containsExactly("blocker", "urgent", "waiting");
    assertThat(scheduler.stats().promotions()).isZero();
  }

  @Test
  void starvation_starvedTaskWouldRunNextAnyway_isNotAPromotion() {
    PriorityScheduler scheduler = new PriorityScheduler(1, Duration.ofSeconds(3), clock, executor);
    scheduler.submit(50, record("blocker"));
    scheduler.submit(90, record("old"));
    clock.advance(Duration.ofSeconds(10));

    executor.runAll();

    assertThat(ran).containsExactly("blocker", "old");
    assertThat(scheduler.stats().promotions()).isZero();
  }

  @Test
  void stats_countSubmittedCompletedAndPriorityBands() {
    PriorityScheduler scheduler = scheduler(2);
    scheduler.submit(80, record("high"));
    scheduler.submit(100, record("highest"));
    scheduler.submit(20, record("low"));
    scheduler.submit(0, record("lowest"));
    scheduler.submit(50, record("normal"));

    assertThat(scheduler.stats()).isEqualTo(new SchedulerStats(2, 3, 5, 0, 0, 0, 0));
    executor.runAll();

    assertThat(scheduler.stats()).isEqualTo(new SchedulerStats(0, 0, 5, 5, 2, 2, 0));
  }

  @Test
  void task_throws_isCountedAndFreesItsSlot() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, () -> {
      throw new IllegalStateException("boom");
    });
    scheduler.submit(50, record("next"));

    executor.runAll();

    assertThat(ran).containsExactly("next");
    assertThat(scheduler.stats()).isEqualTo(new SchedulerStats(0, 0, 2, 2, 0, 0, 0));
  }

  @Test
  void task_throwsError_stillFreesItsSlot() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, () -> {
      throw new AssertionError("an Error is not swallowed");
    });
    scheduler.submit(50, record("next"));

    assertThatThrownBy(executor::runNext).isInstanceOf(AssertionError.class);
    executor.runAll();

    assertThat(ran).containsExactly("next");
    assertThat(scheduler.active()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"-1", "101", "2147483647", "-2147483648"})
  void submit_priorityOutOfRange_isRejectedAndNothingQueued(int priority) {
    PriorityScheduler scheduler = scheduler(1);

    assertThatThrownBy(() -> scheduler.submit(priority, record("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priority must be between 0 and 100, was " + priority);
    assertThat(scheduler.stats().submitted()).isZero();
  }

  @Test
  void constructor_badArguments_areRejected() {
    assertThatThrownBy(() -> new PriorityScheduler(0, STARVATION, clock, executor))
        .hasMessage("maxConcurrency must be >= 1, was 0");
    assertThatThrownBy(() -> new PriorityScheduler(1, Duration.ZERO, clock, executor))
        .hasMessage("starvationTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> scheduler(1).submit(1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void close_rejectsNewTasksButQueuedOnesStillRun() throws InterruptedException {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("running"));
    scheduler.submit(50, record("queued"));

    scheduler.close();
    scheduler.close(); // idempotent

    assertThatThrownBy(() -> scheduler.submit(50, record("late")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(scheduler.awaitIdle(Duration.ZERO)).isFalse();
    executor.runAll();
    assertThat(ran).containsExactly("running", "queued");
    assertThat(scheduler.awaitIdle(Duration.ZERO)).isTrue();
  }

  @Test
  void removeQueued_returnsUnstartedTasksInRunOrder() {
    PriorityScheduler scheduler = scheduler(1);
    scheduler.submit(50, record("running"));
    Runnable low = record("low");
    Runnable high = record("high");
    scheduler.submit(10, low);
    scheduler.submit(90, high);

    assertThat(scheduler.removeQueued()).containsExactly(high, low);
    executor.runAll();

    assertThat(ran).containsExactly("running");
    assertThat(scheduler.stats().queued()).isZero();
  }

  @Test
  void executorRejects_taskStaysQueuedAndStartsLater() {
    AtomicInteger rejections = new AtomicInteger(1);
    ManualExecutor inner = executor;
    PriorityScheduler scheduler = new PriorityScheduler(1, STARVATION, clock, command -> {
      if (rejections.getAndDecrement() > 0) {
        throw new RejectedExecutionException("busy");
      }
      inner.execute(command);
    });

    scheduler.submit(50, record("first"));
    assertThat(scheduler.stats()).isEqualTo(new SchedulerStats(0, 1, 1, 0, 0, 0, 0));
    scheduler.submit(50, record("second"));
    executor.runAll();

    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void unbounded_runsEverythingAtOnce() {
    PriorityScheduler scheduler = PriorityScheduler.unbounded(executor);
    for (int i = 0; i < 1_000; i++) {
      scheduler.submit(i % 101, record("t" + i));
    }

    assertThat(scheduler.active()).isEqualTo(1_000);
    assertThat(scheduler.queued()).isZero();
    executor.runAll();
    assertThat(ran).hasSize(1_000);
    assertThat(scheduler.stats().completed()).isEqualTo(1_000);
  }

  @Test
  void maxConcurrency_manyConcurrentSubmitters_neverExceeded() throws Exception {
    int maxConcurrency = 4;
    int submitters = 8;
    int tasksEach = 200;
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      PriorityScheduler scheduler =
          new PriorityScheduler(maxConcurrency, STARVATION, java.time.InstantSource.system(), threads);
      Runnable task = () -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        Thread.yield();
        running.decrementAndGet();
      };
      List<java.util.concurrent.Future<?>> submitting = new ArrayList<>();
      for (int s = 0; s < submitters; s++) {
        int seed = s;
        submitting.add(threads.submit(() -> {
          go.await();
          for (int i = 0; i < tasksEach; i++) {
            scheduler.submit((seed * 31 + i) % 101, task);
          }
          return null;
        }));
      }
      go.countDown();
      for (var f : submitting) {
        f.get(30, TimeUnit.SECONDS);
      }

      assertThat(scheduler.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(peak.get()).isBetween(1, maxConcurrency);
      assertThat(scheduler.stats()).isEqualTo(
          new SchedulerStats(0, 0, submitters * tasksEach, submitters * tasksEach,
              scheduler.stats().highPriorityCompleted(), scheduler.stats().lowPriorityCompleted(),
              scheduler.stats().promotions()));
    }
  }

  @Test
  void maxConcurrency_blockedTasks_holdExactlyTheLimit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      PriorityScheduler scheduler = new PriorityScheduler(3, STARVATION, clock, threads);
      for (int i = 0; i < 10; i++) {
        scheduler.submit(50, () -> {
          started.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      poll(() -> started.get() == 3);
      assertThat(scheduler.active()).isEqualTo(3);
      assertThat(scheduler.queued()).isEqualTo(7);

      release.countDown();
      assertThat(scheduler.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(started.get()).isEqualTo(10);
    }
  }

  private static void poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(5);
    }
  }
}
