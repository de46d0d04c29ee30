package io.constellation.engine.parse;

import static io.constellation.engine.parse.Sexp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.syntax.Ast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class OptionParsingTest {

  private static Ast.OptionValue value(String option) {
    ParseResult r = parse("x = f(a) with " + option + "\nout x");
    assertThat(r.diagnostics()).as(option).isEmpty();
    Ast.Call call = (Ast.Call) ((Ast.Assignment) r.pipeline().declarations().get(0)).value();
    return call.options().get(0).value();
  }

  /** Each option's value syntax produces the matching OptionValue; wrong shapes stay OtherValue for E016. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      retry: 3                      | num:3                        | 3
      retry: -1                     | num:-1                       | -1
      retry: fast                   | other:fast                   | fast
      retry: 2.5                    | other:2.5                    | 2.5
      retry: "3"                    | other:"3"                    | "3"
      concurrency: 4                | num:4                        | 4
      batch: 10                     | num:10                       | 10
      timeout: 500ms                | ms:500                       | 500ms
      timeout: 2s                   | ms:2000                      | 2s
      timeout: 1min                 | ms:60000                     | 1min
      timeout: 3h                   | ms:10800000                  | 3h
      timeout: 1d                   | ms:86400000                  | 1d
      timeout: 0ms                  | ms:0                         | 0ms
      timeout: -5s                  | ms:-5000                     | -5s
      timeout: 500                  | other:500                    | 500
      delay: 100ms                  | ms:100                       | 100ms
      cache: 5min                   | ms:300000                    | 5min
      batch_timeout: 1s             | ms:1000                      | 1s
      checkpoint: 1s                | ms:1000                      | 1s
      backoff: exponential          | word:exponential             | exponential
      backoff: 5s                   | other:5s                     | 5s
      on_error: skip                | word:skip                    | skip
      lazy: true                    | word:true                    | true
      lazy: false                   | word:false                   | false
      lazy                          | none                         | ``
      priority: high                | word:high                    | high
      priority: 120                 | num:120                      | 120
      priority: -3                  | num:-3                       | -3
      throttle: 100/1min            | rate:100/60000               | 100/1min
      throttle: 2 / 100ms           | rate:2/100                   | 2/100ms
      throttle: 0/1s                | rate:0/1000                  | 0/1s
      throttle: 5                   | other:5                      | 5
      cache_backend: "redis"        | text:redis                   | "redis"
      cache_backend: "r${x}"        | text:r(interpolated)         | "r${x}"
      cache_backend: redis          | other:redis                  | redis
      window: tumbling(5s)          | word:tumbling(ms:5000)       | tumbling(5s)
      window: sliding(1min, 10s)    | word:sliding(ms:60000,ms:10000) | sliding(1min, 10s)
      window: count(10)             | word:count(num:10)           | count(10)
      window: tumbling              | word:tumbling                | tumbling
      join: zip                     | word:zip                     | zip
      join: buffer(1s)              | word:buffer(ms:1000)         | buffer(1s)
      fallback: a + 1               | expr:(+ a 1)                 | a + 1
      fallback: "n/a"               | expr:(str 'n/a')             | "n/a"
      """)
  void optionValue_formMatchesOptionName(String option, String expected, String text) {
    Ast.OptionValue value = value(option);
    assertThat(Sexp.option(value)).isEqualTo(expected);
    assertThat(value.text()).isEqualTo(text);
  }

  @Test
  void options_severalInOrder_withSpans() {
    ParseResult r = parse("x = f(a) with retry: 2, timeout: 500ms, fallback: \"n/a\", lazy out x");
    Ast.Call call = (Ast.Call) ((Ast.Assignment) r.pipeline().declarations().get(0)).value();
    assertThat(call.options()).extracting(o -> o.name().name())
        .containsExactly("retry", "timeout", "fallback", "lazy");
    assertThat(call.options().get(1).value().span().column()).isEqualTo(34);
    assertThat(call.options().get(1).span().column()).isEqualTo(25);
  }

  @Test
  void allOptionNames_areKnown() {
    for (String name : new String[] {"retry", "timeout", "delay", "backoff", "fallback", "cache", "cache_backend",
        "throttle", "concurrency", "on_error", "lazy", "priority", "batch", "batch_timeout", "checkpoint", "window",
        "join"}) {
      ParseResult r = parse("x = f(a) with " + name + " out x");
      assertThat(r.diagnostics()).as(name).isEmpty();
    }
  }
}
