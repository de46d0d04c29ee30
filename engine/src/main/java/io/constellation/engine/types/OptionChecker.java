package io.constellation.engine.types;

import io.constellation.engine.options.CallOptions;
import io.constellation.engine.syntax.Ast;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates and normalises the {@code with} clause of one call (LANGUAGE.md 7.1): E016 for bad values, unknown
 * and repeated options, E017 for a fallback that does not fit the return type, and every listed warning.
 * Streaming-only options are validated, warned about and dropped.
 */
final class OptionChecker {
  /** The checked options; {@code fallback} is null without one; {@code failed} when an error was reported. */
  record Result(CallOptions options, TypedExpr fallback, boolean failed) {}

  private static final Set<String> KNOWN = Set.of("retry", "timeout", "delay", "backoff", "fallback", "cache",
      "cache_backend", "throttle", "concurrency", "on_error", "lazy", "priority", "batch", "batch_timeout",
      "checkpoint", "window", "join");
  private static final Set<String> STREAMING = Set.of("batch", "batch_timeout", "checkpoint", "window", "join");
  private static final Map<String, Integer> PRIORITIES =
      Map.of("critical", 100, "high", 80, "normal", 50, "low", 20, "background", 0);

  private final Reporter reporter;
  private final Function<Ast.Expr, TypedExpr> expressions;
  private final Map<String, Ast.CallOption> valid = new HashMap<>();
  private boolean failed;

  private Integer retry;
  private Long timeoutMs;
  private Long delayMs;
  private CallOptions.Backoff backoff;
  private Long cacheMs;
  private String cacheBackend;
  private CallOptions.Throttle throttle;
  private Integer concurrency;
  private CallOptions.OnError onError;
  private Boolean lazy;
  private Integer priority;
  private TypedExpr fallback;

  private OptionChecker(Reporter reporter, Function<Ast.Expr, TypedExpr> expressions) {
    this.reporter = reporter;
    this.expressions = expressions;
  }

  /**
   * Checks {@code options} of a call whose module returns {@code returns}; {@code expressions} type-checks the
   * fallback expression in the caller's scope.
   */
  static Result check(List<Ast.CallOption> options, Type returns, Reporter reporter,
      Function<Ast.Expr, TypedExpr> expressions) {
    OptionChecker checker = new OptionChecker(reporter, expressions);
    checker.run(options, returns);
    CallOptions normalised = new CallOptions(checker.retry, checker.timeoutMs, checker.delayMs, checker.backoff,
        checker.cacheMs, checker.cacheBackend, checker.throttle, checker.concurrency, checker.onError, checker.lazy,
        checker.priority);
    return new Result(normalised, checker.fallback, checker.failed);
  }

  private void run(List<Ast.CallOption> options, Type returns) {
    Map<String, Ast.CallOption> seen = new HashMap<>();
    for (Ast.CallOption option : options) {
      String name = option.name().name();
      if (!KNOWN.contains(name)) {
        reporter.error("E016", "Unknown option '" + name + "'", option.name().span());
        failed = true;
        return; // LANGUAGE.md 7.1: compilation stops at an unknown option
      }
      if (seen.putIfAbsent(name, option) != null) {
        reporter.error("E016", "Duplicate option '" + name + "'", option.name().span());
        failed = true;
        continue;
      }
      if (value(name, option, returns)) valid.put(name, option);
    }
    crossChecks();
  }

  /** Validates one option's value; true when it is valid. */
  private boolean value(String name, Ast.CallOption option, Type returns) {
    Ast.OptionValue value = option.value();
    switch (name) {
      case "retry" -> {
        if (!(value instanceof Ast.NumberValue n) || n.value() < 0) return invalid(name, value,
            "must be a non-negative integer");
        retry = (int) Math.min(n.value(), Integer.MAX_VALUE);
        if (n.value() > 10) {
          reporter.warning("High retry count (" + n.value()
              + ") - consider using a lower value with exponential backoff", option.name().span());
        }
      }
      case "timeout", "delay", "cache", "batch_timeout", "checkpoint" -> {
        if (!(value instanceof Ast.DurationValue d) || d.millis() <= 0) return invalid(name, value,
            "must be a positive duration");
        switch (name) {
          case "timeout" -> timeoutMs = d.millis();
          case "delay" -> delayMs = d.millis();
          case "cache" -> cacheMs = d.millis();
          default -> { }
        }
      }
      case "backoff" -> {
        String word = word(value);
        if (word == null || !Set.of("fixed", "linear", "exponential").contains(word)) return invalid(name, value,
            "expected fixed, linear or exponential");
        backoff = CallOptions.Backoff.valueOf(word.toUpperCase(java.util.Locale.ROOT));
      }
      case "fallback" -> {
        if (!(value instanceof Ast.ExprValue expr)) return invalid(name, value, "expected an expression");
        TypedExpr checked = expressions.apply(expr.expr());
        if (checked == null) {
          failed = true;
          return false;
        }
        if (!Subtyping.isSubtype(checked.type(), returns)) {
          reporter.error("E017", "Fallback type mismatch: module returns " + returns.render() + " but fallback is "
              + checked.type().render(), expr.expr().span());
          failed = true;
          return false;
        }
        fallback = checked;
      }
      case "cache_backend" -> {
        if (!(value instanceof Ast.TextValue text) || !text.plain()) return invalid(name, value,
            "expected a string literal");
        cacheBackend = text.value();
      }
      case "throttle" -> {
        if (!(value instanceof Ast.RateValue rate) || rate.count() <= 0) return invalid(name, value,
            "count must be positive");
        if (rate.periodMillis() <= 0) return invalid(name, value, "period must be positive");
        throttle = new CallOptions.Throttle(rate.count(), rate.periodMillis());
      }
      case "concurrency", "batch" -> {
        if (!(value instanceof Ast.NumberValue n) || n.value() <= 0) return invalid(name, value,
            "must be a positive integer");
        if (name.equals("concurrency")) concurrency = (int) Math.min(n.value(), Integer.MAX_VALUE);
      }
      case "on_error" -> {
        String word = word(value);
        if (word == null || !Set.of("propagate", "skip", "log", "wrap").contains(word)) return invalid(name, value,
            "expected propagate, skip, log or wrap");
        onError = CallOptions.OnError.valueOf(word.toUpperCase(java.util.Locale.ROOT));
      }
      case "lazy" -> {
        String word = value instanceof Ast.NoValue ? "true" : word(value);
        if (!"true".equals(word) && !"false".equals(word)) return invalid(name, value, "expected true or false");
        lazy = Boolean.valueOf(word);
      }
      case "priority" -> {
        if (value instanceof Ast.NumberValue n) {
          long clamped = Math.max(0, Math.min(100, n.value()));
          if (clamped != n.value()) {
            reporter.warning("'priority' " + n.value() + " clamped to " + clamped, option.name().span());
          }
          priority = (int) clamped;
        } else {
          String word = word(value);
          if (word == null || !PRIORITIES.containsKey(word)) return invalid(name, value,
              "expected critical, high, normal, low, background or an integer");
          priority = PRIORITIES.get(word);
        }
      }
      case "window" -> {
        if (!validWindow(value)) return invalid(name, value, "expected tumbling(D), sliding(D, D) or count(N)");
      }
      case "join" -> {
        if (!validJoin(value)) return invalid(name, value, "expected combine_latest, zip or buffer(D)");
      }
      default -> throw new IllegalStateException("unhandled option " + name);
    }
    if (STREAMING.contains(name)) {
      reporter.warning("Option '" + name + "' is ignored by the batch runtime", option.name().span());
    }
    return true;
  }

  private void crossChecks() {
    if (valid.containsKey("on_error") && onError == CallOptions.OnError.WRAP && valid.containsKey("fallback")) {
      Ast.CallOption option = valid.get("on_error");
      reporter.error("E016", "Invalid value for 'on_error': " + option.value().text()
          + " (cannot be combined with 'fallback')", option.value().span());
      failed = true;
    }
    warnWithout("delay", "retry");
    warnWithout("backoff", "delay");
    warnWithout("backoff", "retry");
    warnWithout("cache_backend", "cache");
    warnWithout("batch_timeout", "batch");
    if (valid.containsKey("window") && valid.containsKey("batch")) {
      reporter.warning("'window' and 'batch' are mutually exclusive; 'batch' will be ignored",
          valid.get("window").name().span());
    }
    if (valid.containsKey("fallback") && valid.containsKey("on_error")
        && (onError == CallOptions.OnError.PROPAGATE || onError == CallOptions.OnError.SKIP)) {
      reporter.warning("'on_error' has no effect when 'fallback' is set", valid.get("on_error").name().span());
    }
  }

  private void warnWithout(String present, String absent) {
    if (valid.containsKey(present) && !valid.containsKey(absent)) {
      reporter.warning("'" + present + "' without '" + absent + "' has no effect", valid.get(present).name().span());
    }
  }

  private boolean invalid(String name, Ast.OptionValue value, String constraint) {
    reporter.error("E016", "Invalid value for '" + name + "': " + value.text() + " (" + constraint + ")",
        value.span());
    failed = true;
    return false;
  }

  /** The bare word of a value without arguments, or null. */
  private static String word(Ast.OptionValue value) {
    return value instanceof Ast.WordValue w && w.arguments().isEmpty() ? w.word() : null;
  }

  private static boolean validWindow(Ast.OptionValue value) {
    if (!(value instanceof Ast.WordValue w)) return false;
    List<Ast.OptionValue> args = w.arguments();
    return switch (w.word()) {
      case "tumbling" -> args.size() == 1 && positiveDuration(args.get(0));
      case "sliding" -> args.size() == 2 && positiveDuration(args.get(0)) && positiveDuration(args.get(1));
      case "count" -> args.size() == 1 && args.get(0) instanceof Ast.NumberValue n && n.value() > 0;
      default -> false;
    };
  }

  private static boolean validJoin(Ast.OptionValue value) {
    if (!(value instanceof Ast.WordValue w)) return false;
    return switch (w.word()) {
      case "combine_latest", "zip" -> w.arguments().isEmpty();
      case "buffer" -> w.arguments().size() == 1 && positiveDuration(w.arguments().get(0));
      default -> false;
    };
  }

  private static boolean positiveDuration(Ast.OptionValue value) {
    return value instanceof Ast.DurationValue d && d.millis() > 0;
  }
}
