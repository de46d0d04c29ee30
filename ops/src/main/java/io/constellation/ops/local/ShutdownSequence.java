package io.constellation.ops.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Closes what was started, newest first, each exactly once; a failure to close one part is reported and the rest
 * still close.
 *
 * <p>Thread-safety: not thread-safe; owned by whoever starts the parts.
 */
final class ShutdownSequence implements AutoCloseable {
  private record Part(String name, AutoCloseable resource) {}

  private final Deque<Part> started = new ArrayDeque<>();
  private final Consumer<String> problems;

  /** @param problems receives one line per part that did not close cleanly */
  ShutdownSequence(Consumer<String> problems) {
    this.problems = problems;
  }

  /** Registers {@code resource} (closed before everything registered earlier) and returns it. */
  <T extends AutoCloseable> T add(String name, T resource) {
    started.push(new Part(name, resource));
    return resource;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      Part part = started.pop();
      try {
        part.resource().close();
      } catch (Exception e) {
        problems.accept(part.name() + " did not close cleanly: " + e.getMessage());
      }
    }
  }
}
