package io.constellation.engine.parse;

import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns source code points into tokens (LANGUAGE.md 1).
 *
 * <p>Implementation notes: the lexer is a single loop over a code-point array with an explicit mode stack, so no
 * input (however deeply nested its string interpolations) can make it recurse. A frame on the stack is either a
 * string (scan text until {@code "} or {@code ${}) or an interpolation, which lexes ordinary tokens and counts
 * braces so the {@code }} at depth 0 returns to the enclosing string. Whether a {@code -} before a digit is a sign
 * is decided from the previous token ("operand position"). The first lexical error ends the token list with an
 * {@link TokenKind#ERROR} token, so the parser can still report an earlier syntax error first.
 */
final class Lexer {
  private static final int STRING = -1;

  private final int[] cps;
  private final List<Token> tokens = new ArrayList<>();
  /** Mode stack: {@link #STRING} for a string, otherwise the brace depth inside an interpolation. */
  private int[] modes = new int[8];
  /** Start of the string or interpolation that opened each mode frame (for "unterminated" errors). */
  private Span[] modeStarts = new Span[8];
  private int modeCount;
  private int pos;
  private int line = 1;
  private int column = 1;

  private Lexer(int[] cps) {
    this.cps = cps;
  }

  /** Lexes {@code cps}; the result ends with {@link TokenKind#EOF} or, after a lexical error, {@link TokenKind#ERROR}. */
  static List<Token> lex(int[] cps) {
    Lexer lexer = new Lexer(cps);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (true) {
      if (modeCount > 0 && modes[modeCount - 1] == STRING) {
        if (!stringPiece()) return;
        continue;
      }
      skipTrivia();
      if (pos >= cps.length) {
        if (modeCount > 0) {
          fail("unterminated interpolation '${'", modeStarts[modeCount - 1]);
          return;
        }
        tokens.add(new Token(TokenKind.EOF, "", null, 0, here(pos)));
        return;
      }
      if (!token()) return;
    }
  }

  // ---------------------------------------------------------------- ordinary tokens

  private void skipTrivia() {
    while (pos < cps.length) {
      int c = cps[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else if (c == '#') {
        while (pos < cps.length && cps[pos] != '\n') advance();
      } else {
        return;
      }
    }
  }

  /** Lexes one token at {@code pos}; false after a lexical error. */
  private boolean token() {
    int c = cps[pos];
    if (isIdentStart(c)) {
      identifier();
      return true;
    }
    if (isDigit(c)) return number(false);
    if (c == '-' && peekIs(1, '>')) return punct("->", 2);
    if (c == '-' && pos + 1 < cps.length && isDigit(cps[pos + 1]) && operandPosition()) return number(true);
    if (c == '"') {
      Span start = here(pos);
      addToken(TokenKind.STRING_START, "\"", null, 0, pos, 1);
      push(STRING, start);
      return true;
    }
    if (c == '{' && modeCount > 0) {
      modes[modeCount - 1]++;
    } else if (c == '}' && modeCount > 0) {
      if (modes[modeCount - 1] == 0) {
        addToken(TokenKind.INTERP_END, "}", null, 0, pos, 1);
        modeCount--;
        return true;
      }
      modes[modeCount - 1]--;
    }
    return switch (c) {
      case '(', ')', '[', ']', '{', '}', ',', ':', '.', '|', '+', '*', '/', '@', '-' -> punct(Character.toString(c), 1);
      case '=' -> peekIs(1, '>') ? punct("=>", 2) : peekIs(1, '=') ? punct("==", 2) : punct("=", 1);
      case '<' -> peekIs(1, '=') ? punct("<=", 2) : punct("<", 1);
      case '>' -> peekIs(1, '=') ? punct(">=", 2) : punct(">", 1);
      case '!' -> peekIs(1, '=') ? punct("!=", 2) : unexpected(c);
      case '?' -> peekIs(1, '?') ? punct("??", 2) : unexpected(c);
      case '%' -> fail("'%' is not an operator; use modulo(a, b)", here(pos));
      default -> unexpected(c);
    };
  }

  private boolean punct(String symbol, int length) {
    addToken(TokenKind.PUNCT, symbol, null, 0, pos, length);
    return true;
  }

  private boolean unexpected(int c) {
    String shown = c < 0x20 || c == 0x7f || Character.isSurrogate((char) c) && c <= 0xFFFF
        ? String.format("U+%04X", c)
        : "'" + Character.toString(c) + "'";
    return fail("unexpected character " + shown, here(pos));
  }

  // identifier = [A-Za-z_]([A-Za-z0-9_-]*[A-Za-z0-9_])?   (a hyphen is never the last character)
  private void identifier() {
    int start = pos;
    int end = pos + 1;
    while (end < cps.length && isIdentPart(cps[end])) end++;
    while (cps[end - 1] == '-') end--;
    String word = new String(cps, start, end - start);
    // A reserved word counts only when the next character is not [A-Za-z0-9_-]: "in-x" is an identifier.
    boolean reserved = Keywords.isReserved(word) && (end >= cps.length || !isIdentPart(cps[end]));
    addToken(reserved ? TokenKind.KEYWORD : TokenKind.IDENT, word, null, 0, start, end - start);
  }

  /** INT, FLOAT or DURATION at {@code pos}; {@code signed} when a {@code -} in operand position precedes it. */
  private boolean number(boolean signed) {
    int start = pos;
    int digitsStart = signed ? pos + 1 : pos;
    int end = digitsStart;
    while (end < cps.length && isDigit(cps[end])) end++;
    if (end + 1 < cps.length && cps[end] == '.' && isDigit(cps[end + 1])) {
      int fracEnd = end + 1;
      while (fracEnd < cps.length && isDigit(cps[fracEnd])) fracEnd++;
      String text = new String(cps, digitsStart, fracEnd - digitsStart);
      if (signed) {
        return fail("a Float literal cannot have a sign: write 0.0 - " + text, here(start));
      }
      double value = Double.parseDouble(text);
      if (Double.isInfinite(value)) return fail("Float literal out of range: " + text, here(start));
      addToken(TokenKind.FLOAT, text, null, 0, start, fracEnd - start);
      return true;
    }
    String text = new String(cps, start, end - start);
    Long value = parseLong(text);
    int unitLength = durationUnit(end);
    if (unitLength > 0) {
      String unit = new String(cps, end, unitLength);
      long millis = value == null ? -1 : multiplyOrMinusOne(Math.abs(value), unitMillis(unit));
      if (millis < 0) return fail("duration out of range: " + text + unit, here(start));
      if (value < 0) millis = -millis;
      addToken(TokenKind.DURATION, text + unit, null, millis, start, end + unitLength - start);
      return true;
    }
    if (value == null) return fail("integer literal out of range: " + text, here(start));
    addToken(TokenKind.INT, text, null, value, start, end - start);
    return true;
  }

  /** Length of a duration unit at {@code at} that is not followed by {@code [A-Za-z0-9_]}, else 0. */
  private int durationUnit(int at) {
    int length;
    if (peekAt(at, 'm') && peekAt(at + 1, 's')) {
      length = 2;
    } else if (peekAt(at, 'm') && peekAt(at + 1, 'i') && peekAt(at + 2, 'n')) {
      length = 3;
    } else if (peekAt(at, 's') || peekAt(at, 'h') || peekAt(at, 'd')) {
      length = 1;
    } else {
      return 0;
    }
    int next = at + length;
    return next < cps.length && isWordChar(cps[next]) ? 0 : length;
  }

  private static long unitMillis(String unit) {
    return switch (unit) {
      case "ms" -> 1L;
      case "s" -> 1_000L;
      case "min" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
  }

  private static long multiplyOrMinusOne(long a, long b) {
    return a > Long.MAX_VALUE / b ? -1 : a * b;
  }

  private static Long parseLong(String text) {
    // At most 19 digits plus a sign can fit in 64 bits; longer text would only make parseLong work harder.
    if (text.length() > 20) return null;
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A {@code -} directly before a digit is a sign at the start of an expression: after nothing, an opening bracket,
   * {@code , : = -> =>}, an operator or a keyword other than {@code true}/{@code false}; elsewhere it is minus.
   */
  private boolean operandPosition() {
    if (tokens.isEmpty()) return true;
    Token last = tokens.get(tokens.size() - 1);
    return switch (last.kind()) {
      case IDENT, INT, FLOAT, DURATION, STRING_END, INTERP_END, STRING_TEXT, STRING_START, ERROR, EOF -> false;
      case KEYWORD -> !last.text().equals("true") && !last.text().equals("false");
      case PUNCT -> !last.text().equals(")") && !last.text().equals("]") && !last.text().equals("}");
      case INTERP_START -> true;
    };
  }

  // ---------------------------------------------------------------- strings

  /**
   * Scans string text from {@code pos} up to the closing quote or the next {@code ${}, always emitting one
   * STRING_TEXT token (possibly empty) so that a literal has exactly one more text piece than interpolations.
   */
  private boolean stringPiece() {
    int start = pos;
    Span startSpan = here(pos);
    StringBuilder raw = new StringBuilder();
    StringBuilder decoded = new StringBuilder();
    while (true) {
      if (pos >= cps.length) {
        return fail("unterminated string literal", modeStarts[modeCount - 1]);
      }
      int c = cps[pos];
      if (c == '"') {
        addText(raw, decoded, start, startSpan);
        addToken(TokenKind.STRING_END, "\"", null, 0, pos, 1);
        modeCount--;
        return true;
      }
      if (c == '$' && peekIs(1, '{')) {
        addText(raw, decoded, start, startSpan);
        Span interpolation = here(pos);
        addToken(TokenKind.INTERP_START, "${", null, 0, pos, 2);
        push(0, interpolation);
        return true;
      }
      if (c == '\\') {
        if (pos + 1 >= cps.length) return fail("unterminated string literal", modeStarts[modeCount - 1]);
        int escaped = cps[pos + 1];
        char value;
        switch (escaped) {
          case 'n' -> value = '\n';
          case 't' -> value = '\t';
          case 'r' -> value = '\r';
          case '\\' -> value = '\\';
          case '"' -> value = '"';
          case '$' -> value = '$';
          default -> {
            return fail("invalid escape sequence '\\" + Character.toString(escaped) + "'", here(pos));
          }
        }
        raw.append('\\').appendCodePoint(escaped);
        decoded.append(value);
        advance();
        advance();
        continue;
      }
      if (c == '\r' && peekIs(1, '\n')) {
        advance(); // CR LF inside a string reads as LF, like everywhere else
        continue;
      }
      raw.appendCodePoint(c);
      decoded.appendCodePoint(c);
      advance();
    }
  }

  private void addText(StringBuilder raw, StringBuilder decoded, int start, Span startSpan) {
    tokens.add(new Token(TokenKind.STRING_TEXT, raw.toString(), decoded.toString(), 0,
        new Span(start, pos, startSpan.line(), startSpan.column())));
  }

  // ---------------------------------------------------------------- positions and helpers

  private void push(int mode, Span start) {
    if (modeCount == modes.length) {
      modes = java.util.Arrays.copyOf(modes, modeCount * 2);
      modeStarts = java.util.Arrays.copyOf(modeStarts, modeCount * 2);
    }
    modes[modeCount] = mode;
    modeStarts[modeCount] = start;
    modeCount++;
  }

  /** Adds a token of {@code length} code points starting at {@code start} (the current position) and moves past it. */
  private void addToken(TokenKind kind, String text, String decoded, long number, int start, int length) {
    Span span = new Span(start, start + length, line, column);
    tokens.add(new Token(kind, text, decoded, number, span));
    for (int i = 0; i < length; i++) advance();
  }

  private void advance() {
    int c = cps[pos];
    if (c == '\n') {
      line++;
      column = 1;
    } else if (!(c == '\r' && peekIs(1, '\n'))) {
      column++; // a CR before LF is not part of the line, so it takes no column
    }
    pos++;
  }

  private Span here(int at) {
    return new Span(at, at, line, column);
  }

  private boolean fail(String details, Span span) {
    tokens.add(new Token(TokenKind.ERROR, "Parse error: " + details, null, 0, span));
    return false;
  }

  private boolean peekIs(int offset, int c) {
    return peekAt(pos + offset, c);
  }

  private boolean peekAt(int at, int c) {
    return at < cps.length && cps[at] == c;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private static boolean isWordChar(int c) {
    return isIdentStart(c) || isDigit(c);
  }

  private static boolean isIdentPart(int c) {
    return isWordChar(c) || c == '-';
  }
}
