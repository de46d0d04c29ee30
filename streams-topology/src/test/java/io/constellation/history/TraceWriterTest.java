package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Trace writes against real PostgreSQL: round trip, idempotency, volume, hostile content. */
final class TraceWriterTest {
  @RegisterExtension
  static final HistoryFixture history = new HistoryFixture();

  private TraceWriter traces() {
    return history.db().traces();
  }

  private StoredExecution stored(String id) {
    return history.db().executions().get(id).orElseThrow(() -> new AssertionError("not stored: " + id));
  }

  @Test
  void write_fullResult_roundTripsEveryFieldAndNodeResults() {
    int stored = traces().write(List.of(Results.full("exec-0001")));

    assertThat(stored).isEqualTo(1);
    StoredExecution e = stored("exec-0001");
    assertThat(e.summary()).isEqualTo(new ExecutionSummary("exec-0001", "checkout", "FAILED", "node-a1b2c3", 2,
        "exec-0000", Results.T0.plusMillis(9), 7L, 2L));
    assertThat(e.sourceHash()).isEqualTo("ab12");
    assertThat(e.structuralHash()).isEqualTo("cd34");
    assertThat(e.queuedAt()).isEqualTo(Results.T0);
    assertThat(e.startedAt()).isEqualTo(Results.T0.plusMillis(2));
    assertThat(e.outputsJson()).isEqualTo("{\"n\": null, \"y\": [1, 2.5, \"z\"]}");
    assertThat(e.errorsJson()).isEqualTo("[{\"code\": \"MODULE_FAILED\", \"line\": 3, \"node\": \"y\", \"column\": 7,"
        + " \"module\": \"Fetch\", \"message\": \"boom\"}, {\"code\": \"E002\", \"message\": \"Undefined function\"}]");
    assertThat(e.warningsJson()).isEqualTo("[\"slow module Fetch\"]");
    assertThat(e.metadataJson()).isEqualTo("{\"batch\": \"b-7\", \"pipeline\": \"checkout\"}");
    assertThat(e.fromCache()).isTrue();
    assertThat(e.source()).isEqualTo("in x: Int\nout x");
    assertThat(e.inputsJson()).isEqualTo("{\"x\":1,\"name\":\"caf\u00e9\"}");
    assertThat(e.nodeResults()).containsExactly(
        new NodeResult(0, "x", null, "COMPLETED", Results.T0.plusMillis(3), 10, 1, true, null),
        new NodeResult(1, "y", "Fetch", "FAILED", Results.T0.plusMillis(5), 1234, 3, false, "boom"));
  }

  @Test
  void write_minimalResult_storesDefaultsAndTheTimeOfWriting() {
    traces().write(List.of(Results.minimal("m1")));

    StoredExecution e = stored("m1");
    assertThat(e.summary()).isEqualTo(new ExecutionSummary("m1", PipelineName.UNKNOWN, "COMPLETED", "", 1, null,
        HistoryFixture.NOW, null, null));
    assertThat(e.queuedAt()).isNull();
    assertThat(e.startedAt()).isNull();
    assertThat(e.outputsJson()).isEqualTo("{}");
    assertThat(e.errorsJson()).isEqualTo("[]");
    assertThat(e.warningsJson()).isEqualTo("[]");
    assertThat(e.metadataJson()).isEqualTo("{}");
    assertThat(e.source()).isNull();
    assertThat(e.inputsJson()).isNull();
    assertThat(e.nodeResults()).isEmpty();
  }

  @Test
  void write_sameBatchTwice_storesEachExecutionOnce() throws SQLException {
    List<ExecutionResult> batch = List.of(Results.full("a"), Results.full("b"), Results.minimal("c"));

    int first = traces().write(batch);
    int second = traces().write(batch);

    assertThat(first).isEqualTo(3);
    assertThat(second).isZero();
    assertThat(history.count("select count(*) from executions")).isEqualTo(3);
    assertThat(history.count("select count(*) from node_results")).isEqualTo(4);
  }

  @Test
  void write_duplicatesWithinBatch_firstResultWinsWithItsNodes() throws SQLException {
    ExecutionResult first = Results.simple("dup", "first", Results.T0).build();
    ExecutionResult second = Results.full("dup");

    int stored = traces().write(List.of(first, Results.minimal("other"), second));

    assertThat(stored).isEqualTo(2);
    assertThat(stored("dup").summary().pipeline()).isEqualTo("first");
    assertThat(stored("dup").nodeResults()).hasSize(1);
    assertThat(history.count("select count(*) from executions")).isEqualTo(2);
  }

  @Test
  void write_laterResultForStoredId_keepsTheFirst() {
    traces().write(List.of(Results.simple("same", "first", Results.T0).build()));

    int stored = traces().write(List.of(Results.full("same")));

    assertThat(stored).isZero();
    assertThat(stored("same").summary().pipeline()).isEqualTo("first");
  }

  @Test
  void write_tenThousandResultsInBatches_storesExactlyTenThousandRows() throws SQLException {
    List<ExecutionResult> all = Results.many("bulk-", 10_000);
    int stored = 0;
    for (int from = 0; from < all.size(); from += 700) {
      stored += traces().write(all.subList(from, Math.min(all.size(), from + 700)));
    }
    // a redelivered tail (as after a crash before the offset commit) changes nothing
    stored += traces().write(all.subList(9_000, 10_000));

    assertThat(stored).isEqualTo(10_000);
    assertThat(history.count("select count(*) from executions")).isEqualTo(10_000);
    assertThat(history.count("select count(distinct execution_id) from executions")).isEqualTo(10_000);
    assertThat(history.count("select count(*) from node_results")).isEqualTo(10_000);
  }

  @Test
  void write_hostileStrings_storedVerbatimExceptNul() {
    String hostile = "quote ' double \" tab \t newline \n cr \r backslash \\ \\N \\. copy-end \\.\n"
        + "sql '); drop table executions; -- emoji \uD83D\uDE00 \u00e9\u4e2d\u0645 \u2028";
    ExecutionResult result = Results.simple("hostile-" + hostile, hostile, Results.T0)
        .setNodeId(hostile)
        .setOutputs("{\"text\":" + jsonString(hostile) + ",\"" + "k\\ty" + "\":1}")
        .setWarnings(List.of(hostile))
        .setMetadata(Map.of("pipeline", "p", hostile, hostile))
        .setSource(hostile)
        .setInputs(hostile)
        .setTrace(List.of(NodeTrace.newBuilder().setName(hostile).setModule(hostile).setStatus(hostile)
            .setStart(Results.T0).setDurationMicros(1).setError(hostile).build()))
        .build();
    String id = TraceRows.key("hostile-" + hostile);

    assertThat(traces().write(List.of(result))).isEqualTo(1);

    StoredExecution e = stored(id);
    assertThat(e.summary().nodeId()).isEqualTo(hostile);
    assertThat(e.source()).isEqualTo(hostile);
    assertThat(e.inputsJson()).isEqualTo(hostile);
    assertThat(e.nodeResults().get(0)).isEqualTo(
        new NodeResult(0, hostile, hostile, hostile, Results.T0, 1, 0, false, hostile));
    assertThat(HistoryJson.execution(e).get("outputs").get("text").asText()).isEqualTo(hostile);
    assertThat(HistoryJson.execution(e).get("warnings").get(0).asText()).isEqualTo(hostile);
    assertThat(HistoryJson.execution(e).get("metadata").get(hostile).asText()).isEqualTo(hostile);
  }

  @Test
  void write_nulCharactersAndUnpairedSurrogates_replacedByReplacementCharacter() {
    ExecutionResult result = Results.simple("nul\0id", "p", Results.T0)
        .setSource("a\0b")
        .setInputs("{\"x\":\"\0\"}")
        .setOutputs("{\"s\":\"x\\u0000y\",\"lone\":\"\\ud800\",\"raw\":\"a\0b\"}")
        .setWarnings(List.of("w\0", "half \uD800 pair"))
        .setMetadata(Map.of("pipeline", "p", "k\0", "v\0"))
        .setTrace(List.of(NodeTrace.newBuilder().setName("n\0").setStatus("OK").setStart(Results.T0)
            .setDurationMicros(1).setError("e\0").build()))
        .build();

    assertThat(traces().write(List.of(result))).isEqualTo(1);

    StoredExecution e = stored("nul\uFFFDid");
    assertThat(e.source()).isEqualTo("a\uFFFDb");
    assertThat(e.inputsJson()).isEqualTo("{\"x\":\"\uFFFD\"}");
    assertThat(e.warningsJson()).isEqualTo("[\"w\uFFFD\", \"half \uFFFD pair\"]");
    assertThat(e.metadataJson()).contains("\"k\uFFFD\": \"v\uFFFD\"");
    assertThat(e.nodeResults().get(0).name()).isEqualTo("n\uFFFD");
    assertThat(e.nodeResults().get(0).error()).isEqualTo("e\uFFFD");
    // raw NUL in a JSON string is not JSON at all: kept as one string; escapes are cleaned in place
    var outputs = HistoryJson.execution(e).get("outputs");
    assertThat(outputs.isTextual()).isTrue();
    assertThat(outputs.asText()).isEqualTo("{\"s\":\"x\\u0000y\",\"lone\":\"\\ud800\",\"raw\":\"a\uFFFDb\"}");
  }

  @Test
  void write_escapedNulInValidOutputs_rebuildsTheObjectWithCleanStrings() {
    ExecutionResult result = Results.simple("esc", "p", Results.T0)
        .setOutputs("{\"s\":\"x\\u0000y\",\"lone\":\"\\ud800\",\"big\":1e999999,\"ok\":[1,{\"k\":\"v\"}]}").build();

    traces().write(List.of(result));

    var outputs = HistoryJson.execution(stored("esc")).get("outputs");
    assertThat(outputs.get("s").asText()).isEqualTo("x\uFFFDy");
    assertThat(outputs.get("lone").asText()).isEqualTo("\uFFFD");
    assertThat(outputs.get("big").asText()).isEqualTo("1E+999999");
    assertThat(outputs.get("ok").toString()).isEqualTo("[1,{\"k\":\"v\"}]");
  }

  @Test
  void write_outputsThatAreNotAJsonObject_storedAsAJsonString() {
    List<ExecutionResult> results = new ArrayList<>();
    List<String> texts = List.of("not json", "[1,2]", "{\"a\":1} trailing", "{\"a\":", "42", "\"s\"");
    for (int i = 0; i < texts.size(); i++) {
      results.add(Results.simple("bad-" + i, "p", Results.T0).setOutputs(texts.get(i)).build());
    }

    assertThat(traces().write(results)).isEqualTo(texts.size());

    for (int i = 0; i < texts.size(); i++) {
      var outputs = HistoryJson.execution(stored("bad-" + i)).get("outputs");
      assertThat(outputs.isTextual()).as(texts.get(i)).isTrue();
      assertThat(outputs.asText()).isEqualTo(texts.get(i));
    }
  }

  @Test
  void write_veryLongStrings_storedWholeAndIndexedKeysCut() {
    String megabyte = "\u00e9x".repeat(512 * 1024);
    String longId = "id-" + "\uD83D\uDE00".repeat(5_000);
    ExecutionResult result = Results.simple(longId, "p", Results.T0)
        .setNodeId("n".repeat(10_000))
        .setReplayOf("r".repeat(10_000))
        .setStructuralHash("h".repeat(10_000))
        .setSource(megabyte)
        .setOutputs("{\"big\":\"" + megabyte + "\"}")
        .build();

    assertThat(traces().write(List.of(result))).isEqualTo(1);

    String id = TraceRows.key(longId);
    assertThat(id).hasSizeLessThanOrEqualTo(TraceRows.MAX_KEY_LENGTH).startsWith("id-\uD83D\uDE00");
    assertThat(Character.isHighSurrogate(id.charAt(id.length() - 1))).isFalse();
    StoredExecution e = stored(id);
    assertThat(e.source()).isEqualTo(megabyte);
    assertThat(e.summary().nodeId()).hasSize(TraceRows.MAX_KEY_LENGTH);
    assertThat(e.summary().replayOf()).hasSize(TraceRows.MAX_KEY_LENGTH);
    assertThat(e.structuralHash()).hasSize(TraceRows.MAX_KEY_LENGTH);
    assertThat(HistoryJson.execution(e).get("outputs").get("big").asText()).isEqualTo(megabyte);
  }

  @Test
  void write_timesOutOfRangeOrSkewed_storedAsMissingAndDurationsNeverNegative() {
    ExecutionResult result = Results.simple("times", "p", Results.T0)
        .setQueuedAt(Instant.ofEpochMilli(Long.MAX_VALUE))
        .setStartedAt(Results.T0.plusSeconds(5)) // a worker clock ahead of completion
        .setCompletedAt(Instant.ofEpochMilli(Long.MIN_VALUE))
        .setTrace(List.of(NodeTrace.newBuilder().setName("n").setStatus("OK")
            .setStart(Instant.ofEpochMilli(Long.MAX_VALUE)).setDurationMicros(-5).build()))
        .build();

    traces().write(List.of(result));

    StoredExecution e = stored("times");
    assertThat(e.queuedAt()).isNull();
    assertThat(e.summary().completedAt()).isEqualTo(HistoryFixture.NOW);
    assertThat(e.summary().queueMs()).isNull();
    assertThat(e.summary().durationMs()).isEqualTo(java.time.Duration.between(Results.T0.plusSeconds(5),
        HistoryFixture.NOW).toMillis());
    assertThat(e.nodeResults().get(0).startedAt()).isNull();

    ExecutionResult skewed = Results.simple("skewed", "p", Results.T0).setStartedAt(Results.T0.plusSeconds(1))
        .setQueuedAt(Results.T0.plusSeconds(2)).build();
    traces().write(List.of(skewed));
    assertThat(stored("skewed").summary().durationMs()).isZero();
    assertThat(stored("skewed").summary().queueMs()).isZero();
  }

  @Test
  void write_unnamedPipelines_namedByHashAndTrackedInPipelines() throws SQLException {
    ExecutionResult hashed = ExecutionResult.newBuilder(Results.minimal("h1")).setStructuralHash("s1")
        .setSourceHash("x1").setCompletedAt(Results.T0).build();
    ExecutionResult sourceOnly = ExecutionResult.newBuilder(Results.minimal("h2")).setSourceHash("x2")
        .setCompletedAt(Results.T0).build();
    ExecutionResult named1 = Results.simple("n1", "named", Results.T0).setStructuralHash("old").build();
    ExecutionResult named2 = Results.simple("n2", "named", Results.T0.plusSeconds(60)).setStructuralHash("new").build();

    traces().write(List.of(hashed, sourceOnly, named2));
    traces().write(List.of(named1));

    assertThat(stored("h1").summary().pipeline()).isEqualTo("s1");
    assertThat(stored("h2").summary().pipeline()).isEqualTo("x2");
    assertThat(history.count("select count(*) from pipelines")).isEqualTo(3);
    assertThat(history.text("select structural_hash || ' ' || extract(epoch from first_seen)::bigint || ' '"
        + " || extract(epoch from last_seen)::bigint from pipelines where pipeline = 'named'"))
        .isEqualTo("new " + Results.T0.getEpochSecond() + " " + Results.T0.plusSeconds(60).getEpochSecond());
  }

  @Test
  void write_emptyBatch_returnsZeroAndNullElementIsRejectedBeforeWriting() throws SQLException {
    assertThat(traces().write(List.of())).isZero();
    List<ExecutionResult> withNull = new ArrayList<>();
    withNull.add(Results.minimal("before-null"));
    withNull.add(null);

    assertThatThrownBy(() -> traces().write(withNull)).isInstanceOf(NullPointerException.class);
    assertThat(history.count("select count(*) from executions")).isZero();
  }

  @Test
  void write_statusesAndCacheFlags_roundTrip() {
    List<ExecutionResult> results = new ArrayList<>();
    for (ExecutionStatus status : ExecutionStatus.values()) {
      results.add(Results.simple("s-" + status, "p", Results.T0).setStatus(status).setFromCache(false).build());
    }
    traces().write(results);

    for (ExecutionStatus status : ExecutionStatus.values()) {
      assertThat(stored("s-" + status).summary().status()).isEqualTo(status.name());
      assertThat(stored("s-" + status).fromCache()).isFalse();
    }
  }

  private static String jsonString(String text) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
  }
}
