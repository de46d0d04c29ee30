package io.constellation.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;

/**
 * Avro single-object encoding of one generated record type, reading every registered writer schema.
 *
 * <p>Implementation notes. Decoding checks the frame itself (length, marker, fingerprint) so each failure has its
 * own message, then walks the body once with {@link GenericDatumReader#skip} before materialising it. Avro checks
 * string and byte lengths against the bytes available, but not array and map counts: a forged count of two
 * billion would make the real decode allocate a two-billion-slot list. The skip pass allocates nothing and fails
 * at the end of the buffer instead, and every array or map item in our schemas takes at least one byte, so once
 * it has passed, every count is bounded by the payload size. Trailing bytes after the record are refused: with a
 * known writer schema they can only mean corruption.
 *
 * <p>Encoding writes the same bytes as Avro's {@code BinaryMessageEncoder} (the 10-byte header, then the body)
 * without its per-thread buffers, which a virtual thread per execution would allocate afresh every time, and
 * through a buffered encoder rather than one stream write per field.
 *
 * <p>Thread-safety: immutable after construction; Avro's datum writer and message decoder are thread-safe.
 */
final class AvroFormat<T> {
  private static final int HEADER_LENGTH = 10;
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  /** Most encoded records fit: one buffer fill, no copy while growing. */
  private static final int INITIAL_BUFFER_BYTES = 512;
  private static final EncoderFactory ENCODERS = new EncoderFactory().configureBufferSize(INITIAL_BUFFER_BYTES);

  private final String name;
  private final Map<Long, Schema> writers = new LinkedHashMap<>();
  private final byte[] header;
  private final DatumWriter<T> writer;
  private final BinaryMessageDecoder<T> decoder;

  /**
   * @param name the record name, for messages
   * @param current the schema of the generated class (what encode writes)
   * @param history every other schema whose payloads must stay readable
   */
  @SuppressWarnings("unchecked") // the model writes the generated class of current
  AvroFormat(String name, Schema current, List<Schema> history) {
    this.name = name;
    SchemaStore.Cache store = new SchemaStore.Cache();
    for (Schema schema : history) {
      store.addSchema(schema);
      writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    }
    store.addSchema(current);
    long fingerprint = SchemaNormalization.parsingFingerprint64(current);
    writers.put(fingerprint, current);
    this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
        .put(MARKER_0).put(MARKER_1).putLong(fingerprint).array();
    // Not the generated model: it looks classes up through Avro's class security check.
    GeneratedClasses model = new GeneratedClasses();
    this.writer = (DatumWriter<T>) model.createDatumWriter(current);
    this.decoder = new BinaryMessageDecoder<>(model, current, store);
  }

  /** Single-object bytes of {@code datum}; {@link IllegalArgumentException} if it does not fit the schema. */
  byte[] encode(T datum) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
      out.write(header);
      BinaryEncoder body = ENCODERS.binaryEncoder(out, null);
      writer.write(datum, body);
      body.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot encode " + name + " as Avro: " + e.getMessage(), e);
    }
  }

  T decode(byte[] bytes) throws DecodeFailure {
    if (bytes.length < HEADER_LENGTH) {
      throw new DecodeFailure("truncated Avro payload: " + bytes.length + " bytes, single-object encoding needs"
          + " at least " + HEADER_LENGTH + " (2-byte marker C3 01 and 8-byte schema fingerprint)");
    }
    if (bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
      throw new DecodeFailure("not Avro single-object encoding: expected marker C3 01, found "
          + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, 0, 2)
          + " (a JSON payload needs the header content-type: application/json or a leading '{')");
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writer = writers.get(fingerprint);
    if (writer == null) {
      throw new DecodeFailure("unknown " + name + " schema fingerprint " + hex(fingerprint)
          + " (written by a schema version this node does not know; known: " + knownFingerprints() + ")");
    }
    try {
      BinaryDecoder walk = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
      GenericDatumReader.skip(writer, walk);
      if (!walk.isEnd()) {
        throw new DecodeFailure("corrupt " + name + " Avro body: trailing bytes after the record");
      }
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new DecodeFailure("corrupt " + name + " Avro body (" + bytes.length + " bytes): " + describe(e), e);
    }
  }

  private static String describe(Exception e) {
    if (e instanceof java.io.EOFException) return "ends too early";
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + truncate(message));
  }

  private static String truncate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private String knownFingerprints() {
    return writers.keySet().stream().map(AvroFormat::hex).toList().toString();
  }

  private static String hex(long fingerprint) {
    return "0x" + HexFormat.of().toHexDigits(fingerprint);
  }
}
