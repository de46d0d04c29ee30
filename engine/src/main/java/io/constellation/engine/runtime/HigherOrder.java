package io.constellation.engine.runtime;

import io.constellation.engine.dag.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One evaluation of a {@code hof} node over a list (LANGUAGE.md 6.4). {@code filter} and {@code map} start the
 * body for every element (bodies that call blocking modules then run concurrently) and settle as soon as the
 * outcome is known: all elements succeeded, or some element failed and every element before it succeeded, so
 * the lowest failing index wins (13.14). {@code all} and {@code any} evaluate in list order and stop at the first
 * deciding element.
 */
final class HigherOrder {
  private final Evaluator evaluator;
  private final Node.Hof hof;
  private final Env.Captures captures;
  private final Env outer;

  HigherOrder(Evaluator evaluator, Node.Hof hof, Env.Captures captures, Env outer) {
    this.evaluator = evaluator;
    this.hof = hof;
    this.captures = captures;
    this.outer = outer;
  }

  CompletableFuture<Object> run(List<?> items) {
    return switch (hof.function()) {
      case "filter" -> elementwise(items, true);
      case "map" -> elementwise(items, false);
      case "all" -> sequential(items, 0, false, new CompletableFuture<>());
      case "any" -> sequential(items, 0, true, new CompletableFuture<>());
      default -> Futures.failed(EvalFailure.evaluation("Unknown higher-order function '" + hof.function() + "'"));
    };
  }

  private CompletableFuture<Object> body(Object item) {
    return evaluator.evalTree(hof.body(), new Env(new Object[] {item}, outer, captures));
  }

  private CompletableFuture<Object> elementwise(List<?> items, boolean filter) {
    int n = items.size();
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Object>[] results = new CompletableFuture[n];
    boolean allDone = true;
    for (int i = 0; i < n; i++) {
      results[i] = body(items.get(i));
      if (results[i].isCompletedExceptionally() && allDone) {
        return results[i]; // every earlier element already succeeded: this is the lowest failing index
      }
      allDone &= results[i].isDone();
    }
    if (allDone) return Futures.done(collect(items, results, filter));
    CompletableFuture<Object> out = new CompletableFuture<>();
    Settler settler = new Settler(items, results, filter, out);
    for (CompletableFuture<Object> result : results) {
      if (!result.isDone()) result.whenComplete((v, e) -> settler.advance());
    }
    settler.advance();
    return out;
  }

  private static Object collect(List<?> items, CompletableFuture<Object>[] results, boolean filter) {
    List<Object> out = new ArrayList<>(results.length);
    for (int i = 0; i < results.length; i++) {
      Object value = results[i].resultNow();
      if (!filter) {
        out.add(value);
      } else if ((Boolean) value) {
        out.add(items.get(i));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Tracks the prefix of successfully settled elements; decides once the prefix reaches a failure or the end. */
  private static final class Settler {
    private final List<?> items;
    private final CompletableFuture<Object>[] results;
    private final boolean filter;
    private final CompletableFuture<Object> out;
    private final ReentrantLock lock = new ReentrantLock();
    private int prefix;

    Settler(List<?> items, CompletableFuture<Object>[] results, boolean filter, CompletableFuture<Object> out) {
      this.items = items;
      this.results = results;
      this.filter = filter;
      this.out = out;
    }

    void advance() {
      lock.lock();
      try {
        if (out.isDone()) return;
        while (prefix < results.length && Futures.succeeded(results[prefix])) prefix++;
        if (prefix == results.length) {
          out.complete(collect(items, results, filter));
        } else if (results[prefix].isCompletedExceptionally()) {
          out.completeExceptionally(EvalFailure.from(results[prefix].exceptionNow()));
        }
      } catch (RuntimeException e) {
        out.completeExceptionally(EvalFailure.from(e));
      } finally {
        lock.unlock();
      }
    }
  }

  /** all / any: element by element; {@code decider} is the body value that ends the walk (false for all). */
  private CompletableFuture<Object> sequential(List<?> items, int from, boolean decider,
      CompletableFuture<Object> out) {
    for (int i = from; i < items.size(); i++) {
      CompletableFuture<Object> result = body(items.get(i));
      if (!result.isDone()) {
        int next = i + 1;
        result.whenComplete((value, error) -> {
          if (error != null) {
            out.completeExceptionally(EvalFailure.from(error));
          } else if ((Boolean) value == decider) {
            out.complete(decider);
          } else {
            sequential(items, next, decider, out);
          }
        });
        return out;
      }
      if (result.isCompletedExceptionally()) {
        out.completeExceptionally(EvalFailure.from(result.exceptionNow()));
        return out;
      }
      if ((Boolean) result.resultNow() == decider) {
        out.complete(decider);
        return out;
      }
    }
    out.complete(!decider);
    return out;
  }
}
