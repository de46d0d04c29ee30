package io.constellation.submitter.replay;

import io.constellation.history.HistoryDatabase;
import io.constellation.history.HistorySettings;
import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/** A history database of one test class: a fresh schema in the JVM's shared PostgreSQL, dropped on close. */
final class HistorySchema implements AutoCloseable {
  private final String schema;
  private final HistoryDatabase database;

  private HistorySchema(String schema) {
    this.schema = schema;
    this.database = HistoryDatabase.open(settings());
  }

  static HistorySchema create(String name) {
    String schema = "r_" + name.toLowerCase(Locale.ROOT) + "_" + UUID.randomUUID().toString().substring(0, 8);
    sql("create schema " + schema);
    return new HistorySchema(schema);
  }

  HistoryDatabase db() {
    return database;
  }

  HistorySettings settings() {
    PostgresService postgres = TestInfrastructure.postgres();
    return new HistorySettings(postgres.jdbcUrl() + "?currentSchema=" + schema, postgres.user(), postgres.password(),
        2);
  }

  @Override
  public void close() {
    database.close();
    sql("drop schema if exists " + schema + " cascade");
  }

  private static void sql(String statement) {
    PostgresService postgres = TestInfrastructure.postgres();
    Properties props = new Properties();
    props.setProperty("user", postgres.user());
    props.setProperty("password", postgres.password());
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), props); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }
}
