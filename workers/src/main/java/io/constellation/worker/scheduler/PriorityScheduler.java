package io.constellation.worker.scheduler;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on an {@link Executor} with at most {@code maxConcurrency} running at once, highest effective priority
 * first and first-in-first-out within a priority.
 *
 * <p>A task's effective priority is its priority plus 10 for every full 5 seconds it has waited, capped at 100
 * ({@linkplain #effectivePriority aging}), so low-priority work moves up under load. A task that has waited longer
 * than the starvation timeout runs next whatever else is queued (the oldest such task first), and when that
 * overtakes the task aging alone would have picked, it counts as a {@linkplain SchedulerStats#promotions()
 * promotion}. Waiting time is read, in milliseconds, from the injected {@link InstantSource}.
 *
 * <pre>{@code
 * try (var scheduler = new PriorityScheduler(16, Duration.ofSeconds(30), InstantSource.system(),
 *     Executors.newVirtualThreadPerTaskExecutor())) {
 *   scheduler.submit(request.priority(), () -> execute(request));
 * }
 * }</pre>
 *
 * <p>A task that throws is logged and counted as completed; its slot is freed either way. The scheduler starts no
 * threads: tasks start on the executor from {@link #submit} or from the thread of a task that just finished.
 *
 * <p>Thread-safety: safe for concurrent use. {@link #submit} never blocks on running tasks (it holds a short
 * internal lock only), and no task runs while that lock is held.
 */
public final class PriorityScheduler implements AutoCloseable {

  /** Priorities run from 0 to 100, as in the request schema. */
  public static final int MIN_PRIORITY = 0;
  public static final int MAX_PRIORITY = 100;
  static final int HIGH_PRIORITY = 80;
  static final int LOW_PRIORITY = 20;
  static final int AGING_STEP = 10;
  static final Duration AGING_INTERVAL = Duration.ofSeconds(5);
  private static final long AGING_INTERVAL_MILLIS = AGING_INTERVAL.toMillis();

  private static final Logger LOG = LoggerFactory.getLogger(PriorityScheduler.class);

  /*
   * Implementation notes. One FIFO deque per base priority. Every task ages at the same rate, so within a deque
   * the head is both the oldest and the highest effective priority; the next task is therefore always one of the
   * at most 101 heads, and choosing costs O(non-empty deques) whatever the queue length, with no background
   * re-scoring thread. A bit set of the non-empty deques lets choosing skip the empty ones, usually nearly all.
   * Ties in effective priority go to the lower sequence number, which keeps FIFO order across priorities that aged
   * to the same value. Times are epoch milliseconds in longs, as the aging arithmetic runs for each head every
   * time a task starts, under the lock. Tasks are handed to the executor outside the lock.
   */
  private final int maxConcurrency;
  private final long starvationTimeoutMillis;
  private final InstantSource clock;
  private final Executor executor;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final List<ArrayDeque<Entry>> queues = new ArrayList<>(MAX_PRIORITY + 1); // index = base priority

  // Guarded by lock.
  private final BitSet nonEmpty = new BitSet(MAX_PRIORITY + 1); // bit p set = queues.get(p) holds a task
  private long sequence;
  private int queued;
  private int active;
  private long submitted;
  private long completed;
  private long highCompleted;
  private long lowCompleted;
  private long promotions;
  private boolean closed;

  private record Entry(int priority, long sequence, long enqueuedAtMillis, Runnable task) {}

  /**
   * @param maxConcurrency    most tasks running at once, >= 1
   * @param starvationTimeout a task waiting longer than this runs next; positive
   * @param clock             source of waiting time (inject a fake one in tests)
   * @param executor          runs the tasks, typically a virtual-thread-per-task executor; not owned, not closed
   */
  public PriorityScheduler(int maxConcurrency, Duration starvationTimeout, InstantSource clock, Executor executor) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
    }
    Objects.requireNonNull(starvationTimeout, "starvationTimeout");
    if (!starvationTimeout.isPositive()) {
      throw new IllegalArgumentException("starvationTimeout must be positive, was " + starvationTimeout);
    }
    this.maxConcurrency = maxConcurrency;
    // waited > timeout compares whole milliseconds with the timeout rounded down: the same as comparing exactly
    this.starvationTimeoutMillis = saturatedMillis(starvationTimeout);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
    for (int p = 0; p <= MAX_PRIORITY; p++) {
      queues.add(new ArrayDeque<>());
    }
  }

  /**
   * A scheduler that runs every task at once (the scheduler is disabled): no queue, no concurrency limit, but the
   * same statistics.
   */
  public static PriorityScheduler unbounded(Executor executor) {
    return new PriorityScheduler(Integer.MAX_VALUE, Duration.ofDays(365), InstantSource.system(), executor);
  }

  /**
   * Queues {@code task} and starts it as soon as a slot is free and nothing ahead of it is waiting. Never blocks.
   *
   * @param priority 0 (lowest) to 100 (highest)
   * @throws IllegalArgumentException when {@code priority} is outside 0..100
   * @throws IllegalStateException    after {@link #close()}
   */
  public void submit(int priority, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be between 0 and 100, was " + priority);
    }
    List<Entry> toStart;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("scheduler is closed; it accepts no new tasks");
      }
      long now = clock.millis();
      queues.get(priority).addLast(new Entry(priority, sequence++, now, task));
      nonEmpty.set(priority);
      queued++;
      submitted++;
      toStart = takeRunnable(now);
    } finally {
      lock.unlock();
    }
    start(toStart);
  }

  /** Tasks waiting for a slot. */
  public int queued() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /** Tasks running now. */
  public int active() {
    lock.lock();
    try {
      return active;
    } finally {
      lock.unlock();
    }
  }

  /** A consistent snapshot of the counters. */
  public SchedulerStats stats() {
    lock.lock();
    try {
      return new SchedulerStats(active, queued, submitted, completed, highCompleted, lowCompleted, promotions);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no task is queued or running, or the timeout passes. Queued tasks keep starting while it waits, so
   * after {@link #close()} this drains the scheduler.
   *
   * @return true when the scheduler became idle in time
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
    lock.lock();
    try {
      while (active > 0 || queued > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes every task not yet started and returns them in the order they would have run; for a shutdown that
   * abandons queued work (for example because its records will be redelivered).
   */
  public List<Runnable> removeQueued() {
    List<Runnable> removed = new ArrayList<>();
    lock.lock();
    try {
      long now = clock.millis();
      Entry next;
      while ((next = choose(now)) != null) {
        removeHead(next);
        removed.add(next.task());
      }
      queued = 0;
      signalIfIdle();
    } finally {
      lock.unlock();
    }
    return removed;
  }

  /**
   * Stops accepting tasks: {@link #submit} throws from now on. Running tasks are not interrupted and queued tasks
   * still start; use {@link #awaitIdle} to wait for them or {@link #removeQueued} to drop them. Idempotent; does not
   * block.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Priority plus 10 per full 5 s waited, at most 100. */
  static int effectivePriority(int priority, Duration waited) {
    if (waited.isNegative()) {
      return priority; // the clock went backwards: no aging rather than a negative one
    }
    return effectivePriority(priority, saturatedMillis(waited)); // whole ms: full 5 s steps are whole ms too
  }

  /** As {@link #effectivePriority(int, Duration)} for a wait in milliseconds. */
  static int effectivePriority(int priority, long waitedMillis) {
    if (waitedMillis < 0) {
      return priority; // the clock went backwards: no aging rather than a negative one
    }
    long steps = waitedMillis / AGING_INTERVAL_MILLIS;
    return (int) Math.min(MAX_PRIORITY, priority + Math.min(MAX_PRIORITY, steps) * AGING_STEP);
  }

  /**
   * Takes as many tasks as there are free slots, counting them active. Caller holds the lock.
   *
   * @param now the clock's millis, read by the caller
   */
  private List<Entry> takeRunnable(long now) {
    if (active >= maxConcurrency || queued == 0) {
      return List.of();
    }
    Entry first = takeNext(now);
    if (active >= maxConcurrency || queued == 0) {
      return List.of(first); // the usual case: one task finished, one starts
    }
    List<Entry> toStart = new ArrayList<>();
    toStart.add(first);
    while (active < maxConcurrency && queued > 0) {
      toStart.add(takeNext(now));
    }
    return toStart;
  }

  private Entry takeNext(long now) {
    Entry next = chooseCounting(now);
    removeHead(next);
    queued--;
    active++;
    return next;
  }

  /** The next task, counting a promotion when starvation overrides the aged order. Caller holds the lock. */
  private Entry chooseCounting(long now) {
    Entry byPriority = choose(now);
    Entry oldest = oldest();
    if (oldest != null && oldest != byPriority && now - oldest.enqueuedAtMillis() > starvationTimeoutMillis) {
      promotions++;
      return oldest;
    }
    return byPriority;
  }

  /** Highest effective priority among the heads, ties to the lowest sequence number; null when empty. */
  private Entry choose(long now) {
    Entry best = null;
    int bestPriority = -1;
    for (int p = nonEmpty.previousSetBit(MAX_PRIORITY); p >= MIN_PRIORITY; p = nonEmpty.previousSetBit(p - 1)) {
      Entry head = queues.get(p).peekFirst();
      int effective = effectivePriority(p, now - head.enqueuedAtMillis());
      if (effective > bestPriority || (effective == bestPriority && head.sequence() < best.sequence())) {
        best = head;
        bestPriority = effective;
      }
    }
    return best;
  }

  private Entry oldest() {
    Entry oldest = null;
    for (int p = nonEmpty.nextSetBit(MIN_PRIORITY); p >= 0; p = nonEmpty.nextSetBit(p + 1)) {
      Entry head = queues.get(p).peekFirst();
      if (oldest == null || head.sequence() < oldest.sequence()) {
        oldest = head;
      }
    }
    return oldest;
  }

  /** Removes {@code head}, the head of its priority's deque. Caller holds the lock. */
  private void removeHead(Entry head) {
    ArrayDeque<Entry> queue = queues.get(head.priority());
    queue.pollFirst();
    if (queue.isEmpty()) {
      nonEmpty.clear(head.priority());
    }
  }

  private void start(List<Entry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      try {
        executor.execute(() -> run(entry));
      } catch (RejectedExecutionException e) {
        // The executor is shutting down before us. Keep the tasks queued rather than lose them; they start on the
        // next submit or completion if the executor recovers, and removeQueued() still hands them back.
        LOG.error("executor rejected a task; {} task(s) stay queued", entries.size() - i, e);
        requeue(entries.subList(i, entries.size()));
        return;
      }
    }
  }

  private void requeue(List<Entry> entries) {
    lock.lock();
    try {
      for (int i = entries.size() - 1; i >= 0; i--) {
        Entry entry = entries.get(i);
        queues.get(entry.priority()).addFirst(entry); // it was its queue's head, so order is kept
        nonEmpty.set(entry.priority());
        queued++;
        active--;
      }
    } finally {
      lock.unlock();
    }
  }

  private void run(Entry entry) {
    try {
      entry.task().run();
    } catch (Exception e) {
      LOG.error("scheduled task (priority {}) failed", entry.priority(), e);
    } finally {
      finished(entry);
    }
  }

  private void finished(Entry entry) {
    List<Entry> toStart;
    lock.lock();
    try {
      active--;
      completed++;
      if (entry.priority() >= HIGH_PRIORITY) {
        highCompleted++;
      } else if (entry.priority() <= LOW_PRIORITY) {
        lowCompleted++;
      }
      toStart = takeRunnable(clock.millis());
      signalIfIdle();
    } finally {
      lock.unlock();
    }
    start(toStart);
  }

  private void signalIfIdle() {
    if (active == 0 && queued == 0) {
      idle.signalAll();
    }
  }

  private static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    SchedulerStats stats = stats();
    return "PriorityScheduler[max=" + maxConcurrency + ", active=" + stats.active() + ", queued=" + stats.queued()
        + "]";
  }
}
