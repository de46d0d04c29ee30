package io.constellation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.runtime.ExecutionOptions;
import io.constellation.engine.runtime.ExecutionResult;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.spi.NodeTrace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Source in, outputs out: cases that need every phase to agree. */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Compiler COMPILER = Compiler.create(ModuleRegistry.standard());
  private static PipelineRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = PipelineRuntime.builder(ModuleRegistry.standard()).build();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // a sign directly before digits where an expression starts belongs to the literal
      "in c: Boolean\\nx = if (c) -1 else 2\\nout x          | {\"c\": true}  | {\"x\":-1}",
      "in c: Boolean\\nx = if (c) 2 else -1\\nout x          | {\"c\": false} | {\"x\":-1}",
      "in n: Int\\nx = branch { n > 0 -> -1, otherwise -> 1 }\\nout x | {\"n\": 5} | {\"x\":-1}",
      // elsewhere it is minus
      "in a: Int\\nx = (a) -1\\nout x                         | {\"a\": 5}     | {\"x\":4}",
      "in a: Int\\nx = a -1\\nout x                           | {\"a\": 5}     | {\"x\":4}",
      "in a: Int\\nx = 2-1\\nout x                            | {\"a\": 5}     | {\"x\":1}",
      "in a: Int\\nx = a - -1\\nout x                         | {\"a\": 5}     | {\"x\":6}",
      // an omitted Optional input is None
      "in o: Optional<Int>\\nx = o ?? 7\\nout x                | {}             | {\"x\":7}",
      // lazy: the untaken arm's failure never happens
      "in n: Int\\nx = if (n == 0) 0 else 10 / n\\nout x       | {\"n\": 0}     | {\"x\":0}",
      "in n: Int\\nx = n != 0 and 10 / n > 1\\nout x          | {\"n\": 0}     | {\"x\":false}",
      // Float rendering and union tags at the output
      "in f: Float\\nx = \"${f * 10000000.0}\"\\nout x        | {\"f\": 1.0}   | {\"x\":\"1.0E7\"}",
      "in c: Boolean\\nx = if (c) 1 else \"a\"\\nout x       | {\"c\": true}  | {\"x\":{\"tag\":\"Int\",\"value\":1}}",
  })
  void runs(String source, String inputs, String expectedOutputs) throws Exception {
    CompileResult compiled = COMPILER.compile(source.replace("\\n", "\n"));
    assertThat(compiled.errors()).isEmpty();
    Map<String, JsonNode> given = new LinkedHashMap<>();
    JSON.readTree(inputs).fields().forEachRemaining(e -> given.put(e.getKey(), e.getValue()));

    ExecutionResult result = runtime.execute(compiled.get(), given);

    assertThat(result.errors()).isEmpty();
    JsonNode outputs = JSON.valueToTree(result.outputs());
    assertThat(outputs.toString()).isEqualTo(JSON.readTree(expectedOutputs).toString());
  }

  @Test
  void perExecutionListenerReceivesThatExecutionsTraces() throws Exception {
    CompiledPipeline pipeline = COMPILER.compile("in text: String\nup = Uppercase(text)\nn = WordCount(up)\nout n\n").get();
    List<NodeTrace> first = new CopyOnWriteArrayList<>();
    List<NodeTrace> second = new CopyOnWriteArrayList<>();

    runtime.execute(pipeline, Map.of("text", JSON.readTree("\"a b\"")),
        ExecutionOptions.none().withListener(first::add));
    runtime.execute(pipeline, Map.of("text", JSON.readTree("\"c\"")),
        ExecutionOptions.none().withListener(second::add));

    assertThat(first).extracting(NodeTrace::module).contains("Uppercase", "WordCount");
    assertThat(first).extracting(NodeTrace::label).contains("up", "n");
    assertThat(first).allMatch(t -> t.outcome() == NodeTrace.Outcome.SUCCEEDED);
    assertThat(second).hasSameSizeAs(first);
  }
}
