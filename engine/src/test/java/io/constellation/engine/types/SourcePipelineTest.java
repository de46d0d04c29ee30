package io.constellation.engine.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompilerLimits;
import io.constellation.engine.Diagnostic;
import io.constellation.engine.parse.ParseResult;
import io.constellation.engine.parse.Parser;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.syntax.SourceText;
import org.junit.jupiter.api.Test;

/** End-to-end from source text through the real parser, for what positions and names look like as written. */
final class SourcePipelineTest {

  private static TypedPipeline check(String source) {
    SourceText text = new SourceText(source);
    ParseResult parsed = Parser.parse(text, CompilerLimits.DEFAULTS);
    assertThat(parsed.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    return TypeChecker.check(parsed.pipeline(), ModuleRegistry.standard(), text);
  }

  @Test
  void overviewExample_typeChecks() {
    TypedPipeline typed = check("""
        type Review = { text: String, stars: Int }
        in reviews: List<Review>
        in minStars: Optional<Int>
        use stdlib.collection
        use stdlib.list as l
        good  = filter(reviews, (r) => r.stars >= (minStars ?? 4))
        texts = map(good, (r) => Trim(r.text))
        top   = Uppercase(l.list-first(texts) when not l.list-is-empty(texts) ?? "none")
                with retry: 2, timeout: 500ms, fallback: "n/a"
        out top  out texts
        """);
    assertThat(typed.diagnostics()).isEmpty();
    assertThat(typed.assignments().get("top").value().type()).isEqualTo(Type.STRING);
    assertThat(typed.assignments().get("texts").value().type()).isEqualTo(Type.list(Type.STRING));
  }

  @Test
  void undefinedFunction_positionAndSnippet() {
    TypedPipeline typed = check("in s: String\nx = 1\ny =  Uppercas(s)\nout y");
    assertThat(typed.errors()).hasSize(1);
    Diagnostic error = typed.errors().get(0);
    assertThat(error.render()).isEqualTo(
        "E002 3:6: Undefined function: Uppercas. Did you mean 'Uppercase'?\ny =  Uppercas(s)\n     ^");
  }

  @Test
  void unusedAssignment_warningAtName() {
    TypedPipeline typed = check("in s: String\n  x = 1\nout s");
    assertThat(typed.warnings()).extracting(Diagnostic::message, Diagnostic::line, Diagnostic::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("unused assignment 'x'", 2, 3));
  }

  @Test
  void operatorErrors_pointAtOperator() {
    TypedPipeline typed = check("x = \"a\" * 2\nout x");
    assertThat(typed.errors()).extracting(Diagnostic::code, Diagnostic::line, Diagnostic::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("E014", 1, 9));
  }
}
