package io.constellation.ops.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * What a long-running command ({@code worker}, {@code dev}) waits for before it shuts down cleanly. In the
 * process: SIGTERM or SIGINT, through {@code sun.misc.Signal} handlers rather than only a shutdown hook, so the
 * command can finish its ordered close and return exit code 0 instead of being torn down by the JVM. In tests:
 * {@link #manual()}.
 */
interface StopSignal {
  /** Blocks until a stop is asked for. */
  void await() throws InterruptedException;

  /** SIGTERM / SIGINT. Installing replaces the JVM's default handlers for them. */
  static StopSignal onTermOrInt() {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    return stop::await;
  }

  /** A signal raised by calling {@link Manual#stop()}. */
  static Manual manual() {
    return new Manual();
  }

  /** Thread-safety: thread-safe. */
  final class Manual implements StopSignal {
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public void await() throws InterruptedException {
      stop.await();
    }

    void stop() {
      stop.countDown();
    }
  }
}
