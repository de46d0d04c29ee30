package io.constellation.worker.execute;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.value.InputValidator;
import io.constellation.engine.value.JsonValues;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in execution cache (a request's {@code cacheTtlMs}): the outcome of a COMPLETED execution stored under
 * {@code execution:<structuralHash>:<sha256(canonical JSON object of all declared inputs at their types; omitted
 * Optional -> null)>} (LANGUAGE.md 11.4), so an identical pipeline with identical inputs is answered without
 * running. Only COMPLETED results are stored; a failure is never replayed.
 *
 * <p>Stored form (JSON text): {@code {"formatVersion": 1, "status": "COMPLETED", "outputs": "<canonical JSON
 * object text>", "warnings": [...]}}. A stored value that does not decode is a miss, logged, never an error.
 *
 * <p>The store is a {@link CacheBackend}: the Redis backend (shared by the cluster, falling back to memory while
 * Redis is down) or an in-memory one; it counts hits and misses.
 *
 * <p>Thread-safety: safe for concurrent use when the store is.
 */
public final class ExecutionCache {
  /**
   * Longest TTL honoured (the request codec's own bound); a request asking for more is capped, with a warning on
   * its result.
   */
  public static final Duration MAX_TTL = Duration.ofDays(365);
  static final String PREFIX = "execution:";
  static final int FORMAT_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionCache.class);
  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
          .build())
      .build();
  /** Outputs are user data and may nest deeply: the default limits, not the envelope's. */
  private static final ObjectMapper OUTPUTS = new ObjectMapper();

  /** What a hit answers with. */
  public record Cached(ExecutionStatus status, String outputs, List<String> warnings) {
    public Cached {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(outputs, "outputs");
      warnings = List.copyOf(warnings);
    }
  }

  private final CacheBackend store;

  public ExecutionCache(CacheBackend store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * The cache key of running {@code pipeline} on {@code inputs}; empty when the inputs do not validate against the
   * declared inputs (the engine then rejects them, and a rejection is not cached).
   */
  public static Optional<String> keyOf(CompiledPipeline pipeline, Map<String, JsonNode> inputs) {
    List<Dag.InputDecl> declared = pipeline.dag().inputs();
    InputValidator.Validated validated = InputValidator.validate(declared, inputs);
    if (!validated.ok()) return Optional.empty();
    Map<String, String> canonical = new LinkedHashMap<>();
    for (Dag.InputDecl input : declared) {
      canonical.put(input.name(), JsonValues.canonical(validated.values().get(input.name()), input.type()));
    }
    return Optional.of(PREFIX + pipeline.structuralHash() + ":" + CanonicalJson.sha256(CanonicalJson.object(canonical)));
  }

  /** The cached outcome under {@code key}; empty on a miss or a value that does not decode. */
  public Optional<Cached> find(String key) {
    Optional<String> text;
    try {
      text = store.get(key);
    } catch (RuntimeException e) {
      LOG.warn("execution cache read failed; running instead", e);
      return Optional.empty();
    }
    if (text.isEmpty()) return Optional.empty();
    try {
      return Optional.of(decode(text.get()));
    } catch (IllegalArgumentException e) {
      LOG.warn("execution cache: corrupt value ({} chars) treated as a miss: {}", text.get().length(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Stores {@code result} under {@code key} for {@code ttl} if it is COMPLETED; anything else is not stored. */
  public void store(String key, ExecutionResult result, Duration ttl) {
    if (result.getStatus() != ExecutionStatus.COMPLETED || !ttl.isPositive()) return;
    try {
      store.put(key, encode(result), ttl);
    } catch (RuntimeException e) {
      LOG.warn("execution cache write failed; the result is not cached", e);
    }
  }

  static String encode(ExecutionResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("formatVersion", FORMAT_VERSION);
    node.put("status", result.getStatus().name());
    node.put("outputs", result.getOutputs());
    ArrayNode warnings = node.putArray("warnings");
    result.getWarnings().forEach(warnings::add);
    return node.toString();
  }

  static Cached decode(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
    if (!node.path("formatVersion").isInt() || node.get("formatVersion").intValue() != FORMAT_VERSION) {
      throw new IllegalArgumentException("unknown formatVersion " + node.get("formatVersion"));
    }
    if (!"COMPLETED".equals(node.path("status").asText(null))) {
      throw new IllegalArgumentException("status must be COMPLETED, was " + node.get("status"));
    }
    JsonNode outputs = node.get("outputs");
    if (outputs == null || !outputs.isTextual()) throw new IllegalArgumentException("outputs missing");
    try {
      JsonNode parsed = OUTPUTS.readTree(outputs.textValue());
      if (parsed == null || !parsed.isObject()) throw new IllegalArgumentException("outputs not a JSON object");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("outputs not JSON: " + e.getOriginalMessage());
    }
    List<String> warnings = new ArrayList<>();
    JsonNode stored = node.path("warnings");
    if (!stored.isMissingNode() && !stored.isArray()) throw new IllegalArgumentException("warnings not an array");
    for (JsonNode warning : stored) {
      if (!warning.isTextual()) throw new IllegalArgumentException("warning not a string");
      warnings.add(warning.textValue());
    }
    return new Cached(ExecutionStatus.COMPLETED, outputs.textValue(), warnings);
  }
}
