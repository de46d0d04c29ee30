package io.constellation.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.Node;
import io.constellation.engine.spi.ExecutionListener;
import io.constellation.engine.spi.NodeTrace;
import io.constellation.engine.value.JsonValues;
import io.constellation.engine.value.ValueConversionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one execution: one cell (a future) per top-level node, created when the node is first demanded, so
 * each node runs at most once and only when demanded (LANGUAGE.md 9.2); the errors of own failures; the module
 * tasks in flight, cancelled when the deadline expires or the result is complete.
 *
 * <p>Implementation notes: a node's error is recorded by whoever wins the race to settle its cell, so a node
 * never reports twice and a node settled by the deadline sweep ignores its late outcome. The sweep settles
 * unsettled cells in id order, children before parents: a consumer of a timed-out node therefore fails by
 * propagation before its own turn, and only nodes with pending own work report EXECUTION_TIMEOUT.
 *
 * <p>Thread-safety: demanded from many threads at once; cells are claimed with compare-and-set.
 */
final class Execution {
  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

  final Services services;
  final Plan plan;
  private final Map<String, Object> inputs;
  private final AtomicReferenceArray<CompletableFuture<Object>> cells;
  private final AtomicIntegerArray claims;
  private final ConcurrentLinkedQueue<ExecutionError> errors = new ConcurrentLinkedQueue<>();
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final Evaluator evaluator;
  private final Instant[] starts;
  final int[] attempts;
  final boolean[] cacheHits;
  private final ExecutionListener listener;
  private volatile boolean finished;

  Execution(Services services, CallRunner calls, Plan plan, Map<String, Object> inputs,
      ExecutionListener ownListener) {
    this.services = services;
    this.listener = ownListener == null ? services.listener()
        : services.tracing() ? both(services.listener(), ownListener) : ownListener;
    this.plan = plan;
    this.inputs = inputs;
    this.cells = new AtomicReferenceArray<>(plan.nodes.length);
    this.claims = new AtomicIntegerArray(plan.nodes.length);
    this.evaluator = new Evaluator(this, calls);
    boolean tracing = listener != ExecutionListener.noop();
    this.starts = tracing ? new Instant[plan.nodes.length] : null;
    this.attempts = tracing ? new int[plan.nodes.length] : null;
    this.cacheHits = tracing ? new boolean[plan.nodes.length] : null;
  }

  private static ExecutionListener both(ExecutionListener first, ExecutionListener second) {
    return trace -> {
      first.onNode(trace);
      second.onNode(trace);
    };
  }

  Object input(String name) {
    return inputs.get(name);
  }

  /** Demands every output; the returned future completes once each output has a value or has failed. */
  CompletableFuture<Void> start() {
    CompletableFuture<?>[] outputs = new CompletableFuture<?>[plan.outputIds.length];
    boolean allDone = true;
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = demand(plan.outputIds[i]);
      allDone &= outputs[i].isDone();
    }
    // Outputs fail individually; the join itself never fails.
    return allDone ? CompletableFuture.completedFuture(null)
        : CompletableFuture.allOf(outputs).handle((ignored, error) -> null);
  }

  /** The value of top-level node {@code id}, evaluating it on first demand. */
  CompletableFuture<Object> demand(int id) {
    CompletableFuture<Object> cell = cells.get(id);
    if (cell != null) return cell;
    CompletableFuture<Object> mine = new CompletableFuture<>();
    if (!cells.compareAndSet(id, null, mine)) return cells.get(id);
    if (starts != null) starts[id] = services.clock().instant();
    CompletableFuture<Object> result = evaluate(id);
    if (result.isDone()) {
      settle(id, mine, result);
    } else {
      result.whenComplete((value, error) -> settle(id, mine, result));
    }
    return mine;
  }

  private CompletableFuture<Object> evaluate(int id) {
    try {
      return evaluator.eval(plan.nodes[id], id, null);
    } catch (RuntimeException e) {
      return Futures.failed(EvalFailure.from(e));
    } catch (StackOverflowError e) {
      return Futures.failed(EvalFailure.evaluation("Evaluation too deep"));
    }
  }

  private void settle(int id, CompletableFuture<Object> cell, CompletableFuture<Object> result) {
    if (result.isCompletedExceptionally()) {
      fail(id, cell, EvalFailure.from(result.exceptionNow()));
    } else if (claims.compareAndSet(id, 0, 1)) {
      if (starts != null) trace(id, NodeTrace.Outcome.SUCCEEDED, null);
      cell.complete(result.resultNow());
    }
  }

  /** Fails the cell; an unreported failure becomes this node's own error, under its label. */
  private void fail(int id, CompletableFuture<Object> cell, EvalFailure failure) {
    // Claim the cell before recording: completing it wakes consumers (maybe the result builder), so the error
    // must be in the list by then, and only the winner of a settle race may record one.
    if (!claims.compareAndSet(id, 0, 1)) return;
    if (!failure.reported()) {
      errors.add(new ExecutionError(plan.labels[id], failure.code(), failure.getMessage(), failure.module(),
          plan.lines[id], plan.columns[id]));
    }
    if (starts != null) {
      trace(id, failure.reported() ? NodeTrace.Outcome.PROPAGATED_FAILURE : NodeTrace.Outcome.FAILED,
          failure.reported() ? null : failure.getMessage());
    }
    cell.completeExceptionally(failure.asReported());
  }

  private void trace(int id, NodeTrace.Outcome outcome, String error) {
    Instant start = starts[id] == null ? services.clock().instant() : starts[id];
    Duration duration = Duration.between(start, services.clock().instant());
    String module = plan.nodes[id] instanceof Node.Call call ? call.module() : null;
    try {
      listener.onNode(new NodeTrace(id, plan.labels[id], module, outcome, start, duration,
          attempts[id], cacheHits[id], error));
    } catch (RuntimeException e) {
      LOG.warn("execution listener failed on node {}", id, e);
    }
  }

  /** Registers module work so that it can be interrupted; false when the execution is already over. */
  boolean track(Future<?> task) {
    inFlight.add(task);
    if (finished) {
      inFlight.remove(task);
      return false;
    }
    return true;
  }

  void untrack(Future<?> task) {
    inFlight.remove(task);
  }

  /** The deadline expired: every unsettled node fails EXECUTION_TIMEOUT, pending module work is interrupted. */
  void expire(Duration deadline) {
    if (finished) return;
    String message = "Execution timed out after " + deadline.toMillis() + "ms";
    for (int id = 0; id < plan.nodes.length; id++) {
      CompletableFuture<Object> cell = cells.get(id);
      if (cell != null && !cell.isDone()) {
        String module = plan.nodes[id] instanceof Node.Call call ? call.module() : null;
        fail(id, cell, new EvalFailure("EXECUTION_TIMEOUT", message, module, false));
      }
    }
    cancelInFlight();
  }

  private void cancelInFlight() {
    for (Future<?> task : inFlight) task.cancel(true);
    inFlight.clear();
  }

  /** Builds the result once every output has settled; later work is cancelled and its errors ignored. */
  ExecutionResult finish(Instant started) {
    finished = true;
    // Errors are taken before cancelling: work cancelled now was not needed, and its interruption is no failure.
    List<ExecutionError> found = new ArrayList<>(errors);
    if (!inFlight.isEmpty()) cancelInFlight();
    Map<String, JsonNode> outputs = new HashMap<>();
    for (int i = 0; i < plan.outputIds.length; i++) {
      Dag.Output output = plan.dag.outputs().get(i);
      CompletableFuture<Object> cell = cells.get(plan.outputIds[i]);
      if (cell == null || !Futures.succeeded(cell)) continue;
      try {
        outputs.put(output.name(), JsonValues.encode(cell.resultNow(), plan.nodes[output.node()].type()));
      } catch (ValueConversionException e) {
        int id = output.node();
        found.add(new ExecutionError(plan.labels[id], "TYPE_CONVERSION", e.getMessage(), null, plan.lines[id],
            plan.columns[id]));
      }
    }
    boolean complete = outputs.size() == plan.outputIds.length;
    Duration duration = Duration.between(started, services.clock().instant());
    return new ExecutionResult(complete ? ExecutionResult.Status.COMPLETED : ExecutionResult.Status.FAILED, false,
        outputs, complete ? List.of() : found, duration);
  }
}
