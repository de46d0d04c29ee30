package io.constellation.engine.types;

import static io.constellation.engine.types.TestAst.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.Diagnostic;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.syntax.Ast;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class OptionCheckerTest {

  private static TypedPipeline withOptions(Ast.CallOption... options) {
    return check(let("y", callWith("Uppercase", List.of(options), str("a"))), out("y"));
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of(opt("retry", number(-1)), "Invalid value for 'retry': -1 (must be a non-negative integer)"),
        Arguments.of(opt("timeout", duration(0, "0ms")), "Invalid value for 'timeout': 0ms (must be a positive duration)"),
        Arguments.of(opt("delay", number(5)), "Invalid value for 'delay': 5 (must be a positive duration)"),
        Arguments.of(opt("cache", duration(0, "0s")), "Invalid value for 'cache': 0s (must be a positive duration)"),
        Arguments.of(opt("backoff", word("random")),
            "Invalid value for 'backoff': random (expected fixed, linear or exponential)"),
        Arguments.of(opt("cache_backend", text("r${x}", false)),
            "Invalid value for 'cache_backend': \"r${x}\" (expected a string literal)"),
        Arguments.of(opt("throttle", rate(0, 1000, "0/1s")), "Invalid value for 'throttle': 0/1s (count must be positive)"),
        Arguments.of(opt("throttle", rate(5, 0, "5/0ms")), "Invalid value for 'throttle': 5/0ms (period must be positive)"),
        Arguments.of(opt("concurrency", number(0)), "Invalid value for 'concurrency': 0 (must be a positive integer)"),
        Arguments.of(opt("on_error", word("ignore")),
            "Invalid value for 'on_error': ignore (expected propagate, skip, log or wrap)"),
        Arguments.of(opt("lazy", word("maybe")), "Invalid value for 'lazy': maybe (expected true or false)"),
        Arguments.of(opt("priority", word("urgent")),
            "Invalid value for 'priority': urgent (expected critical, high, normal, low, background or an integer)"),
        Arguments.of(opt("batch", number(0)), "Invalid value for 'batch': 0 (must be a positive integer)"),
        Arguments.of(opt("window", word("hopping")),
            "Invalid value for 'window': hopping (expected tumbling(D), sliding(D, D) or count(N))"),
        Arguments.of(opt("join", word("merge")), "Invalid value for 'join': merge (expected combine_latest, zip or buffer(D))"),
        Arguments.of(opt("nope", number(1)), "Unknown option 'nope'"));
  }

  @ParameterizedTest
  @MethodSource("invalidValues")
  void invalidOption_reportsE016(Ast.CallOption option, String message) {
    TypedPipeline typed = withOptions(option);
    assertThat(typed.errors()).extracting(Diagnostic::code, Diagnostic::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("E016", message));
  }

  @Test
  void duplicateOption_reportsE016AtSecondName() {
    TypedPipeline typed = withOptions(opt("retry", number(1)), opt("retry", at(1, 30), number(2)));
    assertThat(typed.errors()).extracting(Diagnostic::message, Diagnostic::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Duplicate option 'retry'", 30));
  }

  @Test
  void wrapWithFallback_isE016() {
    TypedPipeline typed = withOptions(opt("on_error", word("wrap")), opt("fallback", expr(str("x"))));
    assertThat(typed.errors()).extracting(Diagnostic::message)
        .containsExactly("Invalid value for 'on_error': wrap (cannot be combined with 'fallback')");
  }

  @Test
  void fallbackOfWrongType_isE017() {
    TypedPipeline typed = withOptions(opt("fallback", expr(num(1, at(2, 20)))));
    assertThat(typed.errors()).extracting(Diagnostic::code, Diagnostic::message, Diagnostic::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("E017",
            "Fallback type mismatch: module returns String but fallback is Int", 20));
  }

  static Stream<Arguments> warnings() {
    return Stream.of(
        Arguments.of(List.of(opt("delay", duration(10, "10ms"))), "'delay' without 'retry' has no effect"),
        Arguments.of(List.of(opt("retry", number(1)), opt("backoff", word("linear"))),
            "'backoff' without 'delay' has no effect"),
        Arguments.of(List.of(opt("cache_backend", text("redis", true))), "'cache_backend' without 'cache' has no effect"),
        Arguments.of(List.of(opt("retry", number(11))),
            "High retry count (11) - consider using a lower value with exponential backoff"),
        Arguments.of(List.of(opt("priority", number(150))), "'priority' 150 clamped to 100"),
        Arguments.of(List.of(opt("priority", number(-3))), "'priority' -3 clamped to 0"),
        Arguments.of(List.of(opt("checkpoint", duration(1000, "1s"))), "Option 'checkpoint' is ignored by the batch runtime"),
        Arguments.of(List.of(opt("on_error", word("skip")), opt("fallback", expr(str("x")))),
            "'on_error' has no effect when 'fallback' is set"));
  }

  @ParameterizedTest
  @MethodSource("warnings")
  void optionWarnings(List<Ast.CallOption> options, String warning) {
    TypedPipeline typed = withOptions(options.toArray(Ast.CallOption[]::new));
    assertThat(typed.ok()).isTrue();
    assertThat(typed.warnings()).extracting(Diagnostic::message).contains(warning);
  }

  @Test
  void backoffAlone_warnsTwice_andBatchTimeoutWithoutBatch() {
    assertThat(withOptions(opt("backoff", word("fixed"))).warnings()).extracting(Diagnostic::message)
        .containsExactly("'backoff' without 'delay' has no effect", "'backoff' without 'retry' has no effect");
    assertThat(withOptions(opt("batch_timeout", duration(5, "5ms"))).warnings()).extracting(Diagnostic::message)
        .contains("'batch_timeout' without 'batch' has no effect");
    assertThat(withOptions(opt("window", word("count", number(3))), opt("batch", number(2))).warnings())
        .extracting(Diagnostic::message)
        .contains("'window' and 'batch' are mutually exclusive; 'batch' will be ignored");
  }

  @Test
  void options_areNormalised() {
    TypedPipeline typed = withOptions(opt("retry", number(2)), opt("timeout", duration(500, "500ms")),
        opt("throttle", rate(100, 60000, "100/1min")), opt("priority", word("high")), opt("lazy", none()),
        opt("batch", number(3)));
    TypedExpr.Call call = (TypedExpr.Call) typed.assignments().get("y").value();
    assertThat(call.options()).isEqualTo(new CallOptions(2, 500L, null, null, null, null,
        new CallOptions.Throttle(100, 60000), null, null, true, 80));
  }
}
