package io.constellation.worker.scheduler;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/** Holds submitted runnables until the test runs them, one at a time, on the test thread. */
final class ManualExecutor implements Executor {
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();

  @Override
  public void execute(Runnable command) {
    lock.lock();
    try {
      pending.addLast(command);
    } finally {
      lock.unlock();
    }
  }

  int pending() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Runs the oldest handed-over task; it may hand over the next one as it finishes. */
  void runNext() {
    Runnable next;
    lock.lock();
    try {
      next = pending.pollFirst();
    } finally {
      lock.unlock();
    }
    if (next == null) {
      throw new AssertionError("no task was handed to the executor");
    }
    next.run();
  }

  void runAll() {
    while (pending() > 0) {
      runNext();
    }
  }
}
