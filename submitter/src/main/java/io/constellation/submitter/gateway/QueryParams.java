package io.constellation.submitter.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decoded parameters of a query string. A route names the parameters it takes ({@link #allowOnly}); any other
 * is refused, so a typo ({@code ?stauts=failed}) is a 400 rather than a silently unfiltered answer.
 *
 * <p>Thread-safety: immutable after construction.
 */
final class QueryParams {
  /** Longest accepted raw query string. */
  static final int MAX_QUERY_CHARS = 64 * 1024;

  private final Map<String, List<String>> values;

  private QueryParams(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Parses a raw query; throws {@link ApiError#BAD_REQUEST} for a malformed encoding or an oversized query. */
  static QueryParams parse(String rawQuery) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return new QueryParams(values);
    if (rawQuery.length() > MAX_QUERY_CHARS) {
      throw ApiError.BAD_REQUEST.because("the query string must be at most " + MAX_QUERY_CHARS + " characters");
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter name");
      String value = decode(eq < 0 ? "" : pair.substring(eq + 1), "parameter " + name);
      values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return new QueryParams(values);
  }

  /** Throws {@link ApiError#BAD_REQUEST} naming the first parameter not in {@code allowed}. */
  QueryParams allowOnly(Set<String> allowed) {
    for (String name : values.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiError.BAD_REQUEST.because("unknown query parameter '" + Texts.shorten(name) + "'; this endpoint takes "
            + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))));
      }
    }
    return this;
  }

  /** The one value of {@code name}; throws {@link ApiError#BAD_REQUEST} when it is given more than once. */
  Optional<String> one(String name) {
    List<String> all = values.get(name);
    if (all == null) return Optional.empty();
    if (all.size() > 1) throw ApiError.BAD_REQUEST.because("query parameter '" + name + "' is given more than once");
    return Optional.of(all.get(0));
  }

  /** Every value of {@code name}, each split at commas, blanks dropped. */
  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    for (String value : values.getOrDefault(name, List.of())) {
      for (String part : value.split(",", -1)) {
        if (!part.isBlank()) out.add(part.strip());
      }
    }
    return out;
  }

  /** A true/false parameter; absent is {@code false}, a bare {@code ?async} is {@code true}. */
  boolean flag(String name) {
    Optional<String> value = one(name);
    if (value.isEmpty()) return false;
    return switch (value.get()) {
      case "", "true" -> true;
      case "false" -> false;
      default -> throw ApiError.BAD_REQUEST.because("query parameter '" + name + "' must be true or false, was '"
          + Texts.shorten(value.get()) + "'");
    };
  }

  private static String decode(String raw, String what) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.BAD_REQUEST.because(what + " is not valid percent-encoding");
    }
  }
}
