package io.constellation.engine.parse;

import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code with} clauses (LANGUAGE.md 7.1). The value syntax depends on the option name; a value of the wrong
 * shape that is still a single token becomes {@link Ast.OtherValue} (or a mismatching form) so that the type
 * checker can report E016 with the text as written. Only an unknown option name is reported here (E016, parsing
 * stops), as the reference requires.
 */
final class OptionParser {
  private final TokenStream in;
  private final ExpressionParser expressions;

  OptionParser(TokenStream in, ExpressionParser expressions) {
    this.in = in;
    this.expressions = expressions;
  }

  // withClause = "with" option { "," option } ;
  List<Ast.CallOption> withClause() {
    in.expectKeyword("with");
    List<Ast.CallOption> options = new ArrayList<>();
    do {
      options.add(option());
    } while (in.acceptPunct(","));
    return options;
  }

  // option = OPTNAME [ ":" optionValue ] ;
  private Ast.CallOption option() {
    Token name = in.peek();
    if (name.kind() != TokenKind.IDENT && !name.isKeyword("lazy")) throw in.expected("option name");
    if (!Keywords.isOptionName(name.text())) {
      throw new SyntaxError("E016", "Unknown option '" + name.text() + "'", name.span());
    }
    in.next();
    in.node();
    Ast.OptionValue value = in.acceptPunct(":") ? value(name.text()) : new Ast.NoValue("", name.span());
    return new Ast.CallOption(ExpressionParser.ident(name), value, in.from(name.span()));
  }

  private Ast.OptionValue value(String option) {
    Token t = in.peek();
    return switch (option) {
      case "retry", "concurrency", "batch" -> t.kind() == TokenKind.INT ? number() : other(option);
      case "timeout", "delay", "cache", "batch_timeout", "checkpoint" ->
          t.kind() == TokenKind.DURATION ? duration() : other(option);
      case "backoff", "on_error", "lazy" -> isWord(t) ? word(option, false) : other(option);
      case "priority" -> t.kind() == TokenKind.INT ? number() : isWord(t) ? word(option, false) : other(option);
      case "window", "join" -> isWord(t) ? word(option, true) : other(option);
      case "throttle" -> t.kind() == TokenKind.INT && in.lookahead(1).isPunct("/") ? rate() : other(option);
      case "cache_backend" -> t.kind() == TokenKind.STRING_START ? text() : other(option);
      default -> fallback();
    };
  }

  private static boolean isWord(Token t) {
    return t.kind() == TokenKind.IDENT || t.isKeyword("true") || t.isKeyword("false");
  }

  private Ast.NumberValue number() {
    Token t = in.next();
    return new Ast.NumberValue(t.number(), t.text(), t.span());
  }

  private Ast.DurationValue duration() {
    Token t = in.next();
    return new Ast.DurationValue(t.number(), t.text(), t.span());
  }

  /** {@code fixed}, or with {@code arguments} allowed, {@code tumbling(5s)}, {@code sliding(1min, 10s)}. */
  private Ast.WordValue word(String option, boolean arguments) {
    Token t = in.next();
    List<Ast.OptionValue> args = new ArrayList<>();
    StringBuilder text = new StringBuilder(t.text());
    if (arguments && in.acceptPunct("(")) {
      text.append('(');
      if (!in.atPunct(")")) {
        do {
          Ast.OptionValue arg = argument(option);
          if (!args.isEmpty()) text.append(", ");
          text.append(arg.text());
          args.add(arg);
        } while (in.acceptPunct(","));
      }
      in.expectPunct(")");
      text.append(')');
    }
    return new Ast.WordValue(t.text(), args, text.toString(), in.from(t.span()));
  }

  private Ast.OptionValue argument(String option) {
    Token t = in.peek();
    return switch (t.kind()) {
      case INT -> number();
      case DURATION -> duration();
      case IDENT -> word(option, false);
      default -> other(option);
    };
  }

  // rate = INT "/" DURATION   (whitespace around "/" allowed)
  private Ast.OptionValue rate() {
    Token count = in.next();
    in.next();
    Token period = in.peek();
    if (period.kind() != TokenKind.DURATION) throw in.expected("a duration after '/'");
    in.next();
    return new Ast.RateValue(count.number(), period.number(), count.text() + "/" + period.text(),
        in.from(count.span()));
  }

  private Ast.OptionValue text() {
    Ast.StringLiteral literal = expressions.string();
    Span span = literal.span();
    return new Ast.TextValue(String.join("", literal.parts()), literal.plain(), in.text(span.start(), span.end()),
        span);
  }

  private Ast.OptionValue fallback() {
    Ast.Expr expr = expressions.expr();
    Span span = expr.span();
    return new Ast.ExprValue(expr, in.text(span.start(), span.end()), span);
  }

  /** Any other single-token value (a string literal counts as one), kept as written for E016. */
  private Ast.OptionValue other(String option) {
    Token t = in.peek();
    switch (t.kind()) {
      case INT, FLOAT, DURATION, IDENT -> {
        in.next();
        return new Ast.OtherValue(t.text(), t.span());
      }
      case KEYWORD -> {
        if (t.text().equals("true") || t.text().equals("false")) {
          in.next();
          return new Ast.OtherValue(t.text(), t.span());
        }
      }
      case STRING_START -> {
        Span span = expressions.string().span();
        return new Ast.OtherValue(in.text(span.start(), span.end()), span);
      }
      default -> { }
    }
    throw in.expected("a value for '" + option + "'");
  }
}
