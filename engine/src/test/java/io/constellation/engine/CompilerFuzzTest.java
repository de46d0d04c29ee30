package io.constellation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.spi.ModuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated sources go through every compiler phase: only diagnostics may come out (no exception, no
 * internal error), each with a code, a message and a position inside the source.
 */
class CompilerFuzzTest {
  private static final Compiler COMPILER = Compiler.create(ModuleRegistry.standard());

  static final List<String> SEEDS = List.of(
      "in text: String\nup = Uppercase(text)\nn = WordCount(up)\nout up\nout n\n",
      """
      type Review = { text: String, stars: Int }
      in reviews: List<Review>
      in minStars: Optional<Int>
      use stdlib.collection
      use stdlib.list as l
      good  = filter(reviews, (r) => r.stars >= (minStars ?? 4))
      texts = map(good, (r) => Trim(r.text))
      top   = Uppercase(l.list-first(texts) when not l.list-is-empty(texts) ?? "none")
              with retry: 2, timeout: 500ms, fallback: "n/a"
      out top  out texts
      """,
      """
      type Circle = { radius: Float }
      type Rect = { width: Float, height: Float }
      in shape: Circle | Rect
      in n: Int
      area = match shape { { radius } -> 3.14 * radius * radius, { width, height } -> width * height }
      label = branch { n > 10 -> "big ${n}", n > 5 -> "mid", otherwise -> "small" }
      both = { area: area, label: label } + { n: n }
      out both
      """,
      """
      in xs: List<Int>
      in flag: Boolean
      use stdlib.math
      s = if (flag and not false) add(1, 2) else multiply(3, 4)
      w = Range(1, 5) with cache: 1min, cache_backend: "memory", throttle: 10/1s, concurrency: 2, on_error: skip
      k = FilterGreaterThan(xs, s) with retry: 3, delay: 10ms, backoff: linear, priority: 70
      out w out k
      """);

  private static final String[] VOCABULARY = {
      "in", "out", "type", "use", "as", "if", "else", "branch", "otherwise", "match", "is", "when", "with", "and",
      "or", "not", "true", "false", "lazy", "x", "y", "r", "Int", "String", "List", "Optional", "Map", "Float",
      "Boolean", "Uppercase", "stdlib.math", "stdlib.collection.map", "filter", "(", ")", "[", "]", "{", "}", "<",
      ">", ",", ":", "=", "==", "!=", "<=", ">=", "+", "-", "*", "/", "??", "->", "=>", "|", "@example", "@source",
      "@sink", ".", "_", "1", "-5", "2.5", "\"s\"", "\"a${x}b\"", "\"${", "retry", "timeout", "500ms", "fallback",
      "cache", "throttle", "3/1s", "\n", " ", "#c\n", "\t", "%", "$", "\\", "9999999999999999999999", "\r\n"};

  @Test
  void mutatedValidSourcesOnlyProduceDiagnostics() {
    Random random = new Random(20261129L);
    for (int i = 0; i < 3_000; i++) {
      String seed = SEEDS.get(random.nextInt(SEEDS.size()));
      assertOnlyDiagnostics(mutate(seed, random));
    }
  }

  @Test
  void tokenSoupOnlyProducesDiagnostics() {
    Random random = new Random(7L);
    for (int i = 0; i < 3_000; i++) {
      StringBuilder source = new StringBuilder();
      int length = 1 + random.nextInt(60);
      for (int t = 0; t < length; t++) {
        source.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(random.nextBoolean() ? " " : "");
      }
      assertOnlyDiagnostics(source.toString());
    }
  }

  @Property(tries = 2_000)
  void arbitraryStringsOnlyProduceDiagnostics(@ForAll @StringLength(max = 200) String source) {
    assertOnlyDiagnostics(source);
  }

  @Test
  void seedsCompile() {
    for (String seed : SEEDS) {
      CompileResult result = COMPILER.compile(seed);
      assertThat(result.errors()).as(seed).isEmpty();
      assertThat(result.ok()).isTrue();
    }
  }

  static void assertOnlyDiagnostics(String source) {
    CompileResult result = COMPILER.compile(source);
    assertThat(result).isNotNull();
    if (result.ok()) {
      assertThat(result.get().dag()).isNotNull();
      return;
    }
    int lines = source.split("\n", -1).length;
    assertThat(result.errors()).as(source).isNotEmpty();
    for (Diagnostic error : result.errors()) {
      assertThat(error.code()).as(source).matches("E0[0-9][0-9]");
      assertThat(error.message()).isNotBlank();
      assertThat(error.line()).as(source).isBetween(1, lines + 1);
      assertThat(error.column()).as(source).isPositive();
    }
  }

  static String mutate(String seed, Random random) {
    StringBuilder text = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && !text.isEmpty(); e++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(5)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, text.charAt(random.nextInt(text.length())));
        case 2 -> text.insert(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
        case 3 -> {
          int other = random.nextInt(text.length());
          char c = text.charAt(at);
          text.setCharAt(at, text.charAt(other));
          text.setCharAt(other, c);
        }
        default -> {
          int end = Math.min(text.length(), at + 1 + random.nextInt(12));
          text.delete(at, end);
        }
      }
    }
    return text.toString();
  }

  static List<String> seeds() {
    return new ArrayList<>(SEEDS);
  }
}
