package io.constellation.engine.parse;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.Diagnostic;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.SourceText;
import io.constellation.engine.syntax.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses constellation-lang source into an {@link Ast.Pipeline} (LANGUAGE.md 1 and 2).
 *
 * <p>{@link #parse} never throws: a problem is reported as exactly one diagnostic, the first syntax error in source
 * order (E020, or E016 for an unknown option name), and the tree is then null. The source hash (11.2) is computed
 * whenever the source could be tokenised, even when it does not parse. Limits (source bytes, syntax nodes, nesting
 * depth) come from {@link CompilerLimits}; exceeding one is a single E020 error.
 *
 * <p>Thread-safety: stateless; each call builds its own lexer and parser state.
 */
public final class Parser {
  private final TokenStream in;
  private final TypeParser types;
  private final ExpressionParser expressions;

  private Parser(TokenStream in) {
    this.in = in;
    this.types = new TypeParser(in);
    this.expressions = new ExpressionParser(in, types);
  }

  /** Parses {@code source}; never throws for any input. */
  public static ParseResult parse(SourceText source, CompilerLimits limits) {
    String text = source.text();
    long bytes = utf8Length(text);
    if (bytes > limits.maxSourceBytes()) {
      String message = "Parse error: source is " + bytes + " bytes, over the limit of " + limits.maxSourceBytes()
          + " bytes";
      return new ParseResult(null, List.of(Diagnostic.error("E020", message, Span.NONE, source)), null);
    }
    int[] cps = text.codePoints().toArray();
    List<Token> tokens = Lexer.lex(cps);
    boolean lexed = tokens.get(tokens.size() - 1).kind() == TokenKind.EOF;
    String hash = lexed ? SourceHash.of(tokens) : null;
    TokenStream stream = new TokenStream(tokens, cps, limits);
    try {
      Ast.Pipeline pipeline = new Parser(stream).pipeline();
      return new ParseResult(pipeline, List.of(), hash);
    } catch (SyntaxError e) {
      return failed(e.code(), e.getMessage(), e.span(), source, hash);
    } catch (StackOverflowError e) {
      // Only reachable when a caller configures a depth limit larger than its thread stack can hold; the
      // documented contract is a diagnostic, never an exception.
      String message = "Parse error: nesting deeper than the thread stack allows (limit " + limits.maxDepth() + ")";
      return failed("E020", message, stream.lookahead(0).span(), source, hash);
    }
  }

  private static ParseResult failed(String code, String message, Span span, SourceText source, String hash) {
    return new ParseResult(null, List.of(Diagnostic.error(code, message, span, source)), hash);
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  // ---------------------------------------------------------------- declarations

  // pipeline = { declaration } EOF ;   (at least one outputDecl)
  private Ast.Pipeline pipeline() {
    List<Ast.Decl> declarations = new ArrayList<>();
    boolean hasOutput = false;
    while (!in.atKind(TokenKind.EOF)) {
      Ast.Decl decl = declaration();
      hasOutput |= decl instanceof Ast.OutputDecl;
      declarations.add(decl);
    }
    if (!hasOutput) throw in.error("expected at least one 'out' declaration", in.peek().span());
    return new Ast.Pipeline(declarations);
  }

  // declaration = typeDef | inputDecl | outputDecl | useDecl | assignment ;
  private Ast.Decl declaration() {
    Token t = in.peek();
    in.node();
    if (t.kind() == TokenKind.IDENT) return assignment();
    if (t.isPunct("@")) return annotated();
    if (t.kind() == TokenKind.KEYWORD) {
      switch (t.text()) {
        case "type" -> {
          return typeDef();
        }
        case "in" -> {
          return input(List.of(), t.span());
        }
        case "out" -> {
          return output(List.of(), t.span());
        }
        case "use" -> {
          return use();
        }
        default -> { }
      }
    }
    throw in.expected("declaration");
  }

  // typeDef = "type" IDENT "=" type ;
  private Ast.Decl typeDef() {
    Token keyword = in.next();
    Token name = in.expectIdent("type name");
    in.expectPunct("=");
    Ast.TypeExpr type = types.type();
    return new Ast.TypeDef(ExpressionParser.ident(name), type, in.from(keyword.span()));
  }

  // inputDecl = { inAnnotation } "in" IDENT ":" type ;
  private Ast.Decl input(List<Ast.Annotation> annotations, Span start) {
    in.expectKeyword("in");
    Token name = in.expectIdent("input name");
    in.expectPunct(":");
    Ast.TypeExpr type = types.type();
    return new Ast.InputDecl(annotations, ExpressionParser.ident(name), type, in.from(start));
  }

  // outputDecl = { "@sink" "(" PLAINSTRING { "," IDENT ":" expr } ")" } "out" IDENT ;
  private Ast.Decl output(List<Ast.Annotation> annotations, Span start) {
    in.expectKeyword("out");
    Token name = in.expectIdent("output name");
    return new Ast.OutputDecl(annotations, ExpressionParser.ident(name), in.from(start));
  }

  // useDecl = "use" name [ "as" IDENT ] ;   name = IDENT { "." IDENT } ;
  private Ast.Decl use() {
    Token keyword = in.next();
    Token first = in.expectIdent("namespace");
    List<Ast.Ident> segments = new ArrayList<>();
    segments.add(ExpressionParser.ident(first));
    Token last = first;
    while (in.atPunct(".")) {
      Token dot = in.next();
      Token segment = in.peek();
      if (dot.span().start() != last.span().end() || segment.span().start() != dot.span().end()) {
        throw in.error("no whitespace is allowed around '.'", dot.span());
      }
      last = in.expectIdent("namespace segment");
      segments.add(ExpressionParser.ident(last));
    }
    Ast.QualifiedName namespace = new Ast.QualifiedName(segments, in.from(first.span()));
    Ast.Ident alias = null;
    if (in.atKeyword("as")) {
      in.next();
      alias = ExpressionParser.ident(in.expectIdent("alias name"));
    }
    return new Ast.UseDecl(namespace, alias, in.from(keyword.span()));
  }

  // assignment = IDENT "=" expr ;
  private Ast.Decl assignment() {
    Token name = in.next();
    in.expectPunct("=");
    Ast.Expr value = expressions.expr();
    return new Ast.Assignment(ExpressionParser.ident(name), value, in.from(name.span()));
  }

  // ---------------------------------------------------------------- annotations

  /** Annotations, then the {@code in} or {@code out} declaration they belong to. */
  private Ast.Decl annotated() {
    Span start = in.peek().span();
    List<Ast.Annotation> annotations = new ArrayList<>();
    while (in.atPunct("@")) annotations.add(annotation());
    boolean input = in.atKeyword("in");
    if (!input && !in.atKeyword("out")) throw in.expected("'in' or 'out' after annotations");
    for (Ast.Annotation a : annotations) {
      boolean sink = a.kind().name().equals("sink");
      if (sink == input) {
        String target = input ? "an input" : "an output";
        throw in.error("'@" + a.kind().name() + "' cannot annotate " + target, a.span());
      }
    }
    return input ? input(annotations, start) : output(annotations, start);
  }

  // inAnnotation = "@example" "(" expr ")" | "@source" "(" PLAINSTRING { "," IDENT ":" expr } ")" ;
  private Ast.Annotation annotation() {
    Token at = in.next();
    Token kind = in.peek();
    if (kind.kind() != TokenKind.IDENT || !isAnnotationName(kind.text())) {
      throw in.expected("annotation name (example, source or sink)");
    }
    in.next();
    in.node();
    in.expectPunct("(");
    Ast.Ident name = ExpressionParser.ident(kind);
    if (kind.text().equals("example")) {
      Ast.Expr example = expressions.expr();
      in.expectPunct(")");
      return new Ast.Annotation(name, example, null, List.of(), in.from(at.span()));
    }
    if (!in.atKind(TokenKind.STRING_START)) throw in.expected("a plain string literal");
    Ast.StringLiteral target = expressions.string();
    if (!target.plain()) throw in.error("expected a plain string literal (no interpolation)", target.span());
    List<Ast.NamedArgument> arguments = new ArrayList<>();
    while (in.acceptPunct(",")) {
      Token argument = in.expectIdent("argument name");
      in.expectPunct(":");
      arguments.add(new Ast.NamedArgument(ExpressionParser.ident(argument), expressions.expr()));
    }
    in.expectPunct(")");
    return new Ast.Annotation(name, null, target.parts().get(0), arguments, in.from(at.span()));
  }

  private static boolean isAnnotationName(String name) {
    return name.equals("example") || name.equals("source") || name.equals("sink");
  }
}
