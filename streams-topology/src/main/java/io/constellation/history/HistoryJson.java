package io.constellation.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * The one JSON shape of the history, shared by the CLI's {@code --json} and the gateway. Instants are ISO-8601
 * strings; outputs, errors, warnings, metadata and inputs are embedded as JSON (not as strings of JSON); absent
 * values are left out rather than written as null.
 *
 * <pre>{@code
 * {"executionId":"e1","pipeline":"checkout","status":"FAILED","nodeId":"node-a1","attempt":1,
 *  "completedAt":"2025-01-31T12:00:00.009Z","durationMs":7,"queueMs":2}                      // summary
 * }</pre>
 * An execution adds {@code sourceHash, structuralHash, queuedAt, startedAt, fromCache, outputs, errors, warnings,
 * metadata, source, inputs} and {@code nodeResults: [{seq, name, module, status, startedAt, durationMicros,
 * attempts, cacheHit, error}]}; a page is {@code {items, offset, limit, hasMore}}; stats are
 * {@code {total, byStatus: {COMPLETED: n, ...}, durationMs: {p50, p95, p99}, queueMs: {...}}}.
 *
 * <p>Stateless.
 */
public final class HistoryJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Big decimals so that embedding never rounds a number the history stored. */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private HistoryJson() {}

  public static ObjectNode summary(ExecutionSummary s) {
    ObjectNode json = NODES.objectNode();
    json.put("executionId", s.executionId());
    json.put("pipeline", s.pipeline());
    json.put("status", s.status());
    json.put("nodeId", s.nodeId());
    json.put("attempt", s.attempt());
    putIfPresent(json, "replayOf", s.replayOf());
    putIfPresent(json, "completedAt", s.completedAt());
    if (s.durationMs() != null) json.put("durationMs", s.durationMs());
    if (s.queueMs() != null) json.put("queueMs", s.queueMs());
    return json;
  }

  public static ObjectNode execution(StoredExecution e) {
    ObjectNode json = summary(e.summary());
    putIfPresent(json, "sourceHash", e.sourceHash());
    putIfPresent(json, "structuralHash", e.structuralHash());
    putIfPresent(json, "queuedAt", e.queuedAt());
    putIfPresent(json, "startedAt", e.startedAt());
    json.put("fromCache", e.fromCache());
    json.set("outputs", embedded(e.outputsJson()));
    json.set("errors", embedded(e.errorsJson()));
    json.set("warnings", embedded(e.warningsJson()));
    json.set("metadata", embedded(e.metadataJson()));
    putIfPresent(json, "source", e.source());
    if (e.inputsJson() != null) json.set("inputs", embedded(e.inputsJson()));
    ArrayNode nodes = json.putArray("nodeResults");
    for (NodeResult node : e.nodeResults()) nodes.add(node(node));
    return json;
  }

  public static ObjectNode page(Page<ExecutionSummary> p) {
    ObjectNode json = NODES.objectNode();
    ArrayNode items = json.putArray("items");
    for (ExecutionSummary s : p.items()) items.add(summary(s));
    json.put("offset", p.offset());
    json.put("limit", p.limit());
    json.put("hasMore", p.hasMore());
    return json;
  }

  public static ObjectNode stats(HistoryStats s) {
    ObjectNode json = NODES.objectNode();
    json.put("total", s.total());
    ObjectNode byStatus = json.putObject("byStatus");
    for (Map.Entry<String, Long> entry : s.byStatus().entrySet()) byStatus.put(entry.getKey(), entry.getValue());
    json.set("durationMs", percentiles(s.durationMs()));
    json.set("queueMs", percentiles(s.queueMs()));
    return json;
  }

  private static ObjectNode node(NodeResult node) {
    ObjectNode json = NODES.objectNode();
    json.put("seq", node.seq());
    json.put("name", node.name());
    putIfPresent(json, "module", node.module());
    json.put("status", node.status());
    putIfPresent(json, "startedAt", node.startedAt());
    json.put("durationMicros", node.durationMicros());
    json.put("attempts", node.attempts());
    json.put("cacheHit", node.cacheHit());
    putIfPresent(json, "error", node.error());
    return json;
  }

  private static ObjectNode percentiles(Percentiles p) {
    ObjectNode json = NODES.objectNode();
    json.put("p50", p.p50());
    json.put("p95", p.p95());
    json.put("p99", p.p99());
    return json;
  }

  /** The JSON text as a tree; text that is not JSON (never stored by this module) is embedded as a string. */
  private static JsonNode embedded(String text) {
    try {
      JsonNode tree = MAPPER.readTree(text);
      return tree == null || tree.isMissingNode() ? TextNode.valueOf(text) : tree;
    } catch (IOException e) {
      return TextNode.valueOf(text);
    }
  }

  private static void putIfPresent(ObjectNode json, String field, String value) {
    if (value != null) json.put(field, value);
  }

  private static void putIfPresent(ObjectNode json, String field, Instant value) {
    if (value != null) json.put(field, value.toString());
  }
}
