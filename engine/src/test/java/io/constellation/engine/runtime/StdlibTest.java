package io.constellation.engine.runtime;

import static io.constellation.engine.runtime.TestDag.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.dag.Node;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class StdlibTest {
  private final ModuleRegistry modules = ModuleRegistry.standard();
  private final PipelineRuntime runtime = PipelineRuntime.builder(modules).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  private Object invoke(String module, Object... args) throws Exception {
    Map<String, Object> named = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) named.put((String) args[i], args[i + 1]);
    return modules.implementation(module).orElseThrow().invoke(named);
  }

  @Test
  void stdlibFunctions_behaveAsSpecified() throws Exception {
    assertThat(invoke("stdlib.add", "a", Long.MAX_VALUE, "b", 1L)).isEqualTo(Long.MIN_VALUE);
    assertThat(invoke("stdlib.subtract", "a", 1L, "b", 3L)).isEqualTo(-2L);
    assertThat(invoke("stdlib.multiply", "a", 3L, "b", 4L)).isEqualTo(12L);
    assertThat(invoke("stdlib.divide", "a", -7L, "b", 2L)).isEqualTo(-3L);
    assertThat(invoke("stdlib.modulo", "a", -7L, "b", 2L)).isEqualTo(-1L);
    assertThat(invoke("stdlib.max", "a", 1L, "b", 2L)).isEqualTo(2L);
    assertThat(invoke("stdlib.min", "a", 1L, "b", 2L)).isEqualTo(1L);
    assertThat(invoke("stdlib.abs", "value", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(invoke("stdlib.negate", "value", 5L)).isEqualTo(-5L);
    assertThat(invoke("stdlib.round", "value", -1.5)).isEqualTo(-1L);
    assertThat(invoke("stdlib.round", "value", -0.5)).isEqualTo(0L);
    assertThat(invoke("stdlib.concat", "a", "x", "b", "y")).isEqualTo("xy");
    assertThat(invoke("stdlib.string-length", "value", "\uD83D\uDE00")).isEqualTo(2L);
    assertThat(invoke("stdlib.join", "list", List.of("a", "b"), "separator", "-")).isEqualTo("a-b");
    assertThat(invoke("stdlib.split", "value", ",a,", "substring", ",")).isEqualTo(List.of("", "a", ""));
    assertThat(invoke("stdlib.split", "value", "", "substring", "")).isEqualTo(List.of());
    assertThat(invoke("stdlib.contains", "value", "abc", "substring", "")).isEqualTo(true);
    assertThat(invoke("stdlib.trim", "value", " a\t")).isEqualTo("a");
    assertThat(invoke("stdlib.replace", "value", "aaa", "target", "aa", "replacement", "b")).isEqualTo("ba");
    assertThat(invoke("stdlib.list-length", "list", List.of(1L))).isEqualTo(1L);
    assertThat(invoke("stdlib.list-first", "list", List.of(1L, 2L))).isEqualTo(1L);
    assertThat(invoke("stdlib.list-last", "list", List.of(1L, 2L))).isEqualTo(2L);
    assertThat(invoke("stdlib.list-is-empty", "list", List.of())).isEqualTo(true);
    assertThat(invoke("stdlib.list-sum", "list", List.of(1L, 2.5))).isEqualTo(3.5);
    assertThat(invoke("stdlib.list-concat", "a", List.of(1L), "b", List.of(2L))).isEqualTo(List.of(1L, 2L));
    assertThat(invoke("stdlib.list-reverse", "list", List.of(1L, 2L))).isEqualTo(List.of(2L, 1L));
    assertThat(invoke("stdlib.and", "a", true, "b", false)).isEqualTo(false);
    assertThat(invoke("stdlib.or", "a", true, "b", false)).isEqualTo(true);
    assertThat(invoke("stdlib.not", "value", true)).isEqualTo(false);
    assertThat(invoke("stdlib.eq-int", "a", 1L, "b", 1L)).isEqualTo(true);
    assertThat(invoke("stdlib.eq-string", "a", "a", "b", "A")).isEqualTo(false);
    assertThat(invoke("stdlib.gt", "a", 2L, "b", 1L)).isEqualTo(true);
    assertThat(invoke("stdlib.lt", "a", 2L, "b", 1L)).isEqualTo(false);
    assertThat(invoke("stdlib.gte", "a", 1L, "b", 1L)).isEqualTo(true);
    assertThat(invoke("stdlib.lte", "a", 2L, "b", 1L)).isEqualTo(false);
    assertThat(invoke("stdlib.identity", "value", "v")).isEqualTo("v");
    assertThat(invoke("stdlib.log", "message", "m")).isEqualTo("m");
    assertThat(invoke("stdlib.to-string", "value", -3L)).isEqualTo("-3");
    assertThat(invoke("stdlib.to-int", "value", -2.9)).isEqualTo(-2L);
    assertThat(invoke("stdlib.to-int", "value", 1e300)).isEqualTo(Long.MAX_VALUE);
    assertThat(invoke("stdlib.to-float", "value", 2L)).isEqualTo(2.0);
  }

  @Test
  void exampleModules_behaveAsSpecified() throws Exception {
    assertThat(invoke("Uppercase", "text", "ab")).isEqualTo("AB");
    assertThat(invoke("Lowercase", "text", "AB")).isEqualTo("ab");
    assertThat(invoke("Trim", "text", " a ")).isEqualTo("a");
    assertThat(invoke("Replace", "text", "a.a", "find", ".", "replace", "-")).isEqualTo("a-a");
    assertThat(invoke("WordCount", "text", "  a  b ")).isEqualTo(2L);
    assertThat(invoke("WordCount", "text", "")).isEqualTo(0L);
    assertThat(invoke("TextLength", "text", "abc")).isEqualTo(3L);
    assertThat(invoke("Contains", "text", "abc", "substring", "b")).isEqualTo(true);
    assertThat(invoke("SplitLines", "text", "\n")).isEqualTo(List.of());
    assertThat(invoke("SplitLines", "text", "")).isEqualTo(List.of(""));
    assertThat(invoke("Split", "text", "a1b22c", "delimiter", "[0-9]+")).isEqualTo(List.of("a", "b", "c"));
    assertThat(invoke("SumList", "numbers", List.of(1L, 2L))).isEqualTo(3L);
    assertThat(invoke("Average", "numbers", List.of())).isEqualTo(0.0);
    assertThat(invoke("Average", "numbers", List.of(1L, 2L))).isEqualTo(1.5);
    assertThat(invoke("Max", "numbers", List.of(1L, 5L))).isEqualTo(5L);
    assertThat(invoke("Min", "numbers", List.of())).isEqualTo(0L);
    assertThat(invoke("FilterGreaterThan", "numbers", List.of(1L, 5L, 3L), "threshold", 2L))
        .isEqualTo(List.of(5L, 3L));
    assertThat(invoke("MultiplyEach", "numbers", List.of(1L, 2L), "multiplier", 3L)).isEqualTo(List.of(3L, 6L));
    assertThat(invoke("Range", "start", 3L, "end", 1L)).isEqualTo(List.of());
    assertThat(invoke("Range", "start", 1L, "end", 3L)).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(invoke("FormatNumber", "number", -1234567L)).isEqualTo("-1,234,567");
  }

  @Test
  void stdlibFailure_isModuleExecutionWithStdlibModuleName() {
    TestDag dag = new TestDag();
    Node divide = dag.let("d", TestDag.stdlib("stdlib.math", "divide", Type.INT, lit(1L), lit(0L)));
    ExecutionResult result = runtime.execute(dag.out("d", divide).build(), Map.of());
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("MODULE_EXECUTION");
      assertThat(e.module()).isEqualTo("stdlib.divide");
      assertThat(e.message()).isEqualTo("Module 'stdlib.divide' execution failed: Division by zero in stdlib.divide");
    });
    TestDag empty = new TestDag();
    Node first = empty.let("f", TestDag.stdlib("stdlib.list", "list-first", Type.INT,
        new Node.ListOf(List.of(), Type.list(Type.NOTHING))));
    assertThat(runtime.execute(empty.out("f", first).build(), Map.of()).errors().get(0).message())
        .isEqualTo("Module 'stdlib.list-first' execution failed: stdlib.list-first: list is empty");
  }

  @Test
  void benchmarkShape_uppercaseThenWordCount() {
    TestDag dag = new TestDag().input("text", Type.STRING);
    Node up = dag.let("up", TestDag.call("Uppercase", "Uppercase", Type.STRING, dag.in("text")));
    Node n = dag.let("n", TestDag.call("WordCount", "WordCount", Type.INT, up));
    var pipeline = dag.out("up", up).out("n", n).build();
    for (int i = 0; i < 3; i++) {
      ExecutionResult result = runtime.execute(pipeline,
          Map.of("text", com.fasterxml.jackson.databind.node.TextNode.valueOf("hello big world")));
      assertThat(CanonicalJson.write(result.outputs().get("up"))).isEqualTo("\"HELLO BIG WORLD\"");
      assertThat(result.outputs().get("n").asLong()).isEqualTo(3);
    }
  }
}
