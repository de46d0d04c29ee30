package io.constellation.engine.parse;

import io.constellation.engine.syntax.Span;

/**
 * One lexical token. {@code text} is the lexeme exactly as it counts for the source hash (for {@link
 * TokenKind#STRING_TEXT} the raw characters, a CR before LF dropped); {@code decoded} is the escape-resolved text of
 * a {@code STRING_TEXT} (null otherwise); {@code number} is the value of an {@code INT} or the milliseconds of a
 * {@code DURATION}.
 */
record Token(TokenKind kind, String text, String decoded, long number, Span span) {

  boolean is(TokenKind expected, String lexeme) {
    return kind == expected && text.equals(lexeme);
  }

  boolean isPunct(String symbol) {
    return kind == TokenKind.PUNCT && text.equals(symbol);
  }

  boolean isKeyword(String word) {
    return kind == TokenKind.KEYWORD && text.equals(word);
  }

  /** How the token appears in "found ..." of an error message. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of input";
      case STRING_START -> "string literal";
      case STRING_TEXT -> "string text";
      case ERROR -> "invalid input";
      default -> "'" + text + "'";
    };
  }
}
