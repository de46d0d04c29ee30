package io.constellation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Reads and writes {@link DeadLetter} record values (Avro single-object encoding only: dead letters are written
 * and read by Constellation itself). A dead letter keeps the original key, value and headers byte for byte, so a
 * replay re-produces exactly what was received.
 *
 * <p>Thread-safety: thread-safe; share one instance.
 */
public final class DeadLetterCodec {
  static {
    AvroTrust.install(); // so the generated builders work in this process too
  }

  private final AvroFormat<DeadLetter> avro;

  public DeadLetterCodec() {
    this(List.of());
  }

  DeadLetterCodec(List<Schema> extraWriterSchemas) {
    this.avro = new AvroFormat<>("DeadLetter", DeadLetter.getClassSchema(),
        RequestCodec.concat(SchemaHistory.DEAD_LETTER, extraWriterSchemas));
  }

  /**
   * Encodes a dead letter.
   *
   * @throws IllegalArgumentException if a required field is null
   */
  public byte[] encode(DeadLetter deadLetter) {
    Objects.requireNonNull(deadLetter, "deadLetter");
    return avro.encode(deadLetter);
  }

  /**
   * Decodes a dead letter written by any released schema version.
   *
   * @throws UnableToDecodeDeadLetterException naming the problem; never another exception type
   */
  public DeadLetter decode(byte[] value) {
    if (value == null) throw new UnableToDecodeDeadLetterException("record value is null (a tombstone)");
    try {
      return avro.decode(value);
    } catch (DecodeFailure e) {
      throw new UnableToDecodeDeadLetterException(e.getMessage(), e.getCause());
    }
  }

  /**
   * A JSON view for operators: key, value and header values as UTF-8 text when they are valid UTF-8 (marked
   * {@code "utf8"}), else base64 (marked {@code "base64"}), e.g. {@code "value": {"utf8": "{\"executionId\"..."}}.
   */
  public JsonNode toJson(DeadLetter deadLetter) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("reason", deadLetter.getReason());
    out.put("originTopic", deadLetter.getOriginTopic());
    out.put("originPartition", deadLetter.getOriginPartition());
    out.put("originOffset", deadLetter.getOriginOffset());
    out.put("originTimestamp", String.valueOf(deadLetter.getOriginTimestamp()));
    out.set("key", bytes(deadLetter.getKey()));
    out.set("value", bytes(deadLetter.getValue()));
    ObjectNode headers = out.putObject("headers");
    for (Map.Entry<String, ByteBuffer> header : deadLetter.getHeaders().entrySet()) {
      headers.set(header.getKey(), bytes(header.getValue()));
    }
    out.put("nodeId", deadLetter.getNodeId());
    out.put("failedAt", String.valueOf(deadLetter.getFailedAt()));
    return out;
  }

  private static JsonNode bytes(ByteBuffer buffer) {
    if (buffer == null) return JsonNodeFactory.instance.nullNode();
    ByteBuffer view = buffer.duplicate();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    try {
      CharBuffer text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(view.duplicate());
      out.put("utf8", text.toString());
    } catch (CharacterCodingException e) {
      byte[] raw = new byte[view.remaining()];
      view.get(raw);
      out.put("base64", Base64.getEncoder().encodeToString(raw));
    }
    return out;
  }
}
