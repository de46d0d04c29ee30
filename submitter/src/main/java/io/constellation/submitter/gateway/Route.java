package io.constellation.submitter.gateway;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * One endpoint: a method, a path template whose {@code {name}} segments match one path segment each, a short name
 * (the metrics key), whether it needs an API key, and what answers it.
 *
 * @param method   GET or POST
 * @param template e.g. {@code /executions/{id}/replay}
 * @param name     metrics name, e.g. {@code executions.replay}
 * @param needsKey false for the routes served without an API key (health, metrics, OpenAPI)
 * @param handler  what answers the route
 */
record Route(String method, String template, String name, boolean needsKey, Handler handler) {

  /** Answers one request; throws {@link UnableToServeException} to answer with an error. */
  @FunctionalInterface
  interface Handler {
    Response handle(GatewayRequest request) throws IOException;
  }

  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    if (!template.startsWith("/")) throw new IllegalArgumentException("template must start with '/', was " + template);
  }

  static Route secured(String method, String template, String name, Handler handler) {
    return new Route(method, template, name, true, handler);
  }

  static Route open(String method, String template, String name, Handler handler) {
    return new Route(method, template, name, false, handler);
  }

  /** The template's segments: {@code /executions/{id}} is {@code ["executions", "{id}"]}. */
  List<String> segments() {
    return List.of(template.substring(1).split("/", -1));
  }
}
