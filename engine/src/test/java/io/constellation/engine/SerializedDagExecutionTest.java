package io.constellation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.DagCodec;
import io.constellation.engine.runtime.ExecutionResult;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.ModuleRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A compiled DAG written to bytes and read back (as another machine would) executes exactly like the original:
 * same status, outputs and errors, and the same structural hash.
 */
class SerializedDagExecutionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ModuleRegistry MODULES = ModuleRegistry.standard();
  private static PipelineRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = PipelineRuntime.builder(MODULES).build();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  static Stream<Arguments> pipelines() {
    return Stream.of(
        Arguments.of("in text: String\nup = Uppercase(text)\nn = WordCount(up)\nout up\nout n\n",
            "{\"text\": \"hello big world\"}"),
        Arguments.of(CompilerFuzzTest.SEEDS.get(1),
            "{\"reviews\": [{\"text\": \" a \", \"stars\": 5}, {\"text\": \"b\", \"stars\": 2}]}"),
        Arguments.of(CompilerFuzzTest.SEEDS.get(2),
            "{\"shape\": {\"radius\": 2.0}, \"n\": 7}"),
        Arguments.of(CompilerFuzzTest.SEEDS.get(3), "{\"xs\": [1, 5, 9], \"flag\": true}"),
        Arguments.of("in n: Int\nq = 10 / n\nok = \"${n} ok\"\nout q\nout ok\n", "{\"n\": 0}"),
        Arguments.of("""
            in xs: List<Int>
            use stdlib.collection
            doubled = map(xs, (x) => x * 2)
            anyBig = any(doubled, (x) => x > 5)
            pairs = map(xs, (x) => map(xs, (y) => { a: x, b: y }))
            firstOk = Split("a,b", "[") with on_error: wrap
            safe = Split("a,b", "[") with fallback: ["none"]
            out doubled out anyBig out pairs out firstOk out safe
            """, "{\"xs\": [1, 2, 3]}"));
  }

  @org.junit.jupiter.api.Test
  void missingInputsAreListedInDeclarationOrderAlsoAfterARoundTrip() {
    CompiledPipeline original = Compiler.create(MODULES).compile("in zeta: Int\nin alpha: String\nout alpha\n").get();
    Dag copy = DagCodec.fromBytes(DagCodec.toBytes(original.dag()));

    for (Dag dag : java.util.List.of(original.dag(), copy)) {
      ExecutionResult result = runtime.execute(
          new CompiledPipeline(dag, original.sourceHash(), original.structuralHash(), original.registryHash()),
          Map.of());
      assertThat(result.inputsRejected()).isTrue();
      assertThat(result.errors().get(0).message()).isEqualTo("missing required inputs: zeta (Int), alpha (String)");
    }
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void roundTrippedDagExecutesIdentically(String source, String inputsJson) throws Exception {
    CompiledPipeline original = Compiler.create(MODULES).compile(source).get();
    Dag copy = DagCodec.fromBytes(DagCodec.toBytes(original.dag()));
    CompiledPipeline restored = new CompiledPipeline(copy, original.sourceHash(), DagCodec.structuralHash(copy),
        original.registryHash());
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    JSON.readTree(inputsJson).fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue()));

    ExecutionResult before = runtime.execute(original, inputs);
    ExecutionResult after = runtime.execute(restored, inputs);

    assertThat(restored.structuralHash()).isEqualTo(original.structuralHash());
    assertThat(DagCodec.toJson(copy)).isEqualTo(DagCodec.toJson(original.dag()));
    assertThat(after.status()).isEqualTo(before.status());
    assertThat(after.outputs()).isEqualTo(before.outputs());
    assertThat(after.errors()).isEqualTo(before.errors());
  }
}
