package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines of history, status, replay and dlq that are refused before anything is contacted (exit 64, a
 * message naming the option), and PostgreSQL that does not answer (exit 69).
 */
final class HistoryCommandUsageTest {
  @TempDir Path home;

  private CliRunner.Outcome cli(String... args) {
    return CliRunner.run(Map.of("CONSTELLATION_HOME", home.toString()), args);
  }

  static List<Arguments> malformed() {
    return List.of(
        Arguments.of(List.of("history", "--since", "yesterday"), "--since expects a duration back from now"),
        Arguments.of(List.of("history", "--since", "99999999999d"), "since must be between"),
        Arguments.of(List.of("history", "--until", "2026-13-45"), "--until expects"),
        Arguments.of(List.of("history", "--until", "2026-11-29T25:00:00Z"), "--until expects"),
        Arguments.of(List.of("history", "--since", "-2h"), "--since expects"),
        Arguments.of(List.of("history", "--since", "2h", "--until", "2020-01-01"), "since must not be after until"),
        Arguments.of(List.of("history", "--limit", "-1"), "--limit expects a number from 1 to 10000"),
        Arguments.of(List.of("history", "--limit", "0"), "--limit expects"),
        Arguments.of(List.of("history", "--limit", "10001"), "--limit expects"),
        Arguments.of(List.of("history", "--limit", "99999999999999999999"), "--limit expects"),
        Arguments.of(List.of("history", "--limit", "1e3"), "--limit expects"),
        Arguments.of(List.of("history", "--offset", "-5"), "--offset expects"),
        Arguments.of(List.of("history", "--status", "bogus"), "status must be one of"),
        Arguments.of(List.of("history", "--status", "failed,"), "--status expects"),
        Arguments.of(List.of("history", "--status", "'; drop table executions; --"), "status must be one of"),
        Arguments.of(List.of("history", "--pipeline", "p".repeat(300)), "pipeline must be at most 256"),
        Arguments.of(List.of("history", "--node", "a\u0007b"), "must not contain control characters"),
        Arguments.of(List.of("history", "--pipeline", ""), "--pipeline needs a value"),
        Arguments.of(List.of("history", "--limit"), "--limit needs a value"),
        Arguments.of(List.of("history", "extra"), "unexpected argument 'extra'"),
        Arguments.of(List.of("history", "--postgres-url", "mysql://db:3306/x"), "must look like jdbc:postgresql://"),
        Arguments.of(List.of("history", "prune"), "needs --older-than"),
        Arguments.of(List.of("history", "prune", "--older-than", "0d"), "--older-than must be positive"),
        Arguments.of(List.of("history", "prune", "--older-than", "soon"), "--older-than expects a duration"),
        Arguments.of(List.of("status"), "missing execution id"),
        Arguments.of(List.of("status", "a", "b"), "unexpected argument b"),
        Arguments.of(List.of("status", "x".repeat(300)), "at most 256"),
        Arguments.of(List.of("replay", "--limit", "0"), "--limit expects"),
        Arguments.of(List.of("replay", "--status", "broken"), "status must be one of"),
        Arguments.of(List.of("replay", "--id", " "), "--id needs a value"),
        Arguments.of(List.of("replay", "--bogus"), "unknown option --bogus"),
        Arguments.of(List.of("replay", "--topic-prefix", "bad prefix!"), "topic prefix must be"),
        Arguments.of(List.of("dlq"), "dlq needs a subcommand"),
        Arguments.of(List.of("dlq", "purge"), "unknown dlq subcommand 'purge'"),
        Arguments.of(List.of("dlq", "list", "--limit", "-3"), "--limit expects"),
        Arguments.of(List.of("dlq", "replay", "--limit", "abc"), "--limit expects"),
        Arguments.of(List.of("dlq", "replay", "--all"), "unknown option --all"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedCommandLine_exit64_namingTheProblem(List<String> args, String message) {
    CliRunner.Outcome outcome = cli(args.toArray(String[]::new));

    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(64);
    assertThat(outcome.stderr()).contains(message).doesNotContain("Exception");
    assertThat(outcome.stdout()).isEmpty();
  }

  @Test
  void hostileText_inAUsageMessage_isEscaped() {
    CliRunner.Outcome outcome = cli("history", "--since", "\u001b[31mred");

    assertThat(outcome.exitCode()).isEqualTo(64);
    assertThat(outcome.stderr()).contains("\\u001b[31mred").doesNotContain("\u001b");
  }

  @Test
  void postgresNotAnswering_exit69_namingTheAddressAndTheFix() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";

    for (List<String> command : List.of(List.of("history"), List.of("status", "some-id"),
        List.of("history", "prune", "--older-than", "30d"), List.of("replay", "--dry-run"))) {
      List<String> args = new java.util.ArrayList<>(command);
      args.addAll(List.of("--postgres-url", url));
      CliRunner.Outcome outcome = cli(args.toArray(String[]::new));

      assertThat(outcome.exitCode()).as(command + ": " + outcome.stderr()).isEqualTo(69);
      assertThat(outcome.stderr()).contains("execution history unreachable").contains("127.0.0.1:" + port)
          .contains("--postgres-url");
    }
  }

  @Test
  void postgresAddress_precedence_flagThenEnvironmentThenDevThenDefault() throws IOException {
    Map<String, String> withDev = Map.of("CONSTELLATION_HOME", home.toString());
    new DevState("127.0.0.1:1", "constellation", ProcessHandle.current().pid(), List.of(), null,
        "jdbc:postgresql://127.0.0.1:7/dev", null).write(DevState.file(withDev));

    assertThat(PostgresAddress.resolve("postgresql://flag:1/db", withDev).settings().jdbcUrl())
        .isEqualTo("jdbc:postgresql://flag:1/db");
    assertThat(PostgresAddress.resolve(null, Map.of("CONSTELLATION_HOME", home.toString(),
        "POSTGRES_URL", "jdbc:postgresql://env:2/db", "POSTGRES_USER", "me")).settings())
        .satisfies(s -> {
          assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://env:2/db");
          assertThat(s.user()).isEqualTo("me");
        });
    PostgresAddress dev = PostgresAddress.resolve(null, withDev);
    assertThat(dev.settings().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:7/dev", null);
    assertThat(dev.source()).contains("dev cluster");
    assertThat(PostgresAddress.resolve(null, Map.of("CONSTELLATION_HOME", home.resolve("none").toString()))
        .settings().jdbcUrl()).isEqualTo(PostgresAddress.DEFAULT_URL);
  }

  @Test
  void devState_recordFromBeforePostgres_isStillRead_andPostgresUrlRoundTrips() throws IOException {
    Path old = home.resolve("old-dev.json");
    Files.writeString(old, "{\"bootstrapServers\":\"127.0.0.1:9092\",\"topicPrefix\":\"p\",\"pid\":1,"
        + "\"adminPorts\":[1],\"redisUrl\":\"redis://127.0.0.1:6379\"}", StandardCharsets.UTF_8);
    Path current = home.resolve("dev.json");
    new DevState("127.0.0.1:9092", "p", 1, List.of(1), "redis://127.0.0.1:6379",
        "jdbc:postgresql://127.0.0.1:5433/postgres", null).write(current);

    assertThat(DevState.read(old)).hasValueSatisfying(state -> {
      assertThat(state.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
      assertThat(state.postgresUrl()).isNull();
      assertThat(state.postgres()).isEmpty();
    });
    assertThat(DevState.read(current)).hasValueSatisfying(state ->
        assertThat(state.postgresUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/postgres", null));
  }

  @Test
  void help_listsTheHistoryCommands() {
    assertThat(CliRunner.run("help").stdout()).contains("history [--status S]").contains("history prune --older-than")
        .contains("status ID [--json]").contains("replay [--status failed]").contains("dlq list")
        .contains("--postgres-url");
  }
}
