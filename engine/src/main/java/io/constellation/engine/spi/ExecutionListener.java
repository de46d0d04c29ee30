package io.constellation.engine.spi;

/**
 * Receives a {@link NodeTrace} for every top-level node an execution settles. Called on the thread that settled
 * the node: keep it fast and non-blocking; an exception it throws is logged and ignored.
 *
 * <p>Thread-safety: called concurrently from many threads.
 */
@FunctionalInterface
public interface ExecutionListener {

  void onNode(NodeTrace trace);

  /** The listener that ignores everything (the runtime then skips building traces). */
  static ExecutionListener noop() {
    return NoopListener.INSTANCE;
  }
}
