package io.constellation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.ExecutionResult;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes {@link ExecutionResult} record values, in Avro single-object encoding or JSON. Workers answer
 * in the encoding the request came in, so a client that produced JSON reads JSON.
 *
 * <p>The JSON form uses the Avro field names, {@code outputs} as a JSON object and instants as ISO-8601 strings:
 * <pre>{@code
 * {"executionId":"e1","status":"COMPLETED","outputs":{"x":1},"errors":[],"warnings":[],"trace":[],
 *  "nodeId":"node-a1b2c3","queuedAt":"2025-01-31T12:00:00Z",...,"attempt":1,"metadata":{},"fromCache":false}
 * }</pre>
 *
 * <p>Thread-safety: thread-safe; share one instance.
 */
public final class ResultCodec {
  static {
    AvroTrust.install(); // so the generated builders work in this process too
  }

  private final AvroFormat<ExecutionResult> avro;
  private final BoundedJson json = new BoundedJson();
  private final ResultForm form = new ResultForm(json);

  public ResultCodec() {
    this(List.of());
  }

  /** A codec that also reads payloads written with {@code extraWriterSchemas} (schema evolution tests). */
  ResultCodec(List<Schema> extraWriterSchemas) {
    this.avro = new AvroFormat<>("ExecutionResult", ExecutionResult.getClassSchema(),
        RequestCodec.concat(SchemaHistory.EXECUTION_RESULT, extraWriterSchemas));
  }

  /**
   * Encodes a result.
   *
   * @throws IllegalArgumentException if a required field is null
   */
  public byte[] encode(ExecutionResult result, Encoding encoding) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(encoding, "encoding");
    return switch (encoding) {
      case AVRO -> avro.encode(result);
      case JSON -> json.write(toJsonChecked(result));
    };
  }

  /**
   * Decodes a record value, choosing the encoding as {@link Encoding#detect} does.
   *
   * @throws UnableToDecodeResultException naming the problem; never another exception type
   */
  public ExecutionResult decode(byte[] value, Headers headers) {
    Encoding encoding;
    try {
      encoding = Encoding.detect(headers, value);
    } catch (IllegalArgumentException e) {
      throw new UnableToDecodeResultException(e.getMessage(), e);
    }
    if (value == null) throw new UnableToDecodeResultException("record value is null (a tombstone), not a result");
    if (value.length == 0) throw new UnableToDecodeResultException("record value is empty");
    try {
      return switch (encoding) {
        case AVRO -> avro.decode(value);
        case JSON -> form.fromJson(json.parse(value, "result JSON"));
      };
    } catch (DecodeFailure e) {
      throw new UnableToDecodeResultException(e.getMessage(), e.getCause());
    }
  }

  /** The JSON form of a result, for CLIs and logs. */
  public JsonNode toJson(ExecutionResult result) {
    return toJsonChecked(result);
  }

  private com.fasterxml.jackson.databind.node.ObjectNode toJsonChecked(ExecutionResult result) {
    try {
      return form.toJson(result);
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("cannot write result '" + result.getExecutionId() + "' as JSON: a required"
          + " field is null", e);
    }
  }
}
