package io.constellation.engine.spi;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded {@link ModuleScheduler}: waiting attempts sit in a priority queue (highest priority first, then
 * arrival order) and only the head may take a free slot, so admission order is exactly the queue order.
 */
final class BoundedScheduler implements ModuleScheduler {
  private record Waiter(int priority, long sequence) {}

  private static final Comparator<Waiter> ORDER =
      Comparator.comparingInt((Waiter w) -> -w.priority()).thenComparingLong(Waiter::sequence);

  private final int maxConcurrent;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Waiter> queue = new PriorityQueue<>(ORDER);
  private long sequence;
  private int running;

  BoundedScheduler(int maxConcurrent) {
    if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be >= 1, was " + maxConcurrent);
    this.maxConcurrent = maxConcurrent;
  }

  @Override
  public Slot acquire(int priority) throws InterruptedException {
    lock.lock();
    try {
      Waiter me = new Waiter(priority, sequence++);
      queue.add(me);
      try {
        while (queue.peek() != me || running >= maxConcurrent) changed.await();
      } catch (InterruptedException e) {
        queue.remove(me);
        changed.signalAll();
        throw e;
      }
      queue.poll();
      running++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return new Slot() {
      private boolean released;

      @Override
      public void close() {
        lock.lock();
        try {
          if (released) return;
          released = true;
          running--;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    };
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public int waiting() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }
}
