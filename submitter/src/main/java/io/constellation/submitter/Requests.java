package io.constellation.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.schemas.avro.ExecutionRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds an {@link ExecutionRequest}: the pipeline source, its inputs (written as canonical JSON) and the optional
 * routing and scheduling fields.
 *
 * <pre>{@code
 * ExecutionRequest request = Requests.source("in x: Int\nout x")
 *     .input("x", 42)
 *     .priority(80)
 *     .deadline(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: a random UUID execution id, priority 50, attempt 1, no node, no deadline, {@code submittedAt} = now.
 * Every setter validates its argument at once and throws {@link IllegalArgumentException} naming it.
 *
 * <p>Thread-safety: a builder is not thread-safe; build one per request on one thread. The built request is a
 * fresh object each time.
 */
public final class Requests {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The longest execution-cache TTL a request may carry (the schema's limit for {@code cacheTtlMs}). */
  public static final Duration MAX_CACHE_TTL = Duration.ofDays(365);
  /** Metadata key naming the pipeline (the history's and statistics' grouping). */
  public static final String PIPELINE_METADATA = "pipeline";

  private final String source;
  private final ObjectNode inputs = NODES.objectNode();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private InstantSource clock = InstantSource.system();
  private String executionId;
  private String node;
  private int priority = 50;
  private Duration deadlineIn;
  private Instant deadlineAt;
  private int attempt = 1;
  private String replayOf;
  private Long cacheTtlMs;

  private Requests(String source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** A request for the pipeline whose source text is {@code source}. */
  public static Requests source(String source) {
    return new Requests(source);
  }

  /**
   * A request for the pipeline in {@code file} (UTF-8), named after the file: metadata {@code pipeline} is its name
   * without {@code .cst}, which the history and statistics group by. Throws {@link IOException} when it cannot be read.
   */
  public static Requests file(Path file) throws IOException {
    Requests request = new Requests(Files.readString(file, StandardCharsets.UTF_8));
    String pipeline = pipelineName(file);
    return pipeline.isBlank() ? request : request.metadata(PIPELINE_METADATA, pipeline);
  }

  /** The pipeline name of a source file: its name without {@code .cst} ({@code order-pricing} for order-pricing.cst). */
  public static String pipelineName(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    return name.endsWith(".cst") ? name.substring(0, name.length() - ".cst".length()) : name;
  }

  /** Sets input {@code name} to a JSON value (a {@code null} reference is JSON null). */
  public Requests input(String name, JsonNode value) {
    inputs.set(requireName(name), value == null ? NODES.nullNode() : value);
    return this;
  }

  public Requests input(String name, String value) {
    return input(name, value == null ? NODES.nullNode() : NODES.textNode(value));
  }

  public Requests input(String name, long value) {
    return input(name, NODES.numberNode(value));
  }

  public Requests input(String name, double value) {
    if (!Double.isFinite(value)) throw new IllegalArgumentException("input " + name + " must be finite, was " + value);
    return input(name, NODES.numberNode(value));
  }

  public Requests input(String name, BigDecimal value) {
    return input(name, value == null ? NODES.nullNode() : NODES.numberNode(value));
  }

  public Requests input(String name, boolean value) {
    return input(name, NODES.booleanNode(value));
  }

  /** Adds every field of {@code values} as an input (later calls override earlier ones by name). */
  public Requests inputs(ObjectNode values) {
    Objects.requireNonNull(values, "inputs");
    values.properties().forEach(field -> input(field.getKey(), field.getValue()));
    return this;
  }

  /** Pins the request to the worker node {@code nodeId}: it runs there and nowhere else. */
  public Requests node(String nodeId) {
    if (nodeId == null || nodeId.isBlank()) throw new IllegalArgumentException("node must not be blank, was '" + nodeId + "'");
    this.node = nodeId;
    return this;
  }

  /** 0 (background) to 100 (critical); default 50. */
  public Requests priority(int priority) {
    if (priority < 0 || priority > 100) {
      throw new IllegalArgumentException("priority must be between 0 and 100, was " + priority);
    }
    this.priority = priority;
    return this;
  }

  /** The request expires {@code fromNow} after {@link #build()} is called. */
  public Requests deadline(Duration fromNow) {
    if (fromNow == null || fromNow.isNegative() || fromNow.isZero()) {
      throw new IllegalArgumentException("deadline must be a positive duration, was " + fromNow);
    }
    this.deadlineIn = fromNow;
    this.deadlineAt = null;
    return this;
  }

  /** The request expires at {@code instant}. */
  public Requests deadline(Instant instant) {
    this.deadlineAt = Objects.requireNonNull(instant, "deadline");
    this.deadlineIn = null;
    return this;
  }

  public Requests executionId(String executionId) {
    if (executionId == null || executionId.isBlank()) {
      throw new IllegalArgumentException("executionId must not be blank, was '" + executionId + "'");
    }
    this.executionId = executionId;
    return this;
  }

  /** 1 for a first submission, n + 1 for a replay of attempt n. */
  public Requests attempt(int attempt) {
    if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    this.attempt = attempt;
    return this;
  }

  /** Marks this request as a replay of the execution {@code executionId}. */
  public Requests replayOf(String executionId) {
    if (executionId == null || executionId.isBlank()) {
      throw new IllegalArgumentException("replayOf must not be blank, was '" + executionId + "'");
    }
    this.replayOf = executionId;
    return this;
  }

  /**
   * Opts in to the execution cache: if the same pipeline with the same inputs completed within {@code ttl}, a
   * worker answers from the cache without running it (the result's {@code fromCache} is true), and a run's result
   * is kept for {@code ttl}. From 1 ms to {@link #MAX_CACHE_TTL}; sub-millisecond parts are dropped.
   */
  public Requests cacheTtl(Duration ttl) {
    // Range before toMillis(): a huge Duration overflows it.
    if (ttl == null || ttl.compareTo(MAX_CACHE_TTL) > 0 || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("cacheTtl must be from 1 ms to " + MAX_CACHE_TTL.toDays() + " days, was " + ttl);
    }
    this.cacheTtlMs = ttl.toMillis();
    return this;
  }

  /** A free-form label carried to the result. */
  public Requests metadata(String key, String value) {
    metadata.put(requireName(key), Objects.requireNonNull(value, "metadata value"));
    return this;
  }

  /** The clock read for {@code submittedAt} and relative deadlines (for tests). */
  public Requests clock(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The request. Throws {@link IllegalArgumentException} when an input cannot be written as canonical JSON (a
   * number too large for a double, for example).
   */
  public ExecutionRequest build() {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String canonicalInputs;
    try {
      canonicalInputs = CanonicalJson.write(inputs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("inputs cannot be written as JSON: " + e.getMessage(), e);
    }
    Instant deadline = deadlineAt != null ? deadlineAt : deadlineIn != null ? now.plus(deadlineIn) : null;
    return ExecutionRequest.newBuilder()
        .setExecutionId(executionId != null ? executionId : UUID.randomUUID().toString())
        .setSource(source)
        .setInputs(canonicalInputs)
        .setNode(node)
        .setPriority(priority)
        .setDeadline(deadline)
        .setSubmittedAt(now)
        .setAttempt(attempt)
        .setReplayOf(replayOf)
        .setMetadata(new LinkedHashMap<>(metadata))
        .setCacheTtlMs(cacheTtlMs)
        .build();
  }

  private static String requireName(String name) {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("name must not be empty");
    return name;
  }
}
