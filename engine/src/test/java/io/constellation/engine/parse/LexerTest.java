package io.constellation.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class LexerTest {

  private static List<Token> lex(String source) {
    return Lexer.lex(source.codePoints().toArray());
  }

  /** Tokens rendered as KIND:text, space-separated, EOF omitted. */
  private static String tokens(String source) {
    return lex(source).stream().filter(t -> t.kind() != TokenKind.EOF)
        .map(t -> t.kind() + ":" + t.text()).collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      c->d              | IDENT:c PUNCT:-> IDENT:d
      x-1               | IDENT:x-1
      a- b              | IDENT:a PUNCT:- IDENT:b
      list-length       | IDENT:list-length
      in-x in           | IDENT:in-x KEYWORD:in
      in- x             | IDENT:in PUNCT:- IDENT:x
      input is_ok       | IDENT:input IDENT:is_ok
      a -1              | IDENT:a PUNCT:- INT:1
      2-1               | INT:2 PUNCT:- INT:1
      ( -1              | PUNCT:( INT:-1
      else -1           | KEYWORD:else INT:-1
      true -1           | KEYWORD:true PUNCT:- INT:1
      ) -1              | PUNCT:) PUNCT:- INT:1
      = -1              | PUNCT:= INT:-1
      -1                | INT:-1
      <= >= == != ?? => -> | PUNCT:<= PUNCT:>= PUNCT:== PUNCT:!= PUNCT:?? PUNCT:=> PUNCT:->
      a//b              | IDENT:a PUNCT:/ PUNCT:/ IDENT:b
      1.5 1.x           | FLOAT:1.5 INT:1 PUNCT:. IDENT:x
      5ms 5s 5min 5h 5d | DURATION:5ms DURATION:5s DURATION:5min DURATION:5h DURATION:5d
      5sec 5m 5s_       | INT:5 IDENT:sec INT:5 IDENT:m INT:5 IDENT:s_
      a # comment -1    | IDENT:a
      @example          | PUNCT:@ IDENT:example
      "a${b}c"          | STRING_START:" STRING_TEXT:a INTERP_START:${ IDENT:b INTERP_END:} STRING_TEXT:c STRING_END:"
      "${ {} }"         | STRING_START:" STRING_TEXT: INTERP_START:${ PUNCT:{ PUNCT:} INTERP_END:} STRING_TEXT: STRING_END:"
      """)
  void lex_producesTokens(String source, String expected) {
    assertThat(tokens(source)).isEqualTo(expected);
  }

  @Test
  void positions_countCodePointsAndLines() {
    List<Token> tokens = lex("\uD83D\uDE00\"\n\t\uD83D\uDE00x\" y");
    // the emoji outside a string is an error; check the string on its own instead
    assertThat(tokens.get(0).kind()).isEqualTo(TokenKind.ERROR);
    List<Token> ok = lex("\"\uD83D\uDE00\n\tb\" y\r\nz");
    Token y = ok.get(3);
    assertThat(y.text()).isEqualTo("y");
    assertThat(y.span().line()).isEqualTo(2);
    assertThat(y.span().column()).isEqualTo(5);
    assertThat(y.span().start()).isEqualTo(7);
    Token z = ok.get(4);
    assertThat(z.span().line()).isEqualTo(3);
    assertThat(z.span().column()).isEqualTo(1);
    assertThat(ok.get(5).kind()).isEqualTo(TokenKind.EOF);
    assertThat(ok.get(5).span().column()).isEqualTo(2);
  }

  @Test
  void durations_carryMilliseconds() {
    List<Token> tokens = lex("250ms 3s 2min 1h 1d");
    assertThat(tokens.subList(0, 5)).extracting(Token::number)
        .containsExactly(250L, 3_000L, 120_000L, 3_600_000L, 86_400_000L);
  }

  @Test
  void intLiteral_boundsOfSixtyFourBits() {
    assertThat(lex("9223372036854775807").get(0).number()).isEqualTo(Long.MAX_VALUE);
    assertThat(lex("-9223372036854775808").get(0).number()).isEqualTo(Long.MIN_VALUE);
    assertThat(lex("9223372036854775808").get(0).kind()).isEqualTo(TokenKind.ERROR);
  }

  @Test
  void stringText_keepsRawAndDecoded_crLfReadAsLf() {
    Token text = lex("\"a\\tb\r\nc\"").get(1);
    assertThat(text.text()).isEqualTo("a\\tb\nc");
    assertThat(text.decoded()).isEqualTo("a\tb\nc");
  }

  @Test
  void unexpectedControlCharacter_namedByCodePoint() {
    assertThat(lex("\u0007").get(0).text()).isEqualTo("Parse error: unexpected character U+0007");
  }
}
