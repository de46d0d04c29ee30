package io.constellation.testkit;

/**
 * A Redis server we do not own, from {@code REDIS_URL}; stop/start are refused.
 *
 * <p>Thread-safety: immutable.
 */
record ExternalRedis(String url) implements RedisService {

  @Override
  public boolean external() {
    return true;
  }

  @Override
  public boolean running() {
    return true;
  }

  @Override
  public RedisService start() {
    throw refused("start()");
  }

  @Override
  public void stop() {
    throw refused("stop()");
  }

  @Override
  public void close() {
    // not ours: nothing to stop
  }

  private UnsupportedOperationException refused(String call) {
    return new UnsupportedOperationException(call + " is not possible: Redis comes from "
        + EnvironmentSettings.REDIS + ", a server this JVM does not own. Unset " + EnvironmentSettings.REDIS
        + " to run fault tests on the embedded server, or skip them when external()");
  }
}
