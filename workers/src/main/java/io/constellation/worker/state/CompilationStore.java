package io.constellation.worker.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonFactory;
import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.CompilerLimits;
import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.DagCodec;
import io.constellation.engine.parse.Parser;
import io.constellation.engine.spi.CacheBackend;
import io.constellation.engine.syntax.SourceText;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cluster-wide compilation cache: {@code compilation:<sourceHash>:<registryHash>} (LANGUAGE.md 11) to a
 * {@link CompiledPipeline}, kept (for {@link #TTL} by default) in the shared store with a near tier of {@link #NEAR_ENTRIES}
 * decoded pipelines, so a node loads what another compiled instead of compiling again.
 *
 * <p>Stored form (a JSON text): {@code {"formatVersion": 1, "sourceHash", "structuralHash", "registryHash",
 * "dag": base64(DagCodec.toBytes(dag))}}. A stored value is trusted only if it decodes, its hashes match the key it
 * was found under, and its DAG's structural hash is the recorded one; anything else is a miss, logged.
 *
 * <p>{@link #compile} is the read-through path: parse for the source hash, look up, else compile once per key on
 * this node ({@link SingleFlight}) and store the success. Compile failures are not stored. A caller that derived
 * the {@link CompilationKey} before (see {@link #compilationKey}) passes it in and skips the parse.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class CompilationStore {

  public static final Duration TTL = Duration.ofHours(1);
  public static final int NEAR_ENTRIES = 1_000;
  public static final Duration NEAR_TTL = Duration.ofMinutes(10);
  static final int FORMAT_VERSION = 1;

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern KEY = Pattern.compile("compilation:([0-9a-f]{64}):([0-9a-f]{64})");
  /** Largest stored text accepted for decoding: the store caps writes at 1 MiB; a bigger value is not ours. */
  private static final int MAX_STORED_CHARS = RedisCacheBackend.MAX_VALUE_BYTES;
  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build())
      .build();

  private final TieredCache<CompiledPipeline> cache;
  private final SingleFlight<String, CompileResult> compiling = new SingleFlight<>();
  private final Duration ttl;

  /**
   * @param store the shared store, e.g. a {@link RedisCacheBackend} built with {@link CacheStats#detached()}
   *     (this class counts hits itself, into {@code stats})
   * @param stats counters of the {@value CacheMetrics#COMPILATION} cache
   * @param clock the near tier's clock
   */
  public CompilationStore(CacheBackend store, CacheStats stats, InstantSource clock) {
    this(store, stats, clock, NEAR_ENTRIES, NEAR_TTL);
  }

  public CompilationStore(CacheBackend store, CacheStats stats, InstantSource clock, int nearEntries,
      Duration nearTtl) {
    this(store, stats, clock, nearEntries, nearTtl, TTL);
  }

  /**
   * @param ttl how long a compiled pipeline stays in the shared store (the node's
   *     {@code CONSTELLATION_COMPILATION_CACHE_TTL}); positive
   */
  public CompilationStore(CacheBackend store, CacheStats stats, InstantSource clock, int nearEntries,
      Duration nearTtl, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    this.ttl = ttl;
    this.cache = new TieredCache<>("compilation", store, new Codec(), nearEntries, nearTtl, stats, clock);
  }

  /** The pipeline stored under {@code compilationKey}; empty on a miss, a malformed key or a corrupt value. */
  public Optional<CompiledPipeline> find(String compilationKey) {
    if (compilationKey == null || !KEY.matcher(compilationKey).matches()) {
      return cache.get(null); // counted as a miss; never sent to the store
    }
    return cache.get(compilationKey);
  }

  /** Stores {@code pipeline} under its {@link CompiledPipeline#compilationKey()} for the store's TTL. */
  public void put(CompiledPipeline pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    String key = pipeline.compilationKey();
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("pipeline hashes must be lowercase hex SHA-256, key was '"
          + TieredCache.abbreviate(key) + "'");
    }
    cache.put(key, pipeline, ttl);
  }

  /**
   * The compile result of {@code source} under {@code compiler}: from the cache when present (then without
   * warnings, which are not stored), else compiled (once per key on this node) and, when it succeeds, stored.
   * Never throws for bad source.
   */
  public CompileResult compile(Compiler compiler, String source) {
    Objects.requireNonNull(compiler, "compiler");
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
    Optional<CompilationKey> key = compilationKey(source, compiler.modules().registryHash());
    if (key.isEmpty()) {
      return compiler.compile(source); // not even tokenisable: the compiler reports why
    }
    return compile(compiler, source, key.get());
  }

  /**
   * As {@link #compile(Compiler, String)} with the key of {@code source} already derived by {@link #compilationKey}
   * (a caller that has seen this source before skips the tokenising that deriving it costs).
   */
  public CompileResult compile(Compiler compiler, String source, CompilationKey key) {
    Objects.requireNonNull(compiler, "compiler");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(key, "key");
    Optional<CompiledPipeline> cached = cache.get(key.text()); // well-formed by construction: no check needed
    if (cached.isPresent()) {
      return new CompileResult(cached, List.of(), List.of(), cached.get().sourceHash());
    }
    return compiling.run(key.text(), () -> {
      CompileResult result = compiler.compile(source);
      if (result.ok()) {
        put(result.get());
      }
      return result;
    });
  }

  /** {@code compilation:<sourceHash>:<registryHash>} of {@code source}; empty if it cannot be tokenised. */
  public static Optional<String> keyOf(String source, String registryHash) {
    return compilationKey(source, registryHash).map(CompilationKey::text);
  }

  /** The {@linkplain #keyOf key} of {@code source} for {@link #compile(Compiler, String, CompilationKey)}. */
  public static Optional<CompilationKey> compilationKey(String source, String registryHash) {
    if (source == null || registryHash == null || !HASH.matcher(registryHash).matches()) {
      return Optional.empty();
    }
    String sourceHash = Parser.parse(new SourceText(source), CompilerLimits.DEFAULTS).sourceHash();
    if (sourceHash == null || !HASH.matcher(sourceHash).matches()) {
      return Optional.empty();
    }
    return Optional.of(new CompilationKey("compilation:" + sourceHash + ":" + registryHash));
  }

  public long localHits() {
    return cache.localHits();
  }

  public long remoteHits() {
    return cache.remoteHits();
  }

  public long misses() {
    return cache.misses();
  }

  /** Stored values found corrupt (and treated as misses). */
  public long corrupt() {
    return cache.corrupt();
  }

  /** Drops this node's near tier (e.g. after {@code constellation cache clear}). */
  public void clearLocal() {
    cache.clearLocal();
  }

  /** The stored text form; package-private for tests. */
  static final class Codec implements TieredCache.ValueCodec<CompiledPipeline> {

    @Override
    public String encode(CompiledPipeline pipeline) {
      ObjectNode node = JSON.createObjectNode();
      node.put("formatVersion", FORMAT_VERSION);
      node.put("sourceHash", pipeline.sourceHash());
      node.put("structuralHash", pipeline.structuralHash());
      node.put("registryHash", pipeline.registryHash());
      node.put("dag", Base64.getEncoder().encodeToString(DagCodec.toBytes(pipeline.dag())));
      return node.toString();
    }

    @Override
    public CompiledPipeline decode(String key, String text) {
      if (text.length() > MAX_STORED_CHARS) {
        throw new IllegalArgumentException("stored value too large: " + text.length() + " chars");
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("stored value is not JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("stored value is not a JSON object");
      }
      if (!node.path("formatVersion").isInt() || node.get("formatVersion").intValue() != FORMAT_VERSION) {
        throw new IllegalArgumentException("unknown formatVersion " + node.get("formatVersion"));
      }
      String sourceHash = hash(node, "sourceHash");
      String structuralHash = hash(node, "structuralHash");
      String registryHash = hash(node, "registryHash");
      String expectedKey = "compilation:" + sourceHash + ":" + registryHash;
      if (!expectedKey.equals(key)) {
        throw new IllegalArgumentException("stored hashes do not match the key");
      }
      JsonNode dagText = node.get("dag");
      if (dagText == null || !dagText.isTextual()) {
        throw new IllegalArgumentException("missing dag");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(dagText.textValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("dag is not base64");
      }
      Dag dag = DagCodec.fromBytes(bytes); // UnableToDecodeDagException (unchecked) for anything invalid
      if (!structuralHash.equals(DagCodec.structuralHash(dag))) {
        throw new IllegalArgumentException("dag does not match its structural hash");
      }
      return new CompiledPipeline(dag, sourceHash, structuralHash, registryHash);
    }

    private static String hash(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual() || !HASH.matcher(value.textValue()).matches()) {
        throw new IllegalArgumentException(field + " missing or not a lowercase hex SHA-256");
      }
      return value.textValue();
    }
  }
}
