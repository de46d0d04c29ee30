package io.constellation.submitter.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route of a request: the first whose template matches the path and whose method matches; a path that
 * matches only under other methods is a 405 (with {@code Allow}), one that matches nothing a 404. One trailing slash
 * is ignored. Path parameters are percent-decoded ({@code +} stays a plus).
 *
 * <p>Thread-safety: immutable.
 */
final class Router {
  /** A matched route and its path parameters. */
  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes;

  Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  List<Route> routes() {
    return routes;
  }

  /** The route of {@code method} and {@code rawPath}; throws {@link ApiError#NOT_FOUND} or {@link ApiError#METHOD_NOT_ALLOWED}. */
  Match match(String method, String rawPath) {
    List<String> segments = segments(rawPath);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> params = bind(route.segments(), segments);
      if (params == null) continue;
      if (route.method().equals(method)) return new Match(route, params);
      allowed.add(route.method());
    }
    if (!allowed.isEmpty()) {
      String allow = String.join(", ", allowed);
      throw ApiError.METHOD_NOT_ALLOWED.because("method " + Texts.shorten(method) + " is not allowed here; use "
          + allow).withHeader("Allow", allow);
    }
    throw ApiError.NOT_FOUND.because("no such endpoint: " + Texts.shorten(rawPath) + "; see /openapi.json");
  }

  private static List<String> segments(String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    return new ArrayList<>(List.of(path.substring(1).split("/", -1)));
  }

  /** The parameters when {@code actual} fits {@code template}, else null. */
  private static Map<String, String> bind(List<String> template, List<String> actual) {
    if (template.size() != actual.size()) return null;
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      String segment = actual.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        String value = decode(segment);
        if (value == null || value.isEmpty()) return null;
        params.put(expected.substring(1, expected.length() - 1), value);
      } else if (!expected.equals(segment)) {
        return null;
      }
    }
    return params;
  }

  /** A decoded path segment, or null when its percent-encoding is malformed (then no route matches it). */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
