package io.constellation.engine.parse;

/** The kinds of lexical token (LANGUAGE.md 1). A string literal is split into several tokens, see {@link Lexer}. */
enum TokenKind {
  IDENT,
  /** One of the 19 reserved words; {@link Token#text()} says which. */
  KEYWORD,
  INT,
  FLOAT,
  /** {@code 500ms}, {@code 2min}: {@link Token#number()} holds the milliseconds. */
  DURATION,
  /** Punctuation; {@link Token#text()} is the symbol ({@code "("}, {@code "=>"}, ...). */
  PUNCT,
  /** The opening {@code "} of a string literal. */
  STRING_START,
  /** A run of string text between delimiters: raw text in {@code text}, decoded text in {@code decoded}. */
  STRING_TEXT,
  /** {@code ${} inside a string. */
  INTERP_START,
  /** The {@code }} closing an interpolation. */
  INTERP_END,
  /** The closing {@code "} of a string literal. */
  STRING_END,
  /** A lexical error: {@code text} is the whole diagnostic message. Always the last token when present. */
  ERROR,
  EOF
}
