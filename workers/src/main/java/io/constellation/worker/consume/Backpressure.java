package io.constellation.worker.consume;

/**
 * Pause/resume decisions with hysteresis: pause fetching when the scheduler queue reaches the high-water mark,
 * resume when it has fallen to the low-water mark. The gap keeps the consumers from flapping at the threshold.
 *
 * <p>Thread-safety: {@link #update} is called by the poll thread only; {@link #paused()} may be read anywhere.
 */
final class Backpressure {
  /** What the poll thread must do to its partitions. */
  enum Change { PAUSE, RESUME, NONE }

  private final int highWaterMark;
  private final int lowWaterMark;
  private volatile boolean paused;

  Backpressure(int highWaterMark, int lowWaterMark) {
    if (lowWaterMark < 0 || lowWaterMark >= highWaterMark) {
      throw new IllegalArgumentException("need 0 <= lowWaterMark < highWaterMark, was " + lowWaterMark + " and "
          + highWaterMark);
    }
    this.highWaterMark = highWaterMark;
    this.lowWaterMark = lowWaterMark;
  }

  Change update(int queued) {
    if (!paused && queued >= highWaterMark) {
      paused = true;
      return Change.PAUSE;
    }
    if (paused && queued <= lowWaterMark) {
      paused = false;
      return Change.RESUME;
    }
    return Change.NONE;
  }

  boolean paused() {
    return paused;
  }
}
