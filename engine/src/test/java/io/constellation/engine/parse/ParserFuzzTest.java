package io.constellation.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.Diagnostic;
import io.constellation.engine.syntax.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

final class ParserFuzzTest {
  private static final String[] SEEDS = {
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
      @example({a: 1}) @source("k", g: "x") in r: { a: Int } | String
      m = match r { {a} -> "${a + 1}\\n", is String -> branch { true -> "t", otherwise -> "f" }, _ -> "" }
      p = r[a] + r{a} ; q = f() with throttle: 10/1s, window: tumbling(5s), lazy, priority: -3
      @sink("s3://x") out m
      """,
  };
  private static final String[] FRAGMENTS = {"(", ")", "[", "]", "{", "}", "\"", "${", ",", ":", ".", "=", "=>",
      "->", "-", "-1", "??", "when", "with", "not", "if", "else", "match", "branch", "otherwise", "@", "%", "#",
      "\\", "1.5", "5s", "x", "out", "in", "type", "use", "\n", " ", "\r"};

  private static void assertOnlyDiagnostics(String source) {
    ParseResult result = Parser.parse(new SourceText(source), CompilerLimits.DEFAULTS);
    assertThat(result).isNotNull();
    for (Diagnostic d : result.diagnostics()) {
      assertThat(d.code()).as(source).isIn("E020", "E016");
      assertThat(d.line()).as(source).isGreaterThanOrEqualTo(1);
      assertThat(d.column()).as(source).isGreaterThanOrEqualTo(1);
      assertThat(d.snippet()).as(source).isNotNull();
    }
    assertThat(result.ok() || result.diagnostics().size() == 1).as(source).isTrue();
    if (result.ok()) {
      // whatever parses must also survive the printer
      String printed = Printer.print(result.pipeline());
      assertThat(Parser.parse(new SourceText(printed), CompilerLimits.DEFAULTS).ok()).as(printed).isTrue();
    }
  }

  @Property(tries = 2000)
  void randomStrings_onlyYieldDiagnostics(@ForAll @StringLength(max = 200) String source) {
    assertOnlyDiagnostics(source);
  }

  @Property(tries = 2000)
  void randomFragmentSoup_onlyYieldsDiagnostics(@ForAll long seed) {
    Random random = new Random(seed);
    StringBuilder source = new StringBuilder();
    for (int i = random.nextInt(60); i > 0; i--) source.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
    assertOnlyDiagnostics(source.toString());
  }

  @Property(tries = 3000)
  void mutatedValidSources_onlyYieldDiagnostics(@ForAll long seed) {
    Random random = new Random(seed);
    String source = SEEDS[random.nextInt(SEEDS.length)];
    for (int m = 1 + random.nextInt(4); m > 0; m--) source = mutate(source, random);
    assertOnlyDiagnostics(source);
  }

  private static String mutate(String source, Random random) {
    if (source.isEmpty()) return FRAGMENTS[random.nextInt(FRAGMENTS.length)];
    int at = random.nextInt(source.length());
    int length = 1 + random.nextInt(Math.min(8, source.length() - at));
    return switch (random.nextInt(6)) {
      case 0 -> source.substring(0, at) + source.substring(at + length); // delete characters
      case 1 -> source.substring(0, at + length) + source.substring(at, at + length) + source.substring(at + length);
      case 2 -> { // swap two characters
        char[] chars = source.toCharArray();
        int other = random.nextInt(chars.length);
        char c = chars[at];
        chars[at] = chars[other];
        chars[other] = c;
        yield new String(chars);
      }
      case 3 -> source.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + source.substring(at);
      default -> mutateTokens(source, random);
    };
  }

  /** Deletes, duplicates or swaps whole tokens. */
  private static String mutateTokens(String source, Random random) {
    int[] cps = source.codePoints().toArray();
    List<String> pieces = new ArrayList<>();
    int last = 0;
    for (Token t : Lexer.lex(cps)) {
      if (t.kind() == TokenKind.EOF || t.kind() == TokenKind.ERROR) break;
      pieces.add(new String(cps, last, t.span().start() - last));
      pieces.add(new String(cps, t.span().start(), t.span().end() - t.span().start()));
      last = t.span().end();
    }
    if (pieces.size() < 4) return source;
    int i = 1 + 2 * random.nextInt(pieces.size() / 2);
    int j = 1 + 2 * random.nextInt(pieces.size() / 2);
    switch (random.nextInt(3)) {
      case 0 -> pieces.set(i, "");
      case 1 -> pieces.set(i, pieces.get(i) + " " + pieces.get(i));
      default -> {
        String tmp = pieces.get(i);
        pieces.set(i, pieces.get(j));
        pieces.set(j, tmp);
      }
    }
    return String.join("", pieces) + new String(cps, last, cps.length - last);
  }
}
