package io.constellation.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.SourceText;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

final class PrinterRoundTripProperties {

  private static ParseResult parse(String source) {
    return Parser.parse(new SourceText(source), new CompilerLimits(1 << 20, 100_000, 200));
  }

  /** Random tree -> print -> parse gives the same tree, up to spans and the parentheses the printer adds. */
  @Property(tries = 1000)
  void randomTree_printsAndReparsesToSameTree(@ForAll long seed) {
    Ast.Pipeline tree = new AstGenerator(seed).pipeline();
    String printed = Printer.print(tree);
    ParseResult reparsed = parse(printed);
    assertThat(reparsed.diagnostics()).as(printed).isEmpty();
    assertThat(AstStripper.stripWithoutParentheses(reparsed.pipeline())).as(printed)
        .isEqualTo(AstStripper.stripWithoutParentheses(tree));
  }

  /** A parsed tree prints without added parentheses: print -> parse is then exactly the identity (spans aside). */
  @Property(tries = 1000)
  void parsedTree_printsAndReparsesToExactlyTheSameTree(@ForAll long seed) {
    String first = Printer.print(new AstGenerator(seed).pipeline());
    Ast.Pipeline parsed = parse(first).pipeline();
    String second = Printer.print(parsed);
    ParseResult reparsed = parse(second);
    assertThat(reparsed.diagnostics()).as(second).isEmpty();
    assertThat(AstStripper.strip(reparsed.pipeline())).as(second).isEqualTo(AstStripper.strip(parsed));
    assertThat(second).isEqualTo(first);
  }

  @Example
  void printer_addsParenthesesOnlyWhereNeeded() {
    String source = """
        x = (a + b) * c - d
        y = (if (c) 1 else 2) + 1
        z = f((x) => x, (g(1) with retry: 1), h(2) with fallback: 0)
        w = (f(1) with fallback: 0).g
        v = if (c) (-1) else -1
        u = match (r.f) { {a} -> a, _ -> 1 }
        t = a ?? b ?? (c ?? d)
        s = "a${x}\\n\\$"
        out x
        """;
    assertThat(Printer.print(parse(source).pipeline())).isEqualTo(source);
  }

  @Example
  void printer_parenthesisesHandBuiltTreesThatNeedIt() {
    Ast.Expr a = new Ast.Variable(new Ast.Ident("a", null), null);
    Ast.Expr b = new Ast.Variable(new Ast.Ident("b", null), null);
    Ast.Expr sum = new Ast.Binary(Ast.BinaryOp.ADD, a, b, null, null);
    assertThat(Printer.print(new Ast.Binary(Ast.BinaryOp.MULTIPLY, sum, sum, null, null)))
        .isEqualTo("(a + b) * (a + b)");
    assertThat(Printer.print(new Ast.Binary(Ast.BinaryOp.SUBTRACT, a, sum, null, null))).isEqualTo("a - (a + b)");
    Ast.Expr cmp = new Ast.Binary(Ast.BinaryOp.LT, a, b, null, null);
    assertThat(Printer.print(new Ast.Binary(Ast.BinaryOp.LT, cmp, b, null, null))).isEqualTo("(a < b) < b");
    Ast.Expr iff = new Ast.If(a, a, b, null);
    assertThat(Printer.print(new Ast.FieldAccess(iff, new Ast.Ident("f", null), null)))
        .isEqualTo("(if (a) a else b).f");
    assertThat(Printer.print(new Ast.Coalesce(new Ast.Coalesce(a, b, null, null), a, null, null)))
        .isEqualTo("(a ?? b) ?? a");
  }
}
