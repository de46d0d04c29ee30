package io.constellation.submitter.gateway;

/**
 * The errors the gateway answers with: the HTTP status and the {@code error} code of the JSON body
 * {@code {"error": code, "message": ..., "requestId": ...}}.
 */
enum ApiError {
  BAD_REQUEST(400, "bad_request"),
  UNAUTHORIZED(401, "unauthorized"),
  FORBIDDEN(403, "forbidden"),
  NOT_FOUND(404, "not_found"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  CONFLICT(409, "conflict"),
  PAYLOAD_TOO_LARGE(413, "payload_too_large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
  INTERNAL(500, "internal_error"),
  UNAVAILABLE(503, "service_unavailable"),
  TIMEOUT(504, "gateway_timeout");

  private final int status;
  private final String code;

  ApiError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The exception a handler throws to answer with this error. */
  UnableToServeException because(String message) {
    return new UnableToServeException(this, message);
  }
}
