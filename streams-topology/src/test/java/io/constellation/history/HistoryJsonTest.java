package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON shapes shared by the CLI and the gateway. */
final class HistoryJsonTest {
  private static final Instant T0 = Instant.parse("2025-01-31T12:00:00Z");

  private static final ExecutionSummary SUMMARY = new ExecutionSummary("e1", "checkout", "FAILED", "node-1", 2,
      "e0", T0.plusMillis(9), 7L, 2L);

  @Test
  void summary_everyField_isoInstantsAndNumbers() {
    assertThat(HistoryJson.summary(SUMMARY).toString()).isEqualTo("{\"executionId\":\"e1\",\"pipeline\":\"checkout\","
        + "\"status\":\"FAILED\",\"nodeId\":\"node-1\",\"attempt\":2,\"replayOf\":\"e0\","
        + "\"completedAt\":\"2025-01-31T12:00:00.009Z\",\"durationMs\":7,\"queueMs\":2}");
  }

  @Test
  void summary_absentValues_leftOut() {
    ExecutionSummary bare = new ExecutionSummary("e1", "p", "COMPLETED", "", 1, null, T0, null, null);

    assertThat(HistoryJson.summary(bare).toString()).isEqualTo("{\"executionId\":\"e1\",\"pipeline\":\"p\","
        + "\"status\":\"COMPLETED\",\"nodeId\":\"\",\"attempt\":1,\"completedAt\":\"2025-01-31T12:00:00Z\"}");
  }

  @Test
  void execution_embedsJsonValuesAndNodeResults() {
    StoredExecution e = new StoredExecution(SUMMARY, "ab", "cd", T0, T0.plusMillis(2),
        "{\"y\": [1, 2.50, \"z\"], \"big\": 12345678901234567890.5}", "[{\"code\": \"E1\", \"message\": \"m\"}]",
        "[\"w\"]", "{\"k\": \"v\"}", false, "in x: Int\nout x", "{\"x\":1}",
        List.of(new NodeResult(0, "y", "Fetch", "FAILED", T0.plusMillis(5), 1234, 3, false, "boom"),
            new NodeResult(1, "z", null, "SKIPPED", null, 0, 0, true, null)));

    assertThat(HistoryJson.execution(e).toString()).isEqualTo("{\"executionId\":\"e1\",\"pipeline\":\"checkout\","
        + "\"status\":\"FAILED\",\"nodeId\":\"node-1\",\"attempt\":2,\"replayOf\":\"e0\","
        + "\"completedAt\":\"2025-01-31T12:00:00.009Z\",\"durationMs\":7,\"queueMs\":2,\"sourceHash\":\"ab\","
        + "\"structuralHash\":\"cd\",\"queuedAt\":\"2025-01-31T12:00:00Z\",\"startedAt\":\"2025-01-31T12:00:00.002Z\","
        + "\"fromCache\":false,\"outputs\":{\"y\":[1,2.50,\"z\"],\"big\":12345678901234567890.5},"
        + "\"errors\":[{\"code\":\"E1\",\"message\":\"m\"}],\"warnings\":[\"w\"],\"metadata\":{\"k\":\"v\"},"
        + "\"source\":\"in x: Int\\nout x\",\"inputs\":{\"x\":1},\"nodeResults\":["
        + "{\"seq\":0,\"name\":\"y\",\"module\":\"Fetch\",\"status\":\"FAILED\",\"startedAt\":\"2025-01-31T12:00:00.005Z\","
        + "\"durationMicros\":1234,\"attempts\":3,\"cacheHit\":false,\"error\":\"boom\"},"
        + "{\"seq\":1,\"name\":\"z\",\"status\":\"SKIPPED\",\"durationMicros\":0,\"attempts\":0,\"cacheHit\":true}]}");
  }

  @Test
  void execution_inputsThatAreNotJson_embeddedAsString() {
    StoredExecution e = new StoredExecution(SUMMARY, null, null, null, null, "{}", "[]", "[]", "{}", false, null,
        "not json", List.of());

    assertThat(HistoryJson.execution(e).get("inputs").isTextual()).isTrue();
    assertThat(HistoryJson.execution(e).has("source")).isFalse();
    assertThat(HistoryJson.execution(e).has("queuedAt")).isFalse();
  }

  @Test
  void page_itemsAndPaging() {
    Page<ExecutionSummary> page = new Page<>(List.of(SUMMARY), 20, 1, true);

    assertThat(HistoryJson.page(page).toString()).startsWith("{\"items\":[{\"executionId\":\"e1\"")
        .endsWith("}],\"offset\":20,\"limit\":1,\"hasMore\":true}");
  }

  @Test
  void stats_countsInStatusOrderAndPercentiles() {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    byStatus.put("COMPLETED", 7L);
    byStatus.put("FAILED", 4L);
    byStatus.put("REJECTED", 0L);
    byStatus.put("EXPIRED", 0L);
    HistoryStats stats = new HistoryStats(11, byStatus, new Percentiles(65, 114.5, 118.9), Percentiles.NONE);

    assertThat(HistoryJson.stats(stats).toString()).isEqualTo("{\"total\":11,\"byStatus\":{\"COMPLETED\":7,"
        + "\"FAILED\":4,\"REJECTED\":0,\"EXPIRED\":0},\"durationMs\":{\"p50\":65.0,\"p95\":114.5,\"p99\":118.9},"
        + "\"queueMs\":{\"p50\":0.0,\"p95\":0.0,\"p99\":0.0}}");
  }
}
