package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pipeline under examples/ runs from the command line and produces its expected outputs. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  static List<String> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".cst"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleRunsToItsExpectedOutputs(String name) throws IOException {
    CliRunner.Outcome outcome = CliRunner.run("run", EXAMPLES.resolve(name + ".cst").toString(),
        "--inputs", EXAMPLES.resolve(name + ".inputs.json").toString(), "--json");

    JsonNode result = outcome.json();
    assertThat(result.path("status").asText()).as(outcome.stdout()).isEqualTo("completed");
    assertThat(outcome.exitCode()).isZero();
    JsonNode expected = Json.parse(Files.readString(EXAMPLES.resolve(name + ".expected.json")));
    assertThat(result.get("outputs")).isEqualTo(expected);
    assertThat(result.get("errors")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleCompilesWithoutWarnings(String name) {
    CliRunner.Outcome outcome = CliRunner.run("compile", EXAMPLES.resolve(name + ".cst").toString(), "--json");

    JsonNode result = outcome.json();
    assertThat(result.path("status").asText()).as(outcome.stdout()).isEqualTo("ok");
    assertThat(result.get("warnings")).as(outcome.stdout()).isEmpty();
    assertThat(result.path("structuralHash").asText()).hasSize(64);
  }
}
