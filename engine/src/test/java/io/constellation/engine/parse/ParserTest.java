package io.constellation.engine.parse;

import static io.constellation.engine.parse.Sexp.expr;
import static io.constellation.engine.parse.Sexp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ParserTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      a + b * c                 | (+ a (* b c))
      a - b - c                 | (- (- a b) c)
      a / b * c                 | (* (/ a b) c)
      a -1                      | (- a 1)
      2-1                       | (- 2 1)
      a - -1                    | (- a -1)
      -42                       | -42
      x-1                       | x-1
      [1, -2]                   | (list 1 -2)
      f(-1, a -1)               | (call f -1 (- a 1))
      a == b and c != d         | (and (== a b) (!= c d))
      a or b and c              | (or a (and b c))
      not a and b               | (and (not a) b)
      not not a                 | (not (not a))
      not(x)                    | (not (paren x))
      not a == b                | (not (== a b))
      a < b + 1                 | (< a (+ b 1))
      a ?? b ?? c               | (?? a (?? b c))
      a ?? b when c             | (?? a (when b c))
      x when c ?? d             | (?? (when x c) d)
      x when a or b             | (when x (or a b))
      (a + b) * c               | (* (paren (+ a b)) c)
      r.f.g                     | (. (. r f) g)
      r[a, b]                   | ([] r a b)
      r{a, b}.a                 | (. ({} r a b) a)
      a.b(x)                    | (call a.b x)
      stdlib.math.add(1, 2)     | (call stdlib.math.add 1 2)
      f(x).g                    | (. (call f x) g)
      f ()                      | (call f)
      ide-ranker-v2             | ide-ranker-v2
      c->d                      | c
      input + user + in-x       | (+ (+ input user) in-x)
      true or false             | (or true false)
      2.5 * 10                  | (* 2.5 10)
      {}                        | (record)
      {a: 1, b: [x]}            | (record a:1 b:(list x))
      []                        | (list)
      """)
  void expression_parsesWithPrecedence(String source, String tree) {
    if (source.equals("c->d")) {
      // c -> d is not an expression; the lexer must still split it into c, ->, d
      assertThat(parse("x = c->d out x").diagnostics().get(0).message()).isEqualTo(
          "Parse error: expected declaration, found '->'");
      return;
    }
    assertThat(expr(source)).isEqualTo(tree);
  }

  @Test
  void lambda_detectedByMatchingParenFollowedByArrow() {
    assertThat(expr("filter(xs, (r) => r.stars >= (min ?? 4))"))
        .isEqualTo("(call filter xs (lambda (r) (>= (. r stars) (paren (?? min 4)))))");
    assertThat(expr("map(xs, (a: Int, b: List<String>) => a)"))
        .isEqualTo("(call map xs (lambda (a:Int b:List<String>) a))");
    assertThat(expr("() => 1")).isEqualTo("(lambda () 1)");
    assertThat(expr("(a) + 1")).isEqualTo("(+ (paren a) 1)");
    assertThat(expr("(x) => (y) => x")).isEqualTo("(lambda (x) (lambda (y) x))");
  }

  @Test
  void if_elseArmExtendsAsFarAsPossible() {
    assertThat(expr("if (a) 1 else 2 + 3")).isEqualTo("(if a 1 (+ 2 3))");
    assertThat(expr("if (a) 1 else if (b) 2 else 3")).isEqualTo("(if a 1 (if b 2 3))");
    assertThat(expr("if (a) 1 else -1")).isEqualTo("(if a 1 -1)");
  }

  @Test
  void branch_armsAndMandatoryOtherwise() {
    assertThat(expr("branch { a > 1 -> -1, b -> 2, otherwise -> 3 }"))
        .isEqualTo("(branch [(> a 1) -1] [b 2] 3)");
    assertThat(expr("branch { otherwise -> 3 }")).isEqualTo("(branch 3)");
  }

  @Test
  void match_scrutineeIsPrimaryAndArmsArePatterns() {
    assertThat(expr("match x { {a, b} -> a, is Int -> 1, _ -> 2 }"))
        .isEqualTo("(match x [{a,b} a] [is Int 1] [_ 2])");
    assertThat(expr("match (r.f) { _ -> 1 }")).isEqualTo("(match (paren (. r f)) [_ 1])");
    assertThat(expr("match f(x) { _ -> 1 }")).isEqualTo("(match (call f x) [_ 1])");
  }

  @Test
  void string_interpolationsEscapesAndNesting() {
    assertThat(expr("\"a${x + 1}b\"")).isEqualTo("(str 'a' (+ x 1) 'b')");
    assertThat(expr("\"${\"in${y}\"}\"")).isEqualTo("(str '' (str 'in' y '') '')");
    assertThat(expr("\"\\n\\t\\r\\\\\\\"\\$\"")).isEqualTo("(str '\n\t\r\\\"$')");
    assertThat(expr("\"\\${x}\"")).isEqualTo("(str '${x}')");
    assertThat(expr("\"$x $\"")).isEqualTo("(str '$x $')");
    assertThat(expr("\"${ {a: 1} }\"")).isEqualTo("(str '' (record a:1) '')");
    assertThat(expr("\"${-1}\"")).isEqualTo("(str '' -1 '')");
    assertThat(expr("\"line1\r\nline2\"")).isEqualTo("(str 'line1\nline2')");
  }

  @Test
  void string_keepsRawPartsUndecoded() {
    Ast.Assignment a = (Ast.Assignment) parse("x = \"a\\n${y}\\$\" out x").pipeline().declarations().get(0);
    Ast.StringLiteral s = (Ast.StringLiteral) a.value();
    assertThat(s.rawParts()).containsExactly("a\\n", "\\$");
    assertThat(s.parts()).containsExactly("a\n", "$");
  }

  @Test
  void with_bindsToCallAndFallbackIsFullExpression() {
    assertThat(expr("f(x) with fallback: 0 + 1, retry: 2"))
        .isEqualTo("(call f x fallback=expr:(+ 0 1) retry=num:2)");
    assertThat(expr("(f(x) with fallback: 0) + 1")).isEqualTo("(+ (paren (call f x fallback=expr:0)) 1)");
    assertThat(expr("g((f(x) with retry: 1), y)")).isEqualTo("(call g (paren (call f x retry=num:1)) y)");
  }

  @Test
  void declarations_allForms() {
    ParseResult r = parse("""
        type R = { a: Int, b: List<String> } + { c: Int } | String
        @example(3) in n: Int
        @source("kafka://t", group: "g") in s: String
        use stdlib.math as m
        use stdlib
        y = m.add(n, 1)
        @sink("s3://b", format: "json") out y
        out n""");
    assertThat(r.diagnostics()).isEmpty();
    var decls = r.pipeline().declarations();
    assertThat(decls).hasSize(8);
    Ast.TypeDef t = (Ast.TypeDef) decls.get(0);
    assertThat(Printer.print(t.type())).isEqualTo("{ a: Int, b: List<String> } + { c: Int } | String");
    assertThat(t.type()).isInstanceOf(Ast.UnionType.class);
    assertThat(((Ast.UnionType) t.type()).members().get(0)).isInstanceOf(Ast.MergeType.class);
    Ast.InputDecl n = (Ast.InputDecl) decls.get(1);
    assertThat(n.annotations().get(0).kind().name()).isEqualTo("example");
    assertThat(Sexp.of(n.annotations().get(0).example())).isEqualTo("3");
    Ast.InputDecl s = (Ast.InputDecl) decls.get(2);
    assertThat(s.annotations().get(0).target()).isEqualTo("kafka://t");
    assertThat(s.annotations().get(0).arguments().get(0).name().name()).isEqualTo("group");
    Ast.UseDecl use = (Ast.UseDecl) decls.get(3);
    assertThat(use.namespace().text()).isEqualTo("stdlib.math");
    assertThat(use.alias().name()).isEqualTo("m");
    assertThat(((Ast.UseDecl) decls.get(4)).alias()).isNull();
    Ast.OutputDecl out = (Ast.OutputDecl) decls.get(6);
    assertThat(out.annotations().get(0).target()).isEqualTo("s3://b");
    assertThat(out.name().name()).isEqualTo("y");
  }

  @Test
  void declarations_needNoSeparator() {
    ParseResult r = parse("in x: Int out x");
    assertThat(r.ok()).isTrue();
    assertThat(r.pipeline().declarations()).hasSize(2);
  }

  @Test
  void spans_pointAtConstructsInCodePoints() {
    ParseResult r = parse("# comment\n\ty = \"\uD83D\uDE00\" + abc\nout y");
    Ast.Assignment a = (Ast.Assignment) r.pipeline().declarations().get(0);
    assertThat(a.name().span()).isEqualTo(new Span(11, 12, 2, 2));
    Ast.Binary plus = (Ast.Binary) a.value();
    assertThat(plus.operatorSpan()).isEqualTo(new Span(19, 20, 2, 10));
    assertThat(plus.right().span()).isEqualTo(new Span(21, 24, 2, 12));
    assertThat(plus.span()).isEqualTo(new Span(15, 24, 2, 6));
  }

  @Test
  void spans_crBeforeLfTakesNoColumn() {
    ParseResult r = parse("in x: Int\r\nout  x\r\n");
    Ast.OutputDecl out = (Ast.OutputDecl) r.pipeline().declarations().get(1);
    assertThat(out.name().span().line()).isEqualTo(2);
    assertThat(out.name().span().column()).isEqualTo(6);
  }

  @Test
  void reservedWords_onlyWhenNotFollowedByIdentifierCharacter() {
    assertThat(expr("is_ok and in-x")).isEqualTo("(and is_ok in-x)");
    assertThat(expr("outer")).isEqualTo("outer");
  }
}
