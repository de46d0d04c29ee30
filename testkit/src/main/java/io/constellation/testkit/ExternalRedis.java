package io.constellation.testkit;

/**
 * A Redis server we do not own, from {@code REDIS_URL}; stop/start are refused.
 *
 * <p>Thread-safety: immutable.
 */
final class ExternalRedis extends ExternalService implements RedisService {

  private final String url;

  ExternalRedis(String url) {
    super("Redis", EnvironmentSettings.REDIS, EnvironmentSettings.REDIS, "server"); // the URL may hold a password
    this.url = url;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public RedisService start() {
    throw refused("start()");
  }

  @Override
  public String toString() {
    return "ExternalRedis[url=" + url + "]";
  }
}
