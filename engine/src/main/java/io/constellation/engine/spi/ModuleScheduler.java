package io.constellation.engine.spi;

/**
 * Host-wide slots for module attempts (LANGUAGE.md 7.2 {@code priority}). A bounded scheduler lets a fixed number
 * of attempts run at once and admits waiting ones highest priority first, FIFO among equals; the unbounded default
 * admits every attempt at once, so priority has no effect.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface ModuleScheduler {

  /** Waits for a slot for an attempt of the given priority (0..100); close the slot when the attempt ends. */
  Slot acquire(int priority) throws InterruptedException;

  /** False when every attempt is admitted at once (the runtime may then skip the scheduler entirely). */
  boolean isBounded();

  /** Attempts currently waiting for a slot. */
  default int waiting() {
    return 0;
  }

  /** A held slot. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** Admits everything at once. */
  static ModuleScheduler unbounded() {
    return UnboundedScheduler.INSTANCE;
  }

  /** At most {@code maxConcurrent} attempts at once, waiting ones by priority. */
  static ModuleScheduler bounded(int maxConcurrent) {
    return new BoundedScheduler(maxConcurrent);
  }
}
