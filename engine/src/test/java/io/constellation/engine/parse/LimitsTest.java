package io.constellation.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.Diagnostic;
import io.constellation.engine.syntax.SourceText;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

final class LimitsTest {

  /**
   * Parses on a fresh thread with an ordinary stack (1 MiB, the JVM's default thread stack size on 64-bit Linux;
   * surefire itself runs with a larger -Xss), so a parser that recursed past its depth limit would fail here.
   */
  private static ParseResult parseOnSmallStack(String source, CompilerLimits limits) throws InterruptedException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        result.set(Parser.parse(new SourceText(source), limits));
      } catch (Throwable t) {
        result.set(t);
      }
    }, "ordinary-stack", 1024 * 1024);
    thread.start();
    thread.join();
    assertThat(result.get()).isInstanceOf(ParseResult.class);
    return (ParseResult) result.get();
  }

  private static Diagnostic single(ParseResult result) {
    assertThat(result.diagnostics()).hasSize(1);
    return result.diagnostics().get(0);
  }

  @Test
  void sourceSize_overLimit_isOneE020WithByteCounts() {
    String source = "x = \"" + "é".repeat(600_000) + "\" out x";
    Diagnostic d = single(Parser.parse(new SourceText(source), CompilerLimits.DEFAULTS));
    assertThat(d.code()).isEqualTo("E020");
    assertThat(d.message()).isEqualTo("Parse error: source is 1200012 bytes, over the limit of 1048576 bytes");
    assertThat(d.line()).isEqualTo(1);
    assertThat(d.column()).isEqualTo(1);
  }

  @Test
  void sourceSize_atLimit_isAccepted() {
    CompilerLimits limits = new CompilerLimits(15, 10_000, 200);
    assertThat(Parser.parse(new SourceText("in x: Int out x"), limits).ok()).isTrue();
    assertThat(Parser.parse(new SourceText("in x: Int out xy"), limits).ok()).isFalse();
  }

  @Test
  void nodeCount_overLimit_isOneE020() {
    StringBuilder source = new StringBuilder("x = 0");
    for (int i = 0; i < 6000; i++) source.append(" + ").append(i);
    source.append(" out x");
    Diagnostic d = single(Parser.parse(new SourceText(source.toString()), CompilerLimits.DEFAULTS));
    assertThat(d.message()).isEqualTo("Parse error: more than 10000 syntax nodes (limit)");
    assertThat(Parser.parse(new SourceText(source.toString()), new CompilerLimits(1 << 20, 20_000, 200)).ok())
        .isTrue();
  }

  @Test
  void nesting_hundredThousandParens_hitsDepthLimitWithoutOverflow() throws InterruptedException {
    String source = "x = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + " out x";
    Diagnostic d = single(parseOnSmallStack(source, CompilerLimits.DEFAULTS));
    assertThat(d.code()).isEqualTo("E020");
    assertThat(d.message()).isEqualTo("Parse error: nesting deeper than 200 levels (limit)");
  }

  @Test
  void nesting_brackets_nots_interpolations_records_types_lambdas_matches() throws InterruptedException {
    int n = 100_000;
    int m = 50_000; // keeps the longer constructs under the 1 MiB source limit
    String[] sources = {
        "x = " + "[".repeat(n) + "]".repeat(n) + " out x",
        "x = " + "not ".repeat(n) + "a out x",
        "x = " + "\"${".repeat(n) + "1" + "}\"".repeat(n) + " out x",
        "x = " + "{a: ".repeat(m) + "1" + "}".repeat(m) + " out x",
        "in x: " + "List<".repeat(m) + "Int" + ">".repeat(m) + " out x",
        "in x: " + "{a: ".repeat(m) + "Int" + "}".repeat(m) + " out x",
        "x = " + "() => ".repeat(m) + "1 out x",
        "x = " + "match ".repeat(m) + "y" + " { _ -> 1 }".repeat(m) + " out x",
        "x = " + "f(".repeat(n) + ")".repeat(n) + " out x",
        "x = " + "if (a) 1 else ".repeat(m) + "2 out x",
        "x = " + "f() with fallback: ".repeat(m) + "1 out x",
        "x = " + "a ?? ".repeat(n) + "b out x",
        "x = " + "\"${".repeat(n),
    };
    for (String source : sources) {
      Diagnostic d = single(parseOnSmallStack(source, CompilerLimits.DEFAULTS));
      assertThat(d.code()).as(source.substring(0, 20)).isEqualTo("E020");
      assertThat(d.message()).as(source.substring(0, 20))
          .isIn("Parse error: nesting deeper than 200 levels (limit)",
              "Parse error: more than 10000 syntax nodes (limit)",
              // Cold (interpreted) frames are larger: the stack guard may answer before the depth count does.
              "Parse error: nesting deeper than the thread stack allows (limit 200)");
    }
  }

  @Test
  void nesting_withinLimit_parses() throws InterruptedException {
    String source = "x = " + "(".repeat(150) + "1" + ")".repeat(150) + " out x";
    assertThat(parseOnSmallStack(source, CompilerLimits.DEFAULTS).ok()).isTrue();
    String nots = "x = " + "not ".repeat(150) + "a out x";
    assertThat(parseOnSmallStack(nots, CompilerLimits.DEFAULTS).ok()).isTrue();
  }

  @Test
  void nesting_limitIsConfigurable() {
    String source = "x = ((((1)))) out x";
    assertThat(Parser.parse(new SourceText(source), new CompilerLimits(1 << 20, 10_000, 3)).diagnostics().get(0)
        .message()).isEqualTo("Parse error: nesting deeper than 3 levels (limit)");
    assertThat(Parser.parse(new SourceText(source), new CompilerLimits(1 << 20, 10_000, 10)).ok()).isTrue();
  }
}
