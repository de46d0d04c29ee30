package io.constellation.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.syntax.SourceText;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

final class SourceHashProperties {
  private static final String BASE = """
      type R = { a: Int, b: List<String> }
      @example(3) in n: Int
      use stdlib.math as m
      y = m.add(n, -1) + 2 * 3.5
      s = "x${y} \\n $z" ?? "d"
      z = f(y) with retry: 2, timeout: 500ms, fallback: "n/a"
      out y
      """;

  private static String hash(String source) {
    return Parser.parse(new SourceText(source), new CompilerLimits(1 << 20, 100_000, 200)).sourceHash();
  }

  private static List<Token> significant(String source) {
    return Lexer.lex(source.codePoints().toArray()).stream().filter(t -> t.kind() != TokenKind.EOF).toList();
  }

  /** Re-joins the tokens of BASE with random whitespace and comments wherever a token boundary allows it. */
  private static String reformat(String source, Random random) {
    int[] cps = source.codePoints().toArray();
    List<Token> tokens = significant(source);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      out.append(new String(cps, t.span().start(), t.span().end() - t.span().start()));
      if (i + 1 == tokens.size()) break;
      Token next = tokens.get(i + 1);
      boolean inString = t.kind() == TokenKind.STRING_START || t.kind() == TokenKind.STRING_TEXT
          || next.kind() == TokenKind.STRING_TEXT || next.kind() == TokenKind.STRING_END;
      boolean glued = t.span().end() == next.span().start()
          && (next.isPunct(".") || t.isPunct(".") || t.isPunct("@"));
      // gaps inside string text or around '.' are not whitespace positions
      if (inString || glued) {
        out.append(new String(cps, t.span().end(), next.span().start() - t.span().end()));
        continue;
      }
      out.append(switch (random.nextInt(5)) {
        case 0 -> " ";
        case 1 -> "\n\t";
        case 2 -> "  # a comment with \"quotes\" and ${x}\n";
        case 3 -> "\r\n ";
        default -> " \t ";
      });
    }
    return out.toString();
  }

  @Property(tries = 300)
  void whitespaceAndComments_betweenTokens_keepTheHash(@ForAll long seed) {
    String reformatted = reformat(BASE, new Random(seed));
    assertThat(Parser.parse(new SourceText(reformatted), CompilerLimits.DEFAULTS).diagnostics())
        .as(reformatted).isEmpty();
    assertThat(hash(reformatted)).as(reformatted).isEqualTo(hash(BASE));
  }

  @Property(tries = 300)
  void changingALiteral_changesTheHash(@ForAll long seed) {
    Random random = new Random(seed);
    List<Token> literals = significant(BASE).stream()
        .filter(t -> t.kind() == TokenKind.INT || t.kind() == TokenKind.FLOAT || t.kind() == TokenKind.DURATION
            || t.kind() == TokenKind.STRING_TEXT && !t.text().isEmpty())
        .toList();
    Token target = literals.get(random.nextInt(literals.size()));
    int[] cps = BASE.codePoints().toArray();
    String before = new String(cps, 0, target.span().start());
    String after = new String(cps, target.span().end(), cps.length - target.span().end());
    String replacement = switch (target.kind()) {
      case INT -> Long.toString(target.number() + 1 + random.nextInt(100));
      case FLOAT -> target.text() + (1 + random.nextInt(9));
      case DURATION -> (target.number() + 1) + "ms";
      default -> target.text() + "q";
    };
    String changed = before + replacement + after;
    assertThat(hash(changed)).as(changed).isNotNull().isNotEqualTo(hash(BASE));
  }

  @Example
  void hash_isSha256OfCanonicalLexemeArray() {
    String expected = CanonicalJson.sha256("[\"x\",\"=\",\"\\\"\",\"a\\\\n\",\"${\",\"-1\",\"}\",\"\\\"\",\"out\",\"x\"]");
    assertThat(hash("x = \"a\\n${-1}\" # c\nout x")).isEqualTo(expected);
  }

  @Example
  void hash_isNullWhenLexingFails_butPresentForParseErrors() {
    assertThat(hash("x = 1 % 2 out x")).isNull();
    assertThat(hash("x = = out x")).isNotNull();
  }

  @Example
  void hash_distinguishesEscapesAndStringBoundaries() {
    assertThat(hash("x = \"a\\nb\" out x")).isNotEqualTo(hash("x = \"a\nb\" out x"));
    assertThat(hash("x = \"ab\" out x")).isNotEqualTo(hash("x = \"a\" + \"b\" out x"));
    assertThat(hash("x = \"a\r\nb\" out x")).isEqualTo(hash("x = \"a\nb\" out x"));
  }
}
