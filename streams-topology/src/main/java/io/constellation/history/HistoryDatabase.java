package io.constellation.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The execution history in PostgreSQL: a connection pool, the schema brought up to date, and the two ways in,
 * {@link #traces()} to write and {@link #executions()} to read.
 *
 * <pre>{@code
 * try (HistoryDatabase db = HistoryDatabase.open(HistorySettings.fromEnv(System.getenv()))) {
 *   db.traces().write(results);
 *   Optional<StoredExecution> e = db.executions().get("exec-0001");
 * }
 * }</pre>
 *
 * <p>Opening fails fast: a server that does not answer within {@link #CONNECT_TIMEOUT} is an
 * {@link UnableToReachHistoryException}. Once open, the pool survives the server going away: calls fail with
 * {@link HistoryException}s while it is down (each waiting at most {@link #CONNECT_TIMEOUT} for a connection), and
 * succeed again once it is back, with no reopening.
 *
 * <p>Migrations ({@code db/migration/V*__*.sql}, Flyway) run on open; concurrent opens are serialised by Flyway's
 * lock, and a schema already up to date is left alone.
 *
 * <p>Thread-safety: thread-safe. {@link #close()} is idempotent.
 */
public final class HistoryDatabase implements AutoCloseable {
  /** Longest wait for a new connection, at open and for each call afterwards. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Longest wait for the server's answer to one statement. */
  static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(10);
  private static final String MIGRATIONS = "classpath:db/migration";

  private final HikariDataSource pool;
  private final TraceWriter traces;
  private final ExecutionStorage executions;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HistoryDatabase(HikariDataSource pool, InstantSource clock) {
    this.pool = pool;
    Jdbi jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
    this.traces = new TraceWriter(jdbi, clock);
    this.executions = new ExecutionStorage(jdbi);
  }

  /**
   * Connects and migrates.
   *
   * @throws UnableToReachHistoryException when PostgreSQL cannot be connected to (down, wrong address, refused
   *     credentials), naming the URL without its password
   * @throws UnableToMigrateHistoryException when connected but the schema cannot be migrated
   */
  public static HistoryDatabase open(HistorySettings settings) {
    return open(settings, InstantSource.system());
  }

  /** {@link #open(HistorySettings)} with the clock that dates results missing a completion time. */
  public static HistoryDatabase open(HistorySettings settings, InstantSource clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    HikariDataSource pool = connect(settings);
    try {
      migrate(pool, settings);
      return new HistoryDatabase(pool, clock);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Writes results; the same writer for the database's lifetime. */
  public TraceWriter traces() {
    return traces;
  }

  /** Reads executions, records replays, prunes. */
  public ExecutionStorage executions() {
    return executions;
  }

  /** Closes the pool; calls in flight finish first. A second close does nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) return;
    pool.close();
  }

  private static HikariDataSource connect(HistorySettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("constellation-history");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(1); // a CLI or gateway opening the history needs one connection, not a full pool
    config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    config.setValidationTimeout(Math.min(2_000, CONNECT_TIMEOUT.toMillis()));
    config.setInitializationFailTimeout(1); // one attempt at open: fail fast with the driver's reason
    // The driver's own timeouts bound a connection attempt to a host that does not answer at all.
    config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    config.addDataSourceProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    // A server that stops answering (not one that is down: that fails at once) must not hold a write forever.
    config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    config.addDataSourceProperty("ApplicationName", "constellation-history");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new UnableToReachHistoryException("unable to connect to PostgreSQL at " + settings.redactedUrl()
          + " as " + settings.user() + ": " + Failures.reason(e) + " (check " + HistorySettings.URL_VARIABLE + ", "
          + HistorySettings.USER_VARIABLE + " and " + HistorySettings.PASSWORD_VARIABLE + ")", e);
    }
  }

  private static void migrate(HikariDataSource pool, HistorySettings settings) {
    try {
      Flyway.configure(HistoryDatabase.class.getClassLoader())
          .dataSource(pool)
          .locations(MIGRATIONS)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      if (Failures.unreachable(e)) {
        throw new UnableToReachHistoryException("lost PostgreSQL at " + settings.redactedUrl()
            + " while migrating the history schema: " + Failures.reason(e), e);
      }
      throw new UnableToMigrateHistoryException("unable to migrate the history schema at "
          + settings.redactedUrl() + ": " + Failures.reason(e), e);
    }
  }
}
