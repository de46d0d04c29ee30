package io.constellation.engine.parse;

import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the expression grammar of LANGUAGE.md 2, one method per production, lowest precedence
 * first. Every cycle of the recursion passes through {@link #expr()} or {@code not}, both of which count a
 * nesting level, so the depth limit fires long before the stack could run out. {@code ??} is parsed iteratively
 * (then folded to the right) so that long chains do not recurse either.
 */
final class ExpressionParser {
  private final TokenStream in;
  private final TypeParser types;
  private final OptionParser options;

  ExpressionParser(TokenStream in, TypeParser types) {
    this.in = in;
    this.types = types;
    this.options = new OptionParser(in, this);
  }

  // expr = lambda | coalesce ;
  // coalesce = guard [ "??" coalesce ] ;   (right-associative: collected in a loop, folded from the right)
  Ast.Expr expr() {
    in.enter();
    if (in.atPunct("(") && in.atLambda()) {
      Ast.Expr lambda = lambda();
      in.exit();
      return lambda;
    }
    Ast.Expr first = guard();
    if (!in.atPunct("??")) {
      in.exit();
      return first;
    }
    List<Ast.Expr> operands = new ArrayList<>();
    List<Span> operators = new ArrayList<>();
    operands.add(first);
    while (in.atPunct("??")) {
      operators.add(in.next().span());
      operands.add(guard());
    }
    Ast.Expr result = operands.get(operands.size() - 1);
    for (int i = operands.size() - 2; i >= 0; i--) {
      Ast.Expr left = operands.get(i);
      in.node();
      result = new Ast.Coalesce(left, result, operators.get(i), spanOf(left, result));
    }
    in.exit();
    return result;
  }

  // lambda = "(" [ param { "," param } ] ")" "=>" expr ;   param = IDENT [ ":" type ] ;
  private Ast.Expr lambda() {
    Token open = in.next();
    List<Ast.Parameter> parameters = new ArrayList<>();
    if (!in.atPunct(")")) {
      do {
        Token name = in.expectIdent("parameter name");
        Ast.TypeExpr type = in.acceptPunct(":") ? types.type() : null;
        parameters.add(new Ast.Parameter(ident(name), type));
      } while (in.acceptPunct(","));
    }
    in.expectPunct(")");
    in.expectPunct("=>");
    Ast.Expr body = expr();
    in.node();
    return new Ast.Lambda(parameters, body, in.from(open.span()));
  }

  // guard = or [ "when" or ] ;   (one 'when' per level)
  private Ast.Expr guard() {
    Ast.Expr value = binary(OR);
    if (!in.atKeyword("when")) return value;
    in.next();
    Ast.Expr condition = binary(OR);
    if (in.atKeyword("when")) {
      throw in.error("only one 'when' is allowed per level; use parentheses", in.peek().span());
    }
    in.node();
    return new Ast.When(value, condition, spanOf(value, condition));
  }

  private static final int OR = 1;
  private static final int AND = 2;
  private static final int NOT = 3;
  private static final int COMPARE = 4;
  private static final int ADDITIVE = 5;
  private static final int MULTIPLICATIVE = 6;

  // or             = and { "or" and } ;
  // and            = not { "and" not } ;
  // not            = "not" not | compare ;
  // compare        = additive [ compOp additive ] ;            (not chainable)
  // additive       = multiplicative { ( "+" | "-" ) multiplicative } ;
  // multiplicative = postfix { ( "*" | "/" ) postfix } ;
  // One precedence-climbing method for all six levels: it builds the same left-associative trees as one method
  // per production, with far fewer stack frames per nesting level (which keeps the depth limit well inside an
  // ordinary thread stack).
  private Ast.Expr binary(int minLevel) {
    Ast.Expr left = minLevel <= NOT && in.atKeyword("not") ? not() : postfix();
    while (true) {
      Token t = in.peek();
      Ast.BinaryOp op = operator(t);
      if (op == null) return left;
      int level = level(op);
      if (level < minLevel) return left;
      in.next();
      Ast.Expr right = binary(level + 1);
      left = binary(op, left, right, t.span());
      if (level == COMPARE && operator(in.peek()) != null && level(operator(in.peek())) == COMPARE) {
        throw in.error("comparison operators cannot be chained, found " + in.peek().describe()
            + "; combine comparisons with 'and'", in.peek().span());
      }
    }
  }

  private Ast.Expr not() {
    Token keyword = in.next();
    in.enter();
    Ast.Expr operand = in.atKeyword("not") ? not() : binary(COMPARE);
    in.exit();
    in.node();
    return new Ast.Not(operand, in.from(keyword.span()));
  }

  private static Ast.BinaryOp operator(Token t) {
    if (t.kind() == TokenKind.KEYWORD) {
      return switch (t.text()) {
        case "or" -> Ast.BinaryOp.OR;
        case "and" -> Ast.BinaryOp.AND;
        default -> null;
      };
    }
    if (t.kind() != TokenKind.PUNCT) return null;
    return switch (t.text()) {
      case "==" -> Ast.BinaryOp.EQ;
      case "!=" -> Ast.BinaryOp.NE;
      case "<" -> Ast.BinaryOp.LT;
      case ">" -> Ast.BinaryOp.GT;
      case "<=" -> Ast.BinaryOp.LE;
      case ">=" -> Ast.BinaryOp.GE;
      case "+" -> Ast.BinaryOp.ADD;
      case "-" -> Ast.BinaryOp.SUBTRACT;
      case "*" -> Ast.BinaryOp.MULTIPLY;
      case "/" -> Ast.BinaryOp.DIVIDE;
      default -> null;
    };
  }

  private static int level(Ast.BinaryOp op) {
    return switch (op) {
      case OR -> OR;
      case AND -> AND;
      case EQ, NE, LT, GT, LE, GE -> COMPARE;
      case ADD, SUBTRACT -> ADDITIVE;
      case MULTIPLY, DIVIDE -> MULTIPLICATIVE;
    };
  }

  private Ast.Expr binary(Ast.BinaryOp op, Ast.Expr left, Ast.Expr right, Span opSpan) {
    in.node();
    return new Ast.Binary(op, left, right, opSpan, spanOf(left, right));
  }

  // postfix = primary { "." IDENT | "[" IDENT { "," IDENT } "]" | "{" IDENT { "," IDENT } "}" } ;
  private Ast.Expr postfix() {
    Ast.Expr target = primary();
    while (true) {
      if (in.atPunct(".")) {
        Token dot = in.next();
        Token field = in.peek();
        if (dot.span().start() != target.span().end() || field.span().start() != dot.span().end()) {
          throw in.error("no whitespace is allowed around '.'", dot.span());
        }
        in.expectIdent("field name");
        in.node();
        target = new Ast.FieldAccess(target, ident(field), spanOf(target, field.span()));
      } else if (in.atPunct("[") || in.atPunct("{")) {
        boolean braces = in.atPunct("{");
        in.next();
        List<Ast.Ident> fields = new ArrayList<>();
        do {
          fields.add(ident(in.expectIdent("field name")));
        } while (in.acceptPunct(","));
        in.expectPunct(braces ? "}" : "]");
        in.node();
        target = new Ast.Projection(target, fields, braces, in.from(target.span()));
      } else {
        return target;
      }
    }
  }

  // primary = "if" ... | "branch" ... | "match" ... | call | "(" expr ")" | literal | IDENT ;
  Ast.Expr primary() {
    Token t = in.peek();
    Ast.Expr result = switch (t.kind()) {
      case INT -> {
        in.next();
        yield new Ast.IntLiteral(t.number(), t.text(), t.span());
      }
      case FLOAT -> {
        in.next();
        yield new Ast.FloatLiteral(Double.parseDouble(t.text()), t.text(), t.span());
      }
      case STRING_START -> string();
      case IDENT -> nameOrCall();
      case KEYWORD -> keywordPrimary(t);
      case PUNCT -> switch (t.text()) {
        case "(" -> parenthesized();
        case "[" -> list();
        case "{" -> record();
        case "-" -> signedInt(t);
        default -> throw in.expected("expression");
      };
      default -> throw in.expected("expression");
    };
    in.node();
    return result;
  }

  /**
   * A {@code -} written directly before an Int where an expression starts is the literal's sign (LANGUAGE.md 1).
   * The lexer joins the sign after tokens that always precede an operand; this covers the places only the
   * grammar knows, such as the arm after {@code if (c)}.
   */
  private Ast.Expr signedInt(Token minus) {
    Token digits = in.lookahead(1);
    if (digits.kind() != TokenKind.INT || digits.span().start() != minus.span().end()) {
      throw in.expected("expression");
    }
    in.next();
    in.next();
    String text = "-" + digits.text();
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new SyntaxError("E020", "Parse error: integer literal out of range: " + text, minus.span());
    }
    return new Ast.IntLiteral(value, text, minus.span().to(digits.span()));
  }

  private Ast.Expr keywordPrimary(Token t) {
    return switch (t.text()) {
      case "true", "false" -> {
        in.next();
        yield new Ast.BoolLiteral(t.text().equals("true"), t.span());
      }
      case "if" -> ifExpr();
      case "branch" -> branch();
      case "match" -> match();
      default -> throw in.expected("expression");
    };
  }

  /** A variable, or a call when the (dotted) name is followed by {@code (}: {@code a.b(x)} calls {@code a.b}. */
  private Ast.Expr nameOrCall() {
    Token first = in.peek();
    if (in.lookahead(1).isPunct("=>")) {
      throw in.error("lambda parameters need parentheses: write (" + first.text() + ") => ...", first.span());
    }
    int last = 0;
    while (adjacent(last) && in.lookahead(last + 1).isPunct(".") && adjacent(last + 1)
        && in.lookahead(last + 2).kind() == TokenKind.IDENT) {
      last += 2;
    }
    if (!in.lookahead(last + 1).isPunct("(")) {
      in.next();
      return new Ast.Variable(ident(first), first.span());
    }
    List<Ast.Ident> segments = new ArrayList<>();
    for (int i = 0; i <= last; i += 2) {
      segments.add(ident(in.next()));
      if (i < last) in.next();
    }
    return call(new Ast.QualifiedName(segments, in.from(first.span())));
  }

  /** True when the token at {@code offset} ends exactly where the next one starts. */
  private boolean adjacent(int offset) {
    return in.lookahead(offset).span().end() == in.lookahead(offset + 1).span().start();
  }

  // call = name "(" [ expr { "," expr } ] ")" [ withClause ] ;
  private Ast.Expr call(Ast.QualifiedName name) {
    in.expectPunct("(");
    List<Ast.Expr> arguments = new ArrayList<>();
    if (!in.atPunct(")")) {
      do {
        arguments.add(expr());
      } while (in.acceptPunct(","));
    }
    in.expectPunct(")");
    List<Ast.CallOption> callOptions = in.atKeyword("with") ? options.withClause() : List.of();
    return new Ast.Call(name, arguments, callOptions, in.from(name.span()));
  }

  private Ast.Expr parenthesized() {
    Token open = in.next();
    Ast.Expr inner = expr();
    in.expectPunct(")");
    return new Ast.Parenthesized(inner, in.from(open.span()));
  }

  // "[" [ expr { "," expr } ] "]"
  private Ast.Expr list() {
    Token open = in.next();
    List<Ast.Expr> elements = new ArrayList<>();
    if (!in.atPunct("]")) {
      do {
        elements.add(expr());
      } while (in.acceptPunct(","));
    }
    in.expectPunct("]");
    return new Ast.ListLiteral(elements, in.from(open.span()));
  }

  // "{" [ IDENT ":" expr { "," IDENT ":" expr } ] "}"
  private Ast.Expr record() {
    Token open = in.next();
    List<Ast.FieldInit> fields = new ArrayList<>();
    if (!in.atPunct("}")) {
      do {
        Token name = in.expectIdent("field name");
        in.expectPunct(":");
        fields.add(new Ast.FieldInit(ident(name), expr()));
      } while (in.acceptPunct(","));
    }
    in.expectPunct("}");
    return new Ast.RecordLiteral(fields, in.from(open.span()));
  }

  /** A string literal: text pieces (always one more than interpolations) around {@code ${expr}}s. */
  Ast.StringLiteral string() {
    Token open = in.next();
    List<String> parts = new ArrayList<>();
    List<String> rawParts = new ArrayList<>();
    List<Ast.Expr> interpolations = new ArrayList<>();
    while (true) {
      Token text = in.next();
      if (text.kind() != TokenKind.STRING_TEXT) throw in.error("malformed string literal", text.span());
      parts.add(text.decoded());
      rawParts.add(text.text());
      if (in.atKind(TokenKind.STRING_END)) {
        in.next();
        return new Ast.StringLiteral(parts, rawParts, interpolations, in.from(open.span()));
      }
      in.next(); // INTERP_START: the lexer emits nothing else after a text piece inside a string
      interpolations.add(expr());
      if (!in.atKind(TokenKind.INTERP_END)) throw in.expected("'}' to close the interpolation");
      in.next();
    }
  }

  // "if" "(" expr ")" expr "else" expr
  private Ast.Expr ifExpr() {
    Token keyword = in.next();
    in.expectPunct("(");
    Ast.Expr condition = expr();
    in.expectPunct(")");
    Ast.Expr then = expr();
    in.expectKeyword("else");
    Ast.Expr otherwise = expr();
    return new Ast.If(condition, then, otherwise, in.from(keyword.span()));
  }

  // "branch" "{" { expr "->" expr "," } "otherwise" "->" expr "}"
  private Ast.Expr branch() {
    Token keyword = in.next();
    in.expectPunct("{");
    List<Ast.BranchArm> arms = new ArrayList<>();
    while (!in.atKeyword("otherwise")) {
      Ast.Expr condition = expr();
      in.expectPunct("->");
      Ast.Expr value = expr();
      if (in.atPunct("}")) throw in.expected("', otherwise -> ...' ('otherwise' is mandatory)");
      in.expectPunct(",");
      arms.add(new Ast.BranchArm(condition, value));
    }
    in.next();
    in.expectPunct("->");
    Ast.Expr otherwise = expr();
    in.expectPunct("}");
    return new Ast.Branch(arms, otherwise, in.from(keyword.span()));
  }

  // "match" primary "{" arm { "," arm } "}"   arm = pattern "->" expr ;
  private Ast.Expr match() {
    Token keyword = in.next();
    in.enter();
    Ast.Expr scrutinee = primary();
    in.exit();
    in.expectPunct("{");
    List<Ast.MatchArm> arms = new ArrayList<>();
    do {
      Ast.Pattern pattern = pattern();
      in.expectPunct("->");
      arms.add(new Ast.MatchArm(pattern, expr()));
    } while (in.acceptPunct(","));
    in.expectPunct("}");
    return new Ast.Match(scrutinee, arms, in.from(keyword.span()));
  }

  // pattern = "{" IDENT { "," IDENT } "}" | "_" | "is" IDENT ;
  private Ast.Pattern pattern() {
    Token t = in.peek();
    in.node();
    if (t.isPunct("{")) {
      in.next();
      List<Ast.Ident> fields = new ArrayList<>();
      do {
        fields.add(ident(in.expectIdent("field name")));
      } while (in.acceptPunct(","));
      in.expectPunct("}");
      return new Ast.FieldsPattern(fields, in.from(t.span()));
    }
    if (t.isKeyword("is")) {
      in.next();
      Token name = in.expectIdent("type name");
      return new Ast.IsPattern(ident(name), in.from(t.span()));
    }
    if (t.is(TokenKind.IDENT, "_")) {
      in.next();
      return new Ast.WildcardPattern(t.span());
    }
    throw in.expected("pattern ('{fields}', 'is Type' or '_')");
  }

  static Ast.Ident ident(Token t) {
    return new Ast.Ident(t.text(), t.span());
  }

  private static Span spanOf(Ast.Expr first, Ast.Expr last) {
    return spanOf(first, last.span());
  }

  private static Span spanOf(Ast.Expr first, Span last) {
    Span s = first.span();
    return new Span(s.start(), Math.max(s.end(), last.end()), s.line(), s.column());
  }
}
