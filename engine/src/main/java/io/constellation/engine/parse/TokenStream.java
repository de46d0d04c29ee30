package io.constellation.engine.parse;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.syntax.Span;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The parser's cursor over the token list, plus the bookkeeping every parse method shares: the nesting depth and
 * syntax-node budgets of {@link CompilerLimits}, bracket matching for lambda detection, and error construction.
 *
 * <p>Bracket partners are computed once up front, so deciding whether {@code (} starts a lambda is O(1) and the
 * parse stays linear.
 */
final class TokenStream {
  private final List<Token> tokens;
  private final int[] cps;
  private final int[] partner;
  private final CompilerLimits limits;
  private int pos;
  private int depth;
  private int nodes;

  TokenStream(List<Token> tokens, int[] cps, CompilerLimits limits) {
    this.tokens = tokens;
    this.cps = cps;
    this.limits = limits;
    this.partner = matchBrackets(tokens);
  }

  private static int[] matchBrackets(List<Token> tokens) {
    int[] partner = new int[tokens.size()];
    java.util.Arrays.fill(partner, -1);
    ArrayDeque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      String closer = switch (t.kind()) {
        case INTERP_START -> "${";
        case INTERP_END -> "}";
        case PUNCT -> t.text();
        default -> "";
      };
      switch (closer) {
        case "(", "[", "{", "${" -> open.push(i);
        case ")", "]", "}" -> {
          if (!open.isEmpty() && opens(tokens.get(open.peek()), t)) {
            int o = open.pop();
            partner[o] = i;
            partner[i] = o;
          }
        }
        default -> { }
      }
    }
    return partner;
  }

  private static boolean opens(Token opener, Token closer) {
    if (closer.kind() == TokenKind.INTERP_END) return opener.kind() == TokenKind.INTERP_START;
    if (opener.kind() != TokenKind.PUNCT) return false;
    return switch (closer.text()) {
      case ")" -> opener.text().equals("(");
      case "]" -> opener.text().equals("[");
      default -> opener.text().equals("{");
    };
  }

  // ---------------------------------------------------------------- reading

  /** The current token; a lexical error is reported as soon as the parser reaches it. */
  Token peek() {
    Token t = tokens.get(pos);
    if (t.kind() == TokenKind.ERROR) throw new SyntaxError("E020", t.text(), t.span());
    return t;
  }

  /** The token {@code offset} places ahead, without reporting errors (ERROR and EOF repeat at the end). */
  Token lookahead(int offset) {
    return tokens.get(Math.min(pos + offset, tokens.size() - 1));
  }

  Token next() {
    Token t = peek();
    if (t.kind() != TokenKind.EOF) pos++;
    return t;
  }

  int position() {
    return pos;
  }

  /** True when the {@code (} at the current position has a partner directly followed by {@code =>}. */
  boolean atLambda() {
    int close = partner[pos];
    return close > 0 && close + 1 < tokens.size() && tokens.get(close + 1).isPunct("=>");
  }

  boolean atPunct(String symbol) {
    return peek().isPunct(symbol);
  }

  boolean atKeyword(String word) {
    return peek().isKeyword(word);
  }

  boolean atKind(TokenKind kind) {
    return peek().kind() == kind;
  }

  boolean acceptPunct(String symbol) {
    if (!atPunct(symbol)) return false;
    pos++;
    return true;
  }

  Token expectPunct(String symbol) {
    if (!atPunct(symbol)) throw expected("'" + symbol + "'");
    return next();
  }

  Token expectKeyword(String word) {
    if (!atKeyword(word)) throw expected("'" + word + "'");
    return next();
  }

  Token expectIdent(String what) {
    if (!atKind(TokenKind.IDENT)) throw expected(what);
    return next();
  }

  /** End offset of the last consumed token. */
  int previousEnd() {
    return pos == 0 ? 0 : tokens.get(pos - 1).span().end();
  }

  Token previous() {
    return tokens.get(Math.max(0, pos - 1));
  }

  /** A span from the start of {@code first} to the end of the last consumed token. */
  Span from(Span first) {
    return new Span(first.start(), Math.max(first.end(), previousEnd()), first.line(), first.column());
  }

  /** The source text between two code-point offsets (for option values "as written"). */
  String text(int start, int end) {
    return new String(cps, start, end - start);
  }

  // ---------------------------------------------------------------- errors and limits

  SyntaxError expected(String what) {
    Token t = peek();
    return SyntaxError.parse("expected " + what + ", found " + t.describe(), t.span());
  }

  SyntaxError error(String details, Span span) {
    return SyntaxError.parse(details, span);
  }

  /** Enters one nesting level; fails before the recursion can get anywhere near the end of the stack. */
  void enter() {
    if (++depth > limits.maxDepth()) {
      throw SyntaxError.parse("nesting deeper than " + limits.maxDepth() + " levels (limit)", peek().span());
    }
  }

  void exit() {
    depth--;
  }

  /** Counts one syntax node against the budget. */
  void node() {
    if (++nodes > limits.maxNodes()) {
      throw SyntaxError.parse("more than " + limits.maxNodes() + " syntax nodes (limit)", previous().span());
    }
  }
}
