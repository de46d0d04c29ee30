package io.constellation.engine.dag;

import io.constellation.engine.options.CallOptions;
import java.util.Set;

/**
 * Reads the {@code options} object of a call node (LANGUAGE.md 11.3) back into {@link CallOptions}, checking the
 * same ranges the compiler enforces (E016), so a decoded DAG never carries an option the runtime cannot honour.
 * Writing lives in {@link DagJsonWriter#options}.
 */
final class OptionsJson {
  private static final Set<String> KEYS = Set.of("retry", "timeoutMs", "delayMs", "backoff", "cacheMs",
      "cacheBackend", "throttle", "concurrency", "onError", "lazy", "priority");
  private static final Set<String> BACKOFFS = Set.of("fixed", "linear", "exponential");
  private static final Set<String> ON_ERRORS = Set.of("propagate", "skip", "log", "wrap");

  private OptionsJson() {}

  static CallOptions read(JsonCursor json) {
    json.allowOnly(KEYS);
    CallOptions.Throttle throttle = null;
    if (json.has("throttle")) {
      JsonCursor rate = json.object("throttle");
      rate.allowOnly(Set.of("count", "perMs"));
      throttle = new CallOptions.Throttle(rate.longValue("count", 1, Long.MAX_VALUE),
          rate.longValue("perMs", 1, Long.MAX_VALUE));
    }
    return new CallOptions(
        json.has("retry") ? json.integer("retry", 0, Integer.MAX_VALUE) : null,
        json.has("timeoutMs") ? json.longValue("timeoutMs", 1, Long.MAX_VALUE) : null,
        json.has("delayMs") ? json.longValue("delayMs", 1, Long.MAX_VALUE) : null,
        json.has("backoff") ? CallOptions.Backoff.valueOf(upper(json.oneOf("backoff", BACKOFFS))) : null,
        json.has("cacheMs") ? json.longValue("cacheMs", 1, Long.MAX_VALUE) : null,
        json.has("cacheBackend") ? json.string("cacheBackend") : null,
        throttle,
        json.has("concurrency") ? json.integer("concurrency", 1, Integer.MAX_VALUE) : null,
        json.has("onError") ? CallOptions.OnError.valueOf(upper(json.oneOf("onError", ON_ERRORS))) : null,
        json.has("lazy") ? json.bool("lazy") : null,
        json.has("priority") ? json.integer("priority", 0, 100) : null);
  }

  private static String upper(String key) {
    return key.toUpperCase(java.util.Locale.ROOT);
  }
}
