package io.constellation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.ExecutionRequest;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes {@link ExecutionRequest} record values, in Avro single-object encoding or the JSON form.
 *
 * <pre>{@code
 * RequestCodec codec = new RequestCodec();
 * try {
 *   DecodedRequest decoded = codec.decode(record.value(), record.headers());
 *   ...
 * } catch (UnableToDecodeRequestException e) {
 *   deadLetter(record, e.reason());
 * }
 * }</pre>
 *
 * <p>Decoding is the trust boundary: whatever the encoding, a decoded request has an executionId of 1 to 256
 * printable characters, a priority from 0 to 100, an attempt of at least 1, and inputs that are a JSON object in
 * canonical text, parsed once and handed over as a tree too ({@link DecodedRequest#inputs()}). Avro payloads
 * written by any released schema version are read (see {@code schema-history/}). There is no byte limit here
 * (the worker enforces one before decoding), but hostile input (deep nesting, forged lengths, random bytes) fails
 * with {@link UnableToDecodeRequestException} and nothing else.
 *
 * <p>Thread-safety: thread-safe; share one instance.
 */
public final class RequestCodec {
  static {
    AvroTrust.install(); // so the generated builders work in this process too
  }

  private final AvroFormat<ExecutionRequest> avro;
  private final BoundedJson json = new BoundedJson();
  private final RequestForm form = new RequestForm(json);

  public RequestCodec() {
    this(List.of());
  }

  /** A codec that also reads payloads written with {@code extraWriterSchemas} (schema evolution tests). */
  RequestCodec(List<Schema> extraWriterSchemas) {
    this.avro = new AvroFormat<>("ExecutionRequest", ExecutionRequest.getClassSchema(),
        concat(SchemaHistory.EXECUTION_REQUEST, extraWriterSchemas));
  }

  /**
   * Decodes a record value: the encoding comes from the {@code content-type} header, else from the first byte
   * (see {@link Encoding#detect}).
   *
   * @param value the record value (a null value, i.e. a tombstone, is refused)
   * @param headers the record headers, may be null
   * @throws UnableToDecodeRequestException with a reason naming the problem: not JSON, a missing or ill-typed
   *     field, inputs not an object, a bad priority, an unknown schema fingerprint, truncated Avro, ...
   */
  public DecodedRequest decode(byte[] value, Headers headers) {
    Encoding encoding;
    try {
      encoding = Encoding.detect(headers, value);
    } catch (IllegalArgumentException e) {
      throw new UnableToDecodeRequestException(e.getMessage(), e);
    }
    if (value == null) throw new UnableToDecodeRequestException("record value is null (a tombstone), not a request");
    if (value.length == 0) throw new UnableToDecodeRequestException("record value is empty");
    try {
      RequestForm.Checked checked = switch (encoding) {
        case AVRO -> form.validated(avro.decode(value));
        case JSON -> form.fromJson(json.parse(value, "request JSON"));
      };
      return new DecodedRequest(checked.request(), encoding, checked.inputs());
    } catch (DecodeFailure e) {
      throw new UnableToDecodeRequestException(e.getMessage(), e.getCause());
    }
  }

  /**
   * Encodes a request. It is checked by the rules decode applies, so a bad request fails here, at the producer,
   * rather than in a worker's dead-letter queue.
   *
   * @throws IllegalArgumentException naming the field if the request would not decode
   */
  public byte[] encode(ExecutionRequest request, Encoding encoding) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(encoding, "encoding");
    try {
      ExecutionRequest copy = form.validated(copyOf(request)).request();
      return switch (encoding) {
        case AVRO -> avro.encode(copy);
        case JSON -> json.write(form.toJson(copy));
      };
    } catch (DecodeFailure e) {
      throw new IllegalArgumentException("cannot encode request '" + request.getExecutionId() + "': " + e.getMessage(), e);
    }
  }

  // A shallow field-by-field copy, so that canonicalising the inputs does not write to the caller's record. Not
  // the generated builder: its copy refuses a null required field with an Avro message that names no field the
  // way validated() does.
  private static ExecutionRequest copyOf(ExecutionRequest request) {
    ExecutionRequest copy = new ExecutionRequest();
    for (org.apache.avro.Schema.Field field : ExecutionRequest.getClassSchema().getFields()) {
      copy.put(field.pos(), request.get(field.pos()));
    }
    return copy;
  }

  /**
   * The JSON form of a request (for CLIs and logs).
   *
   * @throws IllegalArgumentException if its inputs are not valid JSON
   */
  public JsonNode toJson(ExecutionRequest request) {
    try {
      return form.toJson(request);
    } catch (DecodeFailure e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static List<Schema> concat(List<Schema> a, List<Schema> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
