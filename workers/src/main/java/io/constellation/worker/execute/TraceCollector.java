package io.constellation.worker.execute;

import io.constellation.engine.spi.ExecutionListener;
import io.constellation.engine.spi.NodeTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects the node traces of one execution for its result. Bounded: a pipeline with a huge number of nodes keeps
 * the first {@code maxTraces} traces and counts the rest, so a result record stays publishable.
 *
 * <p>Thread-safety: {@link #onNode} is called concurrently by the runtime; {@link #traces()} is read once the
 * execution has finished.
 */
final class TraceCollector implements ExecutionListener {
  private static final Comparator<NodeTrace> ORDER = Comparator.comparing(NodeTrace::start)
      .thenComparingInt(NodeTrace::nodeId);

  private final int maxTraces;
  private final ConcurrentLinkedQueue<NodeTrace> traces = new ConcurrentLinkedQueue<>();
  private final AtomicInteger seen = new AtomicInteger();

  TraceCollector(int maxTraces) {
    this.maxTraces = maxTraces;
  }

  @Override
  public void onNode(NodeTrace trace) {
    if (seen.incrementAndGet() <= maxTraces) traces.add(trace);
  }

  /** The collected traces by start time, then node id. */
  List<NodeTrace> traces() {
    List<NodeTrace> sorted = new ArrayList<>(traces);
    sorted.sort(ORDER);
    return sorted;
  }

  /** Traces received beyond the bound. */
  int dropped() {
    return Math.max(0, seen.get() - maxTraces);
  }
}
