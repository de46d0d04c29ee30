package io.constellation.engine.dag;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.constellation.engine.json.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The serial forms of a {@link Dag} (LANGUAGE.md 11.3 and 11.4): canonical JSON text, versioned bytes, and the
 * structural hash.
 *
 * <p>The JSON document has the members {@code inputs}, {@code nodes} and {@code outputs} of LANGUAGE.md 11.3 plus
 * {@code labels}, the non-semantic data that is not hashed: {@code {"nodes": [{"column", "label", "line"}, ...]}}
 * indexed by node id ({@code label} null outside any assignment).
 * The byte form is the UTF-8 of the same document with one more member, {@code "formatVersion": 1}; a reader
 * rejects versions it does not know, so later versions can change the layout.
 *
 * <p>Decoding rebuilds the same object graph: a node referenced by several consumers is one object again, trees
 * contain {@link Node.Param} and {@link Node.Capture}, types are parsed from their renderings ({@link TypeSyntax})
 * and literal values are {@code Long}, {@code Double}, {@code String} or {@code Boolean} by node type. For every
 * DAG {@code d} built by the compiler, {@code fromBytes(toBytes(d)).equals(d)}.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class DagCodec {
  /** The byte format this version writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  static final String FORMAT_VERSION_KEY = "formatVersion";

  /**
   * Tight parser limits: a compiled DAG is shallow (trees nest only as deep as lambdas and arms do) and its
   * numbers are 64-bit, so anything beyond these is hostile or garbage and is refused before it can exhaust the
   * stack or the heap.
   */
  private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256).maxNumberLength(400).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .build()
      .reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DagCodec() {}

  /**
   * The DAG document with labels, as canonical JSON.
   *
   * @throws IllegalArgumentException when the DAG breaks the {@link Dag} contract (a referenced node not in
   *     {@link Dag#nodes()} or listed after its consumer, an output id out of range, a literal not of its type)
   */
  public static String toJson(Dag dag) {
    return DagJsonWriter.write(dag, true, null);
  }

  /**
   * Reads a document written by {@link #toJson} (or {@link #toBytes}, decoded as UTF-8); a {@code formatVersion}
   * member is optional here but must be {@value #FORMAT_VERSION} when present.
   *
   * @throws UnableToDecodeDagException for anything that is not such a document
   */
  public static Dag fromJson(String json) {
    if (json == null) throw new UnableToDecodeDagException("Unable to decode DAG: no text");
    return decode(parse(json), false);
  }

  /** UTF-8 of the document with {@code "formatVersion": 1}. Throws like {@link #toJson}. */
  public static byte[] toBytes(Dag dag) {
    return DagJsonWriter.write(dag, true, FORMAT_VERSION).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads bytes written by {@link #toBytes}.
   *
   * @throws UnableToDecodeDagException for anything else: bad UTF-8 or JSON, a missing or unknown format
   *     version, or an invalid document; never another runtime exception
   */
  public static Dag fromBytes(byte[] bytes) {
    if (bytes == null) throw new UnableToDecodeDagException("Unable to decode DAG: no bytes");
    return decode(parse(bytes), true);
  }

  /** The hashed part of the document: canonical JSON of {@code {"inputs", "nodes", "outputs"}}, no labels. */
  public static String structuralJson(Dag dag) {
    return DagJsonWriter.write(dag, false, null);
  }

  /** Lowercase hex SHA-256 of {@link #structuralJson} (LANGUAGE.md 11.4). Throws like {@link #toJson}. */
  public static String structuralHash(Dag dag) {
    return CanonicalJson.sha256(structuralJson(dag));
  }

  private static JsonNode parse(Object input) {
    try {
      JsonNode root = input instanceof byte[] bytes ? READER.readTree(bytes) : READER.readTree((String) input);
      if (root == null || root.isMissingNode()) {
        throw new UnableToDecodeDagException("Unable to decode DAG: empty input");
      }
      return root;
    } catch (IOException e) {
      throw new UnableToDecodeDagException("Unable to decode DAG: not valid JSON: "
          + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()), e);
    }
  }

  private static Dag decode(JsonNode root, boolean versionRequired) {
    try {
      JsonNode version = root.get(FORMAT_VERSION_KEY);
      if (version == null && versionRequired) {
        throw new UnableToDecodeDagException("Unable to decode DAG: missing '" + FORMAT_VERSION_KEY + "'");
      }
      if (version != null && !(version.isIntegralNumber() && version.canConvertToInt()
          && version.intValue() == FORMAT_VERSION)) {
        throw new UnableToDecodeDagException("Unable to decode DAG: unsupported format version " + version
            + " (this version reads " + FORMAT_VERSION + ")");
      }
      return DagJsonReader.read(root);
    } catch (UnableToDecodeDagException e) {
      throw e;
    } catch (RuntimeException e) {
      // The reader validates every member first; this only guards against a gap in that validation.
      throw new UnableToDecodeDagException("Unable to decode DAG: " + e, e);
    }
  }
}
