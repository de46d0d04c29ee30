package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a body and extra headers.
 *
 * @param status  HTTP status
 * @param body    JSON (every route but one), or text of a given content type (Prometheus metrics)
 * @param headers extra response headers ({@code Location}, ...)
 */
record Response(int status, Body body, Map<String, String> headers) {
  Response {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  /** A response body. */
  sealed interface Body permits Json, Text {}

  /** A JSON document. */
  record Json(JsonNode node) implements Body {
    Json {
      Objects.requireNonNull(node, "node");
    }
  }

  /** Text in {@code contentType}. */
  record Text(String contentType, String text) implements Body {
    Text {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(text, "text");
    }
  }

  static Response ok(JsonNode body) {
    return of(200, body);
  }

  static Response of(int status, JsonNode body) {
    return new Response(status, new Json(body), Map.of());
  }

  static Response text(String contentType, String text) {
    return new Response(200, new Text(contentType, text), Map.of());
  }

  /** 202 with a {@code Location} header. */
  static Response accepted(JsonNode body, String location) {
    return new Response(202, new Json(body), Map.of("Location", location));
  }

  Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, body, more);
  }
}
