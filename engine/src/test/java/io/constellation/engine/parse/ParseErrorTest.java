package io.constellation.engine.parse;

import static io.constellation.engine.parse.Sexp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ParseErrorTest {

  /** Each source yields exactly one E020 at the given position with the given message. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      x = 1                        | 1 | 6  | Parse error: expected at least one 'out' declaration
      ``                           | 1 | 1  | Parse error: expected at least one 'out' declaration
      x = a % b out x              | 1 | 7  | Parse error: '%' is not an operator; use modulo(a, b)
      x = a ~ b out x              | 1 | 7  | Parse error: unexpected character '~'
      x = a ! b out x              | 1 | 7  | Parse error: unexpected character '!'
      x = a ? b out x              | 1 | 7  | Parse error: unexpected character '?'
      x = and(a, b) out x          | 1 | 5  | Parse error: expected expression, found 'and'
      x = or(a, b) out x           | 1 | 5  | Parse error: expected expression, found 'or'
      x = a < b < c out x          | 1 | 11 | Parse error: comparison operators cannot be chained, found '<'; combine comparisons with 'and'
      x = a when b when c out x    | 1 | 14 | Parse error: only one 'when' is allowed per level; use parentheses
      x = f(a,) out x              | 1 | 9  | Parse error: expected expression, found ')'
      x = [1, 2,] out x            | 1 | 11 | Parse error: expected expression, found ']'
      x = {a: 1,} out x            | 1 | 11 | Parse error: expected field name, found '}'
      x = branch { a -> 1 } out x  | 1 | 21 | Parse error: expected ', otherwise -> ...' ('otherwise' is mandatory), found '}'
      x = branch { otherwise -> 1, a -> 2 } out x | 1 | 28 | Parse error: expected '}', found ','
      x = match y { _ -> 1, } out x | 1 | 23 | Parse error: expected pattern ('{fields}', 'is Type' or '_'), found '}'
      x = match y { z -> 1 } out x | 1 | 15 | Parse error: expected pattern ('{fields}', 'is Type' or '_'), found 'z'
      x = y => y + 1 out x         | 1 | 5  | Parse error: lambda parameters need parentheses: write (y) => ...
      x = if a 1 else 2 out x      | 1 | 8  | Parse error: expected '(', found 'a'
      x = if (a) 1 out x           | 1 | 14 | Parse error: expected 'else', found 'out'
      x = if (c) - 1 else 2 out x  | 1 | 12 | Parse error: expected expression, found '-'
      x = -2.5 out x               | 1 | 5  | Parse error: a Float literal cannot have a sign: write 0.0 - 2.5
      x = 9223372036854775808 out x | 1 | 5 | Parse error: integer literal out of range: 9223372036854775808
      x = -9223372036854775809 out x | 1 | 5 | Parse error: integer literal out of range: -9223372036854775809
      x = "abc out x               | 1 | 5  | Parse error: unterminated string literal
      x = "a\\q" out x             | 1 | 7  | Parse error: invalid escape sequence '\\q'
      x = "a${b" out x             | 1 | 10 | Parse error: expected '}' to close the interpolation, found string literal
      x = "a${b out x              | 1 | 11 | Parse error: expected '}' to close the interpolation, found 'out'
      x = "a${b                    | 1 | 7  | Parse error: unterminated interpolation '${'
      x = r. f out x               | 1 | 6  | Parse error: no whitespace is allowed around '.'
      x = r .f out x               | 1 | 7  | Parse error: no whitespace is allowed around '.'
      use stdlib .math out x       | 1 | 12 | Parse error: no whitespace is allowed around '.'
      x = 5s out x                 | 1 | 5  | Parse error: expected expression, found '5s'
      x = f(1) with 5 out x        | 1 | 15 | Parse error: expected option name, found '5'
      x = f(1) with retry: , out x | 1 | 22 | Parse error: expected a value for 'retry', found ','
      x = f(1) with throttle: 5/x out x | 1 | 27 | Parse error: expected a duration after '/', found 'x'
      in x: List<Int out x         | 1 | 16 | Parse error: expected '>', found 'out'
      in x: { a Int } out x        | 1 | 11 | Parse error: expected ':', found 'Int'
      in in: Int out x             | 1 | 4  | Parse error: expected input name, found 'in'
      type = Int out x             | 1 | 6  | Parse error: expected type name, found '='
      @foo(1) in x: Int out x      | 1 | 2  | Parse error: expected annotation name (example, source or sink), found 'foo'
      @sink("s") in x: Int out x   | 1 | 1  | Parse error: '@sink' cannot annotate an input
      @example(1) out x            | 1 | 1  | Parse error: '@example' cannot annotate an output
      @source("a${b}") in x: Int out x | 1 | 9 | Parse error: expected a plain string literal (no interpolation)
      @sink(1) out x               | 1 | 7  | Parse error: expected a plain string literal, found '1'
      x = 1 2 out x                | 1 | 7  | Parse error: expected declaration, found '2'
      out                          | 1 | 4  | Parse error: expected output name, found end of input
      x = (1 out x                 | 1 | 8  | Parse error: expected ')', found 'out'
      x = r[1] out x               | 1 | 7  | Parse error: expected field name, found '1'
      x = a.in out x               | 1 | 7  | Parse error: expected field name, found 'in'
      x = (a b) => a out x         | 1 | 8  | Parse error: expected ')', found 'b'
      """)
  void syntaxError_reportedOnceAtPosition(String source, int line, int column, String message) {
    ParseResult result = parse(source);
    assertThat(result.ok()).isFalse();
    assertThat(result.pipeline()).isNull();
    assertThat(result.diagnostics()).hasSize(1);
    Diagnostic d = result.diagnostics().get(0);
    assertThat(d.code()).isEqualTo("E020");
    assertThat(d.message()).isEqualTo(message);
    assertThat(d.line()).isEqualTo(line);
    assertThat(d.column()).isEqualTo(column);
  }

  @Test
  void unknownOption_isE016AtTheNameAndStopsParsing() {
    ParseResult result = parse("x = f(1) with retry: 1, retries: 2 + + + out x");
    Diagnostic d = result.diagnostics().get(0);
    assertThat(result.diagnostics()).hasSize(1);
    assertThat(d.code()).isEqualTo("E016");
    assertThat(d.message()).isEqualTo("Unknown option 'retries'");
    assertThat(d.column()).isEqualTo(25);
  }

  @Test
  void optionListContinuesAfterComma_soAnArgumentAfterAnOptionIsAnUnknownOption() {
    ParseResult result = parse("x = g(f(x) with retry: 1, y) out x");
    assertThat(result.diagnostics().get(0).message()).isEqualTo("Unknown option 'y'");
  }

  @Test
  void endOfInput_positionIsJustPastTheLastCharacter() {
    Diagnostic d = parse("x = 1\n  y = 2\n").diagnostics().get(0);
    assertThat(d.line()).isEqualTo(3);
    assertThat(d.column()).isEqualTo(1);
    Diagnostic e = parse("x = (1 +").diagnostics().get(0);
    assertThat(e.message()).isEqualTo("Parse error: expected expression, found end of input");
    assertThat(e.column()).isEqualTo(9);
  }

  @Test
  void firstErrorInSourceOrder_wins_evenWhenTheLexerFailsLater() {
    ParseResult result = parse("x = ) y = \"unterminated");
    assertThat(result.diagnostics().get(0).message()).isEqualTo("Parse error: expected expression, found ')'");
    assertThat(result.sourceHash()).isNull();
  }

  @Test
  void lexicalError_afterValidPrefix_isReported() {
    ParseResult result = parse("in x: Int\nout x\ny = 1 % 2");
    assertThat(result.diagnostics().get(0).message()).isEqualTo("Parse error: '%' is not an operator; use modulo(a, b)");
    assertThat(result.diagnostics().get(0).line()).isEqualTo(3);
    assertThat(result.diagnostics().get(0).column()).isEqualTo(7);
  }

  @Test
  void diagnostic_carriesSnippetWithCaret() {
    Diagnostic d = parse("in x: Int\n\tout x + 1").diagnostics().get(0);
    assertThat(d.render()).isEqualTo("E020 2:8: Parse error: expected declaration, found '+'\n\tout x + 1\n\t      ^");
  }
}
