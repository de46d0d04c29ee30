package io.constellation.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.worker.state.CacheMetrics;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ExecutionCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicInteger calls = new AtomicInteger();
  private final ModuleRegistry modules = ModuleRegistry.builder().addStandard()
      .add(Module.builder("Counted").param("text", Type.STRING).returns(Type.STRING)
          .implementation(args -> {
            calls.incrementAndGet();
            return args.get("text");
          }).build())
      .build();
  private final Compiler compiler = Compiler.create(modules);
  private final PipelineRuntime runtime = PipelineRuntime.builder(modules).build();
  private final CacheBackend store = CacheBackend.inMemory(100, InstantSource.fixed(T0));
  private final RequestExecutor executor = new RequestExecutor(compiler::compile, new ExecutionCache(store), runtime,
      new ResultFactory("node-x"), InstantSource.fixed(T0));

  @AfterEach
  void close() {
    runtime.close();
  }

  private CompiledPipeline compile(String source) {
    return compiler.compile(source).get();
  }

  private static Map<String, JsonNode> inputs(String json) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    JSON.readTree(json).properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private ExecutionResult run(String source, String inputs, Long ttlMs) {
    return executor.execute(ExecutionRequest.newBuilder().setExecutionId("e-" + calls.get()).setSource(source)
        .setInputs(inputs).setCacheTtlMs(ttlMs).build(), T0);
  }

  @Test
  void keyOf_sameValuesAtTheirTypes_sameKey_whateverTheOrderOrOmittedOptionals() throws Exception {
    CompiledPipeline pipeline = compile("in a: Int\nin b: Optional<String>\nout a");

    Optional<String> omitted = ExecutionCache.keyOf(pipeline, inputs("{\"a\": 1}"));
    Optional<String> explicitNull = ExecutionCache.keyOf(pipeline, inputs("{\"b\": null, \"a\": 1}"));
    Optional<String> other = ExecutionCache.keyOf(pipeline, inputs("{\"a\": 2}"));

    assertThat(omitted).isPresent();
    assertThat(omitted.get()).matches("execution:" + pipeline.structuralHash() + ":[0-9a-f]{64}");
    assertThat(explicitNull).isEqualTo(omitted);
    assertThat(other).isPresent().isNotEqualTo(omitted);
  }

  @Test
  void keyOf_invalidInputs_noKey() throws Exception {
    CompiledPipeline pipeline = compile("in a: Int\nout a");

    assertThat(ExecutionCache.keyOf(pipeline, inputs("{}"))).isEmpty();
    assertThat(ExecutionCache.keyOf(pipeline, inputs("{\"a\": \"text\"}"))).isEmpty();
    assertThat(ExecutionCache.keyOf(pipeline, inputs("{\"a\": 1, \"extra\": 2}"))).isEmpty();
  }

  @Test
  void execute_sameRequestTwice_secondFromCacheWithoutRunning() {
    String source = "in text: String\nx = Counted(text)\nout x";

    ExecutionResult first = run(source, "{\"text\":\"a\"}", 60_000L);
    ExecutionResult second = run(source, "{\"text\":\"a\"}", 60_000L);

    assertThat(first.getFromCache()).isFalse();
    assertThat(second.getFromCache()).isTrue();
    assertThat(second.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(second.getOutputs()).isEqualTo(first.getOutputs());
    assertThat(second.getNodeId()).isEqualTo("node-x");
    assertThat(second.getTrace()).isEmpty();
    assertThat(calls).hasValue(1);
  }

  @Test
  void execute_badTtls_warnAndNeverFail() {
    String source = "in text: String\nx = Counted(text)\nout x";

    ExecutionResult negative = run(source, "{\"text\":\"n\"}", -5L);
    ExecutionResult zero = run(source, "{\"text\":\"n\"}", 0L);
    ExecutionResult huge = run(source, "{\"text\":\"h\"}", Long.MAX_VALUE);
    ExecutionResult hugeAgain = run(source, "{\"text\":\"h\"}", Long.MAX_VALUE);

    assertThat(List.of(negative, zero, huge, hugeAgain)).allSatisfy(r ->
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.COMPLETED));
    assertThat(negative.getWarnings()).anySatisfy(w -> assertThat(w).contains("cacheTtlMs -5 ignored"));
    assertThat(zero.getFromCache()).as("a TTL that is not positive turns the cache off").isFalse();
    assertThat(huge.getWarnings()).anySatisfy(w -> assertThat(w).contains("capped"));
    assertThat(hugeAgain.getFromCache()).isTrue();
    assertThat(calls).hasValue(3);
  }

  @Test
  void execute_rejectedInputs_notCachedAndStillRejected() {
    String source = "in text: String\nx = Counted(text)\nout x";

    ExecutionResult first = run(source, "{\"text\": 5}", 60_000L);
    ExecutionResult second = run(source, "{\"text\": 5}", 60_000L);

    assertThat(List.of(first, second)).allSatisfy(r -> {
      assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
      assertThat(r.getFromCache()).isFalse();
    });
  }

  @Test
  void find_corruptOrHostileStoredValues_areMisses() {
    ExecutionCache cache = new ExecutionCache(store);
    List<String> garbage = new ArrayList<>(List.of("", "not json", "[]", "{}", "{\"formatVersion\": 2}",
        "{\"formatVersion\":1,\"status\":\"FAILED\",\"outputs\":\"{}\"}",
        "{\"formatVersion\":1,\"status\":\"COMPLETED\",\"outputs\":\"[1]\"}",
        "{\"formatVersion\":1,\"status\":\"COMPLETED\",\"outputs\":5}",
        "{\"formatVersion\":1,\"status\":\"COMPLETED\",\"outputs\":\"{}\",\"warnings\":[1]}",
        "[".repeat(100_000), "{\"formatVersion\":1,\"status\":\"COMPLETED\",\"outputs\":\"" + "[".repeat(10_000) + "\"}"));
    for (int i = 0; i < garbage.size(); i++) {
      store.put("execution:k" + i, garbage.get(i), java.time.Duration.ofMinutes(1));
      assertThat(cache.find("execution:k" + i)).as("value %d", i).isEmpty();
    }
    store.put("execution:good", "{\"formatVersion\":1,\"status\":\"COMPLETED\",\"outputs\":\"{\\\"x\\\":1}\","
        + "\"warnings\":[\"w\"]}", java.time.Duration.ofMinutes(1));
    assertThat(cache.find("execution:good")).contains(
        new ExecutionCache.Cached(ExecutionStatus.COMPLETED, "{\"x\":1}", List.of("w")));
  }

  @Test
  void countedBackend_countsHitsAndMisses() {
    CacheMetrics metrics = new CacheMetrics();
    CountedCacheBackend counted = new CountedCacheBackend(store, metrics.stats(CacheMetrics.EXECUTION));

    counted.get("absent");
    counted.put("k", "v", java.time.Duration.ofMinutes(1));
    assertThat(counted.get("k")).contains("v");

    assertThat(metrics.stats(CacheMetrics.EXECUTION).hits()).isEqualTo(1);
    assertThat(metrics.stats(CacheMetrics.EXECUTION).misses()).isEqualTo(1);
    assertThat(metrics.toJson().path("hitRate").asDouble()).isEqualTo(0.5);
  }
}
