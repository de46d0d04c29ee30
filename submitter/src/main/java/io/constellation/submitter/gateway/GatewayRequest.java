package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One request as a route sees it: its id, path parameters, query and JSON body. The body is read on demand, at most
 * once, and never beyond the body limit.
 *
 * <p>Thread-safety: confined to the thread serving the exchange.
 */
final class GatewayRequest {
  private final HttpExchange exchange;
  private final String requestId;
  private final Map<String, String> params;
  private final int maxBodyBytes;
  private QueryParams query;
  private boolean bodyRead;

  GatewayRequest(HttpExchange exchange, String requestId, Map<String, String> params, int maxBodyBytes) {
    this.exchange = exchange;
    this.requestId = requestId;
    this.params = Map.copyOf(params);
    this.maxBodyBytes = maxBodyBytes;
  }

  String requestId() {
    return requestId;
  }

  /** The value of path parameter {@code name} (decoded). */
  String param(String name) {
    return Objects.requireNonNull(params.get(name), () -> "no path parameter " + name);
  }

  /** The first value of request header {@code name}, or null. */
  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The query parameters, refusing any not in {@code allowed}. */
  QueryParams query(Set<String> allowed) {
    if (query == null) query = QueryParams.parse(exchange.getRequestURI().getRawQuery());
    return query.allowOnly(allowed);
  }

  /** The body as a JSON object; an absent body is a 400. */
  ObjectNode jsonBody() throws IOException {
    ObjectNode body = readJson();
    if (body == null) throw ApiError.BAD_REQUEST.because("this endpoint needs a JSON object as its body");
    return body;
  }

  /** The body as a JSON object; an absent body reads as {@code {}}. */
  ObjectNode optionalJsonBody() throws IOException {
    ObjectNode body = readJson();
    return body == null ? GatewayJson.object() : body;
  }

  /**
   * Reads the body: null when there is none; 415 when there is one that is not declared JSON, 413 when it passes the
   * limit (declared or read), 400 when it is not a JSON object.
   */
  private ObjectNode readJson() throws IOException {
    if (bodyRead) throw new IllegalStateException("the body was already read");
    bodyRead = true;
    Headers headers = exchange.getRequestHeaders();
    long declared = declaredLength(headers);
    boolean chunked = headers.getFirst("Transfer-Encoding") != null;
    if (declared == 0 || declared < 0 && !chunked) return null;
    requireJson(headers.getFirst("Content-Type"));
    byte[] bytes = BoundedBody.read(exchange.getRequestBody(), chunked ? -1 : declared, maxBodyBytes);
    if (bytes.length == 0) return null;
    return GatewayJson.parseObject(bytes);
  }

  /** The Content-Length, or -1 when absent (the server already refused a malformed one). */
  private static long declaredLength(Headers headers) {
    String value = headers.getFirst("Content-Length");
    if (value == null) return -1;
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw ApiError.BAD_REQUEST.because("Content-Length is not a number");
    }
  }

  /** {@code application/json}, or any {@code application/*+json}, with or without parameters. */
  private static void requireJson(String contentType) {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json")) return;
    throw ApiError.UNSUPPORTED_MEDIA_TYPE.because("the body must be JSON with Content-Type: application/json, was "
        + (contentType == null ? "no Content-Type" : "'" + Texts.shorten(contentType) + "'"));
  }
}
