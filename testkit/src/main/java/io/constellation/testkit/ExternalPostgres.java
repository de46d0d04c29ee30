package io.constellation.testkit;

/**
 * A PostgreSQL server we do not own, from {@code POSTGRES_URL}, {@code POSTGRES_USER} and
 * {@code POSTGRES_PASSWORD}; stop/start are refused.
 *
 * <p>Thread-safety: immutable.
 */
final class ExternalPostgres extends ExternalService implements PostgresService {

  private final String jdbcUrl;
  private final String user;
  private final String password;

  ExternalPostgres(String jdbcUrl, String user, String password) {
    super("PostgreSQL", EnvironmentSettings.POSTGRES, EnvironmentSettings.POSTGRES, "server");
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  @Override
  public String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public PostgresService start() {
    throw refused("start()");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "ExternalPostgres[" + jdbcUrl + ", user " + user + "]";
  }
}
