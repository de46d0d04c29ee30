package io.constellation.submitter.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by a route to answer with an {@link ApiError}; the gateway turns it into the JSON error body. The message
 * is shown to the client, so it must hold nothing the client may not see (no stack traces, no SQL, no keys).
 */
final class UnableToServeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ApiError error;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, String> fields = new LinkedHashMap<>();

  UnableToServeException(ApiError error, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false); // a control-flow answer: no stack
    this.error = Objects.requireNonNull(error, "error");
  }

  ApiError error() {
    return error;
  }

  /** Adds a response header ({@code Allow}, {@code WWW-Authenticate}, {@code Location}). */
  UnableToServeException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Adds a field to the error body beside error, message and requestId (e.g. the executionId of a 504). */
  UnableToServeException withField(String name, String value) {
    fields.put(name, value);
    return this;
  }

  Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  Map<String, String> fields() {
    return new LinkedHashMap<>(fields);
  }
}
