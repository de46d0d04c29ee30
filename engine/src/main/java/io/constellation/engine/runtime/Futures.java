package io.constellation.engine.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Small combinators over {@link CompletableFuture} that run continuations inline when a value is already there
 * (most nodes are pure and settle synchronously) and fail a combination as soon as any part fails, without
 * waiting for the others (LANGUAGE.md 9.3 prompt propagation).
 */
final class Futures {
  private Futures() {}

  static CompletableFuture<Object> done(Object value) {
    return CompletableFuture.completedFuture(value);
  }

  static CompletableFuture<Object> failed(Throwable failure) {
    return CompletableFuture.failedFuture(failure);
  }

  static boolean succeeded(CompletableFuture<?> future) {
    return future.isDone() && !future.isCompletedExceptionally();
  }

  /** Runs {@code step}, turning a synchronous throw into a failed future. */
  static CompletableFuture<Object> guard(Function<Object, CompletableFuture<Object>> step, Object input) {
    try {
      return step.apply(input);
    } catch (RuntimeException e) {
      return failed(EvalFailure.from(e));
    }
  }

  /** {@code next(value)} once {@code first} succeeds; {@code first}'s failure otherwise. */
  static CompletableFuture<Object> then(CompletableFuture<Object> first,
      Function<Object, CompletableFuture<Object>> next) {
    if (first.isDone()) {
      if (first.isCompletedExceptionally()) return first;
      return guard(next, first.resultNow());
    }
    CompletableFuture<Object> out = new CompletableFuture<>();
    first.whenComplete((value, error) -> {
      if (error != null) {
        out.completeExceptionally(EvalFailure.from(error));
      } else {
        relay(guard(next, value), out);
      }
    });
    return out;
  }

  /** Completes {@code target} like {@code source}. */
  static void relay(CompletableFuture<Object> source, CompletableFuture<Object> target) {
    if (source.isDone()) {
      if (source.isCompletedExceptionally()) {
        target.completeExceptionally(EvalFailure.from(source.exceptionNow()));
      } else {
        target.complete(source.resultNow());
      }
      return;
    }
    source.whenComplete((value, error) -> {
      if (error != null) {
        target.completeExceptionally(EvalFailure.from(error));
      } else {
        target.complete(value);
      }
    });
  }

  /** Applies {@code combine} to all values once every part succeeded; fails as soon as any part fails. */
  static CompletableFuture<Object> all(CompletableFuture<Object>[] parts, Function<Object[], Object> combine) {
    Object[] values = new Object[parts.length];
    boolean[] waiting = new boolean[parts.length];
    int pending = 0;
    for (int i = 0; i < parts.length; i++) {
      CompletableFuture<Object> part = parts[i];
      if (!part.isDone()) {
        waiting[i] = true;
        pending++;
      } else if (part.isCompletedExceptionally()) {
        return part;
      } else {
        values[i] = part.resultNow();
      }
    }
    if (pending == 0) return apply(combine, values);
    CompletableFuture<Object> out = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(pending);
    for (int i = 0; i < parts.length; i++) {
      // Every part counted as pending gets a callback, even if it completed meanwhile (the callback then runs
      // at once); skipping it would leave the count above zero forever.
      if (!waiting[i]) continue;
      int index = i;
      parts[i].whenComplete((value, error) -> {
        if (error != null) {
          out.completeExceptionally(EvalFailure.from(error));
          return;
        }
        values[index] = value;
        if (remaining.decrementAndGet() == 0) relay(apply(combine, values), out);
      });
    }
    return out;
  }

  private static CompletableFuture<Object> apply(Function<Object[], Object> combine, Object[] values) {
    try {
      return done(combine.apply(values));
    } catch (RuntimeException e) {
      return failed(EvalFailure.from(e));
    }
  }
}
