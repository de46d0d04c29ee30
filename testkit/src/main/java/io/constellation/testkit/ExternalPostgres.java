package io.constellation.testkit;

/**
 * A PostgreSQL server we do not own, from {@code POSTGRES_URL}, {@code POSTGRES_USER} and
 * {@code POSTGRES_PASSWORD}; stop/start are refused.
 *
 * <p>Thread-safety: immutable.
 */
record ExternalPostgres(String jdbcUrl, String user, String password) implements PostgresService {

  @Override
  public boolean external() {
    return true;
  }

  @Override
  public boolean running() {
    return true;
  }

  @Override
  public PostgresService start() {
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

  /** Never prints the password. */
  @Override
  public String toString() {
    return "ExternalPostgres[" + jdbcUrl + ", user " + user + "]";
  }

  private UnsupportedOperationException refused(String call) {
    return new UnsupportedOperationException(call + " is not possible: PostgreSQL comes from "
        + EnvironmentSettings.POSTGRES + ", a server this JVM does not own. Unset " + EnvironmentSettings.POSTGRES
        + " to run fault tests on the embedded server, or skip them when external()");
  }
}
