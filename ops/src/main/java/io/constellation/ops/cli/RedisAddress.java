package io.constellation.ops.cli;

import java.util.Map;
import java.util.Optional;

/**
 * Where {@code cache} and {@code circuits} find Redis: {@code --redis-url} > {@code REDIS_URL} > a live
 * {@code constellation dev} that recorded its Redis ({@link DevState}) > {@code redis://127.0.0.1:6379}.
 *
 * @param url the connection string, as {@code RedisState.connect} reads it (checked when connecting)
 * @param source where it came from, for messages ("--redis-url", "REDIS_URL", "the dev cluster (pid N)",
 *     "the default")
 */
record RedisAddress(String url, String source) {
  static final String DEFAULT_URL = "redis://127.0.0.1:6379";

  static RedisAddress resolve(String urlFlag, Map<String, String> env) {
    if (urlFlag != null) {
      if (urlFlag.isBlank()) throw new UsageException("--redis-url needs a URL such as redis://127.0.0.1:6379");
      return new RedisAddress(urlFlag.strip(), "--redis-url");
    }
    String fromEnv = env.get("REDIS_URL");
    if (fromEnv != null && !fromEnv.isBlank()) return new RedisAddress(fromEnv.strip(), "REDIS_URL");
    Optional<DevState> dev = DevState.findLive(env).filter(state -> state.redis().isPresent());
    if (dev.isPresent()) {
      return new RedisAddress(dev.get().redisUrl(), "the dev cluster (pid " + dev.get().pid() + ")");
    }
    return new RedisAddress(DEFAULT_URL, "the default");
  }
}
