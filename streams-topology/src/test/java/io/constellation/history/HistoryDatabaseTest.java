package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.testkit.PostgresService;
import io.constellation.testkit.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opening the history: migrations on an empty schema, re-opening, unreachable servers. */
final class HistoryDatabaseTest {
  @RegisterExtension
  static final HistoryFixture history = new HistoryFixture();

  @Test
  void open_emptySchema_appliesTheMigrationAndCreatesEveryTable() throws SQLException {
    // the fixture opened the database on a schema it had just created empty
    assertThat(history.count("select count(*) from flyway_schema_history where success and version = '1'"))
        .isEqualTo(1);
    assertThat(history.count("select count(*) from information_schema.tables where table_schema = '"
        + history.schema() + "' and table_name in ('executions', 'node_results', 'pipelines', 'replays')"))
        .isEqualTo(4);
  }

  @Test
  void open_alreadyMigrated_changesNothingAndKeepsRows() throws SQLException {
    history.db().traces().write(List.of(Results.full("kept")));

    try (HistoryDatabase again = HistoryDatabase.open(history.settings())) {
      assertThat(again.executions().get("kept")).isPresent();
    }
    try (HistoryDatabase third = HistoryDatabase.open(history.settings())) {
      assertThat(third.traces().write(List.of(Results.full("kept")))).isZero();
    }

    assertThat(history.count("select count(*) from flyway_schema_history")).isEqualTo(1);
    assertThat(history.count("select count(*) from executions")).isEqualTo(1);
  }

  @Test
  void open_nobodyListening_failsFastNamingTheAddressWithoutThePassword() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/postgres?password=hunter2&sslmode=disable";
    HistorySettings settings = new HistorySettings(url, "postgres", "hunter2", 2);

    assertThatThrownBy(() -> HistoryDatabase.open(settings))
        .isInstanceOf(UnableToReachHistoryException.class)
        .hasMessageContaining("unable to connect to PostgreSQL at jdbc:postgresql://127.0.0.1:")
        .hasMessageContaining("password=***")
        .hasMessageContaining("POSTGRES_URL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void open_unknownDatabase_isUnreachableWithTheServersReason() {
    PostgresService postgres = TestInfrastructure.postgres();
    String url = postgres.jdbcUrl().replace("/postgres", "/no_such_database");

    assertThatThrownBy(() -> HistoryDatabase.open(new HistorySettings(url, postgres.user(), postgres.password(), 1)))
        .isInstanceOf(UnableToReachHistoryException.class)
        .hasMessageContaining("no_such_database");
  }

  @Test
  void close_twice_isANoOp() {
    HistoryDatabase db = HistoryDatabase.open(history.settings());
    db.close();
    db.close();

    assertThatThrownBy(() -> db.executions().get("x")).isInstanceOf(UnableToQueryHistoryException.class);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
