package io.constellation.engine.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.ModuleScheduler;
import io.constellation.engine.spi.RateLimiterRegistry;
import io.constellation.engine.types.Type;
import io.constellation.engine.value.JsonValues;
import io.constellation.engine.value.ValueConversionException;
import io.constellation.engine.value.Values;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a call node once its arguments are known, in the order of LANGUAGE.md 7.2: module lookup, cache,
 * attempts (backoff wait, circuit breaker, throttle token, concurrency permit, scheduler slot, invocation bounded
 * by the timeout, result conformance), then fallback or {@code on_error}, then {@code wrap}. The breaker is asked
 * first so that an open circuit fails at once (code CIRCUIT_OPEN, no further retries) without holding a token, a
 * permit or a slot.
 *
 * <p>Calls that cannot block (modules declared non-blocking, without waiting options) run on the demanding thread; all
 * others run their whole attempt loop as one task on the executor (a virtual thread by default), which may be
 * interrupted when the execution's deadline expires or its result is complete.
 *
 * <p>Thread-safety: stateless apart from the shared services; one instance serves every execution of a runtime.
 */
final class CallRunner {
  /** The error code of a call refused by an open circuit breaker (fallback and on_error still apply). */
  static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";

  private static final Logger LOG = LoggerFactory.getLogger(CallRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long MAX_WAIT_MILLIS = 30_000;

  private final Services services;

  CallRunner(Services services) {
    this.services = services;
  }

  /** The result of the attempt loop: a value, or the cause and code of the last failed attempt. */
  private record Outcome(boolean success, Object value, String cause, String code) {
    static Outcome success(Object value) {
      return new Outcome(true, value, null, null);
    }

    static Outcome failure(String cause, String code) {
      return new Outcome(false, null, cause, code);
    }
  }

  CompletableFuture<Object> run(CallSite site, Object[] args, Supplier<CompletableFuture<Object>> fallback,
      Execution execution, int traceId) {
    if (site.implementation() == null) {
      return Futures.failed(new EvalFailure("MODULE_NOT_FOUND", "Module '" + site.module() + "' not found",
          site.module(), false));
    }
    if (site.runsInline(services.scheduler().isBounded())) {
      Outcome outcome;
      try {
        outcome = attempts(site, args, execution, traceId);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Futures.failed(interrupted(site));
      }
      return finish(site, outcome, fallback);
    }
    CompletableFuture<Object> out = new CompletableFuture<>();
    FutureTask<Void> task = new FutureTask<>(() -> {
      try {
        Futures.relay(finish(site, attempts(site, args, execution, traceId), fallback), out);
      } catch (InterruptedException e) {
        out.completeExceptionally(interrupted(site));
      } catch (RuntimeException e) {
        out.completeExceptionally(EvalFailure.from(e));
      }
      return null;
    });
    if (!execution.track(task)) return Futures.failed(interrupted(site));
    out.whenComplete((v, e) -> execution.untrack(task));
    try {
      services.executor().execute(task);
    } catch (RuntimeException e) {
      execution.untrack(task);
      return Futures.failed(new EvalFailure("MODULE_EXECUTION",
          "Module '" + site.module() + "' execution failed: " + message(e), site.module(), false));
    }
    return out;
  }

  private static EvalFailure interrupted(CallSite site) {
    return new EvalFailure("MODULE_EXECUTION", "Module '" + site.module() + "' execution failed: interrupted",
        site.module(), false);
  }

  /** After the attempts: the value (wrapped), or fallback / on_error. */
  private CompletableFuture<Object> finish(CallSite site, Outcome outcome,
      Supplier<CompletableFuture<Object>> fallback) {
    if (outcome.success()) return Futures.done(site.wrap() ? wrapped(true, Optional.of(outcome.value()),
        Optional.empty()) : outcome.value());
    CallOptions.OnError onError = site.options().onError() == null
        ? CallOptions.OnError.PROPAGATE : site.options().onError();
    String failure = "Module '" + site.module() + "' execution failed: " + outcome.cause();
    if (site.hasFallback()) {
      if (onError == CallOptions.OnError.LOG) LOG.warn(failure);
      return fallback.get();
    }
    return switch (onError) {
      case PROPAGATE -> Futures.failed(new EvalFailure(outcome.code(),
          outcome.code().equals("MODULE_EXECUTION") || outcome.code().equals(CIRCUIT_OPEN) ? failure
              : outcome.cause(), site.module(), false));
      case SKIP -> Futures.done(Values.zero(site.resultType()));
      case LOG -> {
        LOG.warn(failure);
        yield Futures.done(Values.zero(site.resultType()));
      }
      case WRAP -> Futures.done(wrapped(false, Optional.empty(), Optional.of(outcome.cause())));
    };
  }

  private static Map<String, Object> wrapped(boolean isRight, Optional<Object> right, Optional<String> left) {
    return Map.of("isRight", isRight, "left", left, "right", right);
  }

  private Outcome attempts(CallSite site, Object[] args, Execution execution, int traceId)
      throws InterruptedException {
    Map<String, Object> arguments = arguments(site, args);
    CallOptions options = site.options();
    CacheBackend cache = null;
    String cacheKey = null;
    if (options.cacheMs() != null) {
      cache = options.cacheBackend() == null
          ? services.caches().defaultBackend() : services.caches().backend(options.cacheBackend());
      cacheKey = cacheKey(site, args);
      Object hit = cacheLookup(cache, cacheKey, site.resultType());
      if (hit != null) {
        if (traceId >= 0 && execution.cacheHits != null) execution.cacheHits[traceId] = true;
        return Outcome.success(hit);
      }
    }
    int retries = options.retry() == null ? 0 : options.retry();
    Outcome last = null;
    for (int n = 0; n <= retries; n++) {
      if (n > 0) {
        long wait = waitMillis(options, n);
        if (wait > 0) services.sleeper().sleep(Duration.ofMillis(wait));
      }
      last = attempt(site, arguments, args);
      if (traceId >= 0 && execution.attempts != null) execution.attempts[traceId]++;
      if (last.success()) {
        if (cache != null) cacheStore(cache, cacheKey, last.value(), site, options.cacheMs());
        return last;
      }
      if (last.code().equals(CIRCUIT_OPEN)) return last; // retrying into an open circuit only adds waiting
    }
    if (retries > 0) {
      return Outcome.failure("Operation failed after " + (retries + 1) + " attempts: " + last.cause(), last.code());
    }
    return last;
  }

  private Outcome attempt(CallSite site, Map<String, Object> arguments, Object[] args)
      throws InterruptedException {
    CallOptions options = site.options();
    String module = site.module();
    // An open circuit fails the attempt at once: before waiting for a throttle token, a permit or a slot.
    if (!services.breakers().tryAcquirePermission(module)) {
      return Outcome.failure("Circuit breaker open for module '" + module + "'", CIRCUIT_OPEN);
    }
    if (options.throttle() != null) {
      services.limiters().acquireToken(module, options.throttle().count(),
          Duration.ofMillis(options.throttle().perMs()));
    }
    RateLimiterRegistry.Permit permit =
        options.concurrency() == null ? null : services.limiters().acquirePermit(module, options.concurrency());
    try {
      ModuleScheduler.Slot slot =
          services.scheduler().isBounded() ? services.scheduler().acquire(site.priority()) : null;
      try {
        Outcome outcome = invoke(site, arguments, args);
        if (outcome.success()) {
          services.breakers().onSuccess(module);
        } else {
          services.breakers().onFailure(module);
        }
        return outcome;
      } finally {
        if (slot != null) slot.close();
      }
    } finally {
      if (permit != null) permit.close();
    }
  }

  private Outcome invoke(CallSite site, Map<String, Object> arguments, Object[] args) throws InterruptedException {
    Object raw;
    try {
      if (site.containsComparison() != null) {
        raw = contains((List<?>) args[0], args[1], site.containsComparison());
      } else if (site.options().timeoutMs() != null) {
        raw = invokeWithTimeout(site, arguments, site.options().timeoutMs());
      } else {
        raw = site.implementation().invoke(arguments);
      }
    } catch (TimeoutException e) {
      return Outcome.failure("Operation timed out after " + site.options().timeoutMs() + "ms", "MODULE_EXECUTION");
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
      return Outcome.failure(message(e), "MODULE_EXECUTION");
    }
    return conform(site, raw);
  }

  private Object invokeWithTimeout(CallSite site, Map<String, Object> arguments, long timeoutMs) throws Exception {
    FutureTask<Object> task = new FutureTask<>(() -> site.implementation().invoke(arguments));
    services.executor().execute(task);
    try {
      return task.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      task.cancel(true); // abandon the attempt; interrupt the module if it is blocked
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Converts a host result to a language value and checks it against the declared type (8.1, 8.3). */
  private static Outcome conform(CallSite site, Object raw) {
    Type type = site.resultType();
    if (raw instanceof Long total && type == Type.FLOAT && CallSite.LIST_SUM.equals(site.module())) {
      // list-sum of a List<Float | Int> holding only Ints sums them as Ints; its static type is Float (6.3).
      return Outcome.success((double) total);
    }
    Object value;
    try {
      value = Values.fromHost(raw, type);
    } catch (ValueConversionException e) {
      return Outcome.failure(e.getMessage(), "TYPE_CONVERSION");
    }
    if (!Values.conforms(value, type)) {
      return Outcome.failure("Expected " + type.render() + ", but got " + Values.kind(value), "TYPE_MISMATCH");
    }
    return Outcome.success(value);
  }

  private static boolean contains(List<?> items, Object value, Type comparison) {
    for (Object item : items) {
      if (Values.equal(item, value, comparison)) return true;
    }
    return false;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  private static Map<String, Object> arguments(CallSite site, Object[] args) {
    List<String> names = site.parameterNames();
    return switch (args.length) {
      case 0 -> Map.of();
      case 1 -> args[0] == null ? single(names.get(0), null) : Map.of(names.get(0), args[0]);
      default -> {
        Map<String, Object> out = new HashMap<>(args.length * 2);
        for (int i = 0; i < args.length; i++) out.put(names.get(i), args[i]);
        yield java.util.Collections.unmodifiableMap(out);
      }
    };
  }

  private static Map<String, Object> single(String name, Object value) {
    Map<String, Object> out = new HashMap<>(2);
    out.put(name, value);
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The wait before retry {@code n} (1-based): D, n*D or 2^(n-1)*D, capped at 30 s; 0 without a delay. */
  static long waitMillis(CallOptions options, int n) {
    if (options.delayMs() == null || n < 1) return 0;
    long delay = options.delayMs();
    CallOptions.Backoff backoff = options.backoff() == null ? CallOptions.Backoff.FIXED : options.backoff();
    long factor = switch (backoff) {
      case FIXED -> 1;
      case LINEAR -> n;
      case EXPONENTIAL -> n - 1 >= 62 ? Long.MAX_VALUE : 1L << (n - 1);
    };
    long wait = factor != 0 && delay > MAX_WAIT_MILLIS / factor ? MAX_WAIT_MILLIS : delay * factor;
    return Math.min(wait, MAX_WAIT_MILLIS);
  }

  /** {@code module:<module>:<sha256 of the canonical object parameter name -> argument at its type>}. */
  static String cacheKey(CallSite site, Object[] args) {
    Map<String, String> canonical = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      canonical.put(site.parameterNames().get(i), JsonValues.canonical(args[i], site.parameterTypes().get(i)));
    }
    return "module:" + site.module() + ":" + CanonicalJson.sha256(CanonicalJson.object(canonical));
  }

  private static Object cacheLookup(CacheBackend cache, String key, Type type) {
    try {
      Optional<String> stored = cache.get(key);
      if (stored.isEmpty()) return null;
      return JsonValues.decode(JSON.readTree(stored.get()), type, "cached");
    } catch (Exception e) {
      LOG.warn("cache lookup failed for {}; treated as a miss", key, e);
      return null;
    }
  }

  private static void cacheStore(CacheBackend cache, String key, Object value, CallSite site, long ttlMs) {
    try {
      cache.put(key, JsonValues.canonical(value, site.resultType()), Duration.ofMillis(ttlMs));
    } catch (RuntimeException e) {
      LOG.warn("cache store failed for {}", key, e);
    }
  }
}
