package io.constellation.history;

import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A history database of its own for one test class: a fresh schema in the JVM's shared PostgreSQL, migrated once,
 * emptied before each test, dropped after the class.
 *
 * <pre>{@code
 * @RegisterExtension static final HistoryFixture history = new HistoryFixture();
 * ... history.db().traces().write(...)
 * }</pre>
 */
final class HistoryFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  /** The instant the fixture's clock reports: "the time of writing" in these tests. */
  static final Instant NOW = Instant.parse("2025-02-01T00:00:00Z");

  private String schema;
  private HistoryDatabase db;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    schema = "h_" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT) + "_"
        + UUID.randomUUID().toString().substring(0, 8);
    sql("create schema " + schema);
    db = HistoryDatabase.open(settings(), InstantSource.fixed(NOW));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    PostgresService postgres = TestInfrastructure.postgres();
    if (!postgres.external() && !postgres.running()) postgres.start();
    sql("truncate " + schema + ".executions, " + schema + ".node_results, " + schema + ".pipelines, " + schema
        + ".replays");
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (db != null) db.close();
    sql("drop schema if exists " + schema + " cascade");
  }

  HistoryDatabase db() {
    return db;
  }

  String schema() {
    return schema;
  }

  /** Settings of this fixture's schema. */
  HistorySettings settings() {
    PostgresService postgres = TestInfrastructure.postgres();
    return new HistorySettings(postgres.jdbcUrl() + "?currentSchema=" + schema, postgres.user(), postgres.password(),
        4);
  }

  /** Runs SQL over a plain connection (search path: this schema). */
  void sql(String statement) throws SQLException {
    query(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(statement);
        return null;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A single long from a query, e.g. {@code select count(*) from executions}. */
  long count(String select) throws SQLException {
    return query(c -> {
      try (Statement s = c.createStatement(); var rows = s.executeQuery(select)) {
        rows.next();
        return rows.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A single string from a query. */
  String text(String select) throws SQLException {
    return query(c -> {
      try (Statement s = c.createStatement(); var rows = s.executeQuery(select)) {
        rows.next();
        return rows.getString(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private <T> T query(Function<Connection, T> body) throws SQLException {
    PostgresService postgres = TestInfrastructure.postgres();
    Properties props = new Properties();
    props.setProperty("user", postgres.user());
    props.setProperty("password", postgres.password());
    String url = postgres.jdbcUrl() + (schema == null ? "" : "?currentSchema=" + schema);
    try (Connection c = DriverManager.getConnection(url, props)) {
      return body.apply(c);
    }
  }
}
