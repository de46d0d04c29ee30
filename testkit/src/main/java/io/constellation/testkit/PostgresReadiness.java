package io.constellation.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/** Waits until a PostgreSQL server answers {@code select 1} over JDBC. */
final class PostgresReadiness {

  private PostgresReadiness() {}

  static void await(String jdbcUrl, String user, String password, Duration timeout) {
    Poll.until("PostgreSQL at " + jdbcUrl + " to answer select 1", timeout, Duration.ofMillis(100), () -> {
      Properties props = new Properties();
      props.setProperty("user", user);
      props.setProperty("password", password);
      props.setProperty("connectTimeout", "2"); // seconds; per connection, not DriverManager's global timeout
      props.setProperty("loginTimeout", "2");
      try (Connection connection = DriverManager.getConnection(jdbcUrl, props);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select 1")) {
        return Optional.of(rows.next() && rows.getInt(1) == 1).filter(Boolean::booleanValue);
      }
    });
  }
}
