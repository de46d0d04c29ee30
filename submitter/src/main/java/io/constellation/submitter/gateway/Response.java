package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a JSON body and extra headers.
 *
 * @param status  HTTP status
 * @param body    the JSON body
 * @param headers extra response headers ({@code Location}, ...)
 */
record Response(int status, JsonNode body, Map<String, String> headers) {
  Response {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  static Response ok(JsonNode body) {
    return new Response(200, body, Map.of());
  }

  static Response of(int status, JsonNode body) {
    return new Response(status, body, Map.of());
  }

  /** 202 with a {@code Location} header. */
  static Response accepted(JsonNode body, String location) {
    return new Response(202, body, Map.of("Location", location));
  }

  Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, body, more);
  }
}
