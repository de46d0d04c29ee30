package io.constellation.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.ExecutionResult;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.ModuleRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class EngineBenchmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EngineBenchmark.Counts TINY = new EngineBenchmark.Counts(2, 1, 3, 4);

  @TempDir
  Path fixtures;

  @Test
  void run_tinyCountsWithFixtures_reportHasTheDocumentedShape() throws IOException {
    writeFixtures();
    EngineBenchmarkReport report = EngineBenchmark.of(TINY).run(fixtures);

    JsonNode json = JSON.readTree(report.toJson());
    assertThat(fieldNames(json))
        .containsExactly("compileMedianMicros", "perNodeOverheadMicros", "executionsPerSecond", "fixtures");
    assertThat(fieldNames(json.get("compileMedianMicros"))).containsExactly("10", "100", "1000");
    json.get("compileMedianMicros").forEach(n -> assertThat(n.isNumber()).isTrue());
    assertThat(json.get("perNodeOverheadMicros").isNumber()).isTrue();
    assertThat(fieldNames(json.get("executionsPerSecond"))).containsExactly("oneThread", "allCores");
    assertThat(json.get("executionsPerSecond").get("oneThread").asDouble()).isPositive();
    assertThat(json.get("executionsPerSecond").get("allCores").asDouble()).isPositive();
    assertThat(fieldNames(json.get("fixtures"))).containsExactly("arith", "text_wordcount");
    for (JsonNode fixture : json.get("fixtures")) {
      assertThat(fieldNames(fixture)).containsExactly("compileMeanMicros", "executeMeanMicros");
      assertThat(fixture.get("compileMeanMicros").asDouble()).isPositive();
    }
    assertThat(report.toText()).contains("1000 nodes", "executions/s, one thread", "text_wordcount", "arith");
  }

  @Test
  void run_withoutFixtures_omitsTheFixturesMember() throws IOException {
    EngineBenchmarkReport report = EngineBenchmark.of(new EngineBenchmark.Counts(1, 0, 1, 1)).run(null);
    assertThat(report.fixtures()).isEmpty();
    assertThat(fieldNames(JSON.readTree(report.toJson())))
        .containsExactly("compileMedianMicros", "perNodeOverheadMicros", "executionsPerSecond");
    assertThat(report.toText()).doesNotContain("fixture");
  }

  @Test
  void run_onAClockThatAdvancesOneMicrosecondPerRead_reportsExactFigures() throws IOException {
    writeFixtures();
    AtomicLong now = new AtomicLong();
    EngineBenchmarkReport report = EngineBenchmark.of(TINY).withClock(() -> now.addAndGet(1_000)).run(fixtures);
    // Every timed run spans exactly two clock reads: 1 µs. Throughput = 3 runs per 1 µs.
    assertThat(report.toJson()).isEqualTo("{\"compileMedianMicros\": {\"10\": 1.0, \"100\": 1.0, \"1000\": 1.0}, "
        + "\"perNodeOverheadMicros\": 0.00, \"executionsPerSecond\": {\"oneThread\": 3000000, \"allCores\": 3000000}, "
        + "\"fixtures\": {\"arith\": {\"compileMeanMicros\": 1.0, \"executeMeanMicros\": 1.0}, "
        + "\"text_wordcount\": {\"compileMeanMicros\": 1.0, \"executeMeanMicros\": 1.0}}}");
  }

  @Test
  void run_fixtureThatDoesNotCompile_failsNamingIt() throws IOException {
    Files.writeString(fixtures.resolve("broken.cst"), "in x: Int\nout y\n");
    Files.writeString(fixtures.resolve("broken.inputs.json"), "{\"x\": 1}");
    assertThatThrownBy(() -> EngineBenchmark.of(new EngineBenchmark.Counts(1, 0, 1, 1)).run(fixtures))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken does not compile");
  }

  @Test
  void run_fixtureWhoseInputsAreMissing_failsNamingIt() throws IOException {
    Files.writeString(fixtures.resolve("needy.cst"), "in x: Int\nout x\n");
    Files.writeString(fixtures.resolve("needy.inputs.json"), "{}");
    assertThatThrownBy(() -> EngineBenchmark.of(new EngineBenchmark.Counts(1, 0, 1, 1)).run(fixtures))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needy did not complete");
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1000})
  void arithmeticChain_compilesToExactlyThatManyNodes_andRuns(int nodes) {
    CompileResult compiled = Compiler.create(ModuleRegistry.standard())
        .compile(GeneratedPipelines.arithmeticChain(nodes));
    assertThat(compiled.errors()).isEmpty();
    assertThat(compiled.get().dag().nodes()).hasSize(nodes);
    if (nodes <= 100) {
      try (PipelineRuntime runtime = PipelineRuntime.builder(ModuleRegistry.standard()).build()) {
        ExecutionResult result = runtime.execute(compiled.get(), EngineBenchmark.chainInputs());
        assertThat(result.completed()).as("%s", result.errors()).isTrue();
      }
    }
  }

  @Test
  void identityChain_hasOneNodePerCallPlusTheInput() {
    CompileResult compiled = Compiler.create(ModuleRegistry.standard())
        .compile(GeneratedPipelines.identityChain(EngineBenchmark.OVERHEAD_CHAIN));
    assertThat(compiled.errors()).isEmpty();
    assertThat(compiled.get().dag().nodes()).hasSize(EngineBenchmark.OVERHEAD_CHAIN + 1);
  }

  @Test
  void stopwatch_medianAndMean_inMicroseconds() {
    assertThat(Stopwatch.medianMicros(new long[] {5_000, 1_000, 3_000})).isEqualTo(3.0);
    assertThat(Stopwatch.medianMicros(new long[] {4_000, 1_000, 3_000, 2_000})).isEqualTo(2.5);
    assertThat(Stopwatch.meanMicros(new long[] {1_000, 2_000, 6_000})).isEqualTo(3.0);
  }

  @Test
  void stopwatch_keepsOnlyTheLastRoundsSamples() throws Exception {
    AtomicLong now = new AtomicLong();
    AtomicLong step = new AtomicLong(1_000);
    Stopwatch stopwatch = new Stopwatch(() -> now.addAndGet(step.get()));
    List<Integer> calls = new ArrayList<>();
    long[] samples = stopwatch.sample(2, 3, 2, () -> {
      calls.add(calls.size());
      if (calls.size() == 5) step.set(7_000);   // during the last run of round one: later reads advance 7 µs
    });
    assertThat(calls).hasSize(10);
    assertThat(samples).containsExactly(7_000, 7_000);
  }

  @Test
  void counts_outOfRange_areRejectedNamingTheField() {
    assertThatThrownBy(() -> new EngineBenchmark.Counts(0, 1, 1, 1)).hasMessage("rounds must be >= 1, was 0");
    assertThatThrownBy(() -> new EngineBenchmark.Counts(1, -1, 1, 1)).hasMessage("warmupRuns must be >= 0, was -1");
    assertThatThrownBy(() -> new EngineBenchmark.Counts(1, 1, 0, 1)).hasMessage("measuredRuns must be >= 1, was 0");
    assertThatThrownBy(() -> new EngineBenchmark.Counts(1, 1, 1, 0)).hasMessage("inFlight must be >= 1, was 0");
  }

  @Test
  void report_nonFiniteFigure_isRejected() {
    assertThatThrownBy(() -> new EngineBenchmarkReport(Map.of(10, Double.NaN), 0, 1, 1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compileMedianMicros");
  }

  @Test
  void standardAndQuick_useTheDocumentedCounts() {
    assertThat(EngineBenchmark.standard().counts()).isEqualTo(new EngineBenchmark.Counts(2, 2_000, 5_000, 64));
    assertThat(EngineBenchmark.quick().counts().rounds()).isEqualTo(1);
  }

  private void writeFixtures() throws IOException {
    Files.writeString(fixtures.resolve("text_wordcount.cst"), GeneratedPipelines.WORD_COUNT);
    Files.writeString(fixtures.resolve("text_wordcount.inputs.json"), "{\"text\": \"Hello constellation world\"}");
    Files.writeString(fixtures.resolve("arith.cst"), "in a: Int\nin b: Int\nc = a * b + 1\nout c\n");
    Files.writeString(fixtures.resolve("arith.inputs.json"), "{\"a\": 6, \"b\": 7}");
    Files.writeString(fixtures.resolve("orphan.cst"), "in a: Int\nout a\n");   // no inputs file: skipped
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
