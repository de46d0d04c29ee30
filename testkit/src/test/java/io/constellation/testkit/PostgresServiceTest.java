package io.constellation.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The shared PostgreSQL of the test JVM over plain JDBC. */
@ExtendWith(PostgresExtension.class)
final class PostgresServiceTest {

  @Test
  void postgres_selectOne_returnsOne(PostgresService postgres) throws SQLException {
    try (Connection c = connect(postgres); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("select 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void postgres_stopThenStart_keepsTablesAndRows(PostgresService postgres) throws SQLException {
    assumeFalse(postgres.external(), "an external server cannot be restarted");
    String table = "restart_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = connect(postgres); Statement s = c.createStatement()) {
      s.execute("create table " + table + " (id int primary key, name text)");
      s.execute("insert into " + table + " values (1, 'survives')");
    }
    String url = postgres.jdbcUrl();

    postgres.stop();
    assertThat(postgres.running()).isFalse();
    assertThatThrownBy(() -> connect(postgres).close()).isInstanceOf(SQLException.class);
    postgres.start();

    assertThat(postgres.jdbcUrl()).isEqualTo(url);
    try (Connection c = connect(postgres); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("select name from " + table + " where id = 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("survives");
    }
  }

  @Test
  void postgres_hostileSql_isAnErrorAndTheServerStaysUp(PostgresService postgres) throws SQLException {
    try (Connection c = connect(postgres); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("select * from no_such_table; drop database postgres"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no_such_table");
    }
    try (Connection c = connect(postgres); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("select 1")) {
      assertThat(rows.next()).isTrue();
    }
  }

  @Test
  void embeddedPostgres_persistentAt_closeKeepsTheData_andTheNextServerFindsIt(@TempDir Path dir) throws SQLException {
    try (EmbeddedPostgres first = EmbeddedPostgres.persistentAt(dir, 0).start();
        Connection c = connect(first); Statement s = c.createStatement()) {
      s.execute("create table kept (id int primary key)");
      s.execute("insert into kept values (7)");
    }
    assertThat(dir).isDirectory();

    try (EmbeddedPostgres second = EmbeddedPostgres.persistentAt(dir, 0).start();
        Connection c = connect(second); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("select id from kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(7);
    }
  }

  @Test
  void embeddedPostgres_notStarted_refusesToNameAnAddress() {
    EmbeddedPostgres postgres = EmbeddedPostgres.onFreePort();
    try {
      assertThatThrownBy(postgres::jdbcUrl)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("call start() first");
    } finally {
      postgres.close();
    }
  }

  @Test
  void readiness_runningServer_passesAndAClosedPort_timesOutNamingTheUrl(PostgresService postgres) {
    PostgresReadiness.await(postgres.jdbcUrl(), postgres.user(), postgres.password(), Duration.ofSeconds(30));
    String nowhere = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/postgres";

    assertThatThrownBy(() -> PostgresReadiness.await(nowhere, "postgres", "", Duration.ofMillis(300)))
        .isInstanceOf(TestkitException.class)
        .hasMessageContaining("waiting for PostgreSQL at " + nowhere + " to answer select 1");
  }

  static Connection connect(PostgresService postgres) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", postgres.user());
    props.setProperty("password", postgres.password());
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(postgres.jdbcUrl(), props);
  }
}
