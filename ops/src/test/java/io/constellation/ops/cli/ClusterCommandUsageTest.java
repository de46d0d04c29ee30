package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Command lines the cluster commands refuse before touching a cluster: exit 64 and a message naming the problem. */
final class ClusterCommandUsageTest {
  @TempDir static Path dir;

  static Stream<Arguments> badCommandLines() throws IOException {
    Path cst = dir.resolve("p.cst");
    Files.writeString(cst, "in x: Int\nout x\n");
    Path jsonl = dir.resolve("in.jsonl");
    Files.writeString(jsonl, "{\"x\":1}\n");
    String p = cst.toString();
    String in = jsonl.toString();
    return Stream.of(
        Arguments.of(new String[] {"submit"}, "missing pipeline file"),
        Arguments.of(new String[] {"submit", p, "--priority", "101"}, "--priority expects a number from 0 to 100"),
        Arguments.of(new String[] {"submit", p, "--priority", "high"}, "--priority expects"),
        Arguments.of(new String[] {"submit", p, "--deadline", "soon"}, "--deadline expects a duration"),
        Arguments.of(new String[] {"submit", p, "--timeout", "0s"}, "--timeout must be positive"),
        Arguments.of(new String[] {"submit", p, "--encoding", "xml"}, "--encoding expects avro or json"),
        Arguments.of(new String[] {"submit", p, "--input", "novalue"}, "--input expects name=value"),
        Arguments.of(new String[] {"submit", p, "--bogus"}, "unknown option --bogus"),
        Arguments.of(new String[] {"submit", dir.resolve("missing.cst").toString()}, "pipeline file not found"),
        Arguments.of(new String[] {"submit", p, "--topic-prefix", "bad prefix!"}, "topic prefix must be"),
        Arguments.of(new String[] {"submit", p, "--node", " "}, "--node needs a node id"),
        Arguments.of(new String[] {"batch", p}, "batch needs --inputs"),
        Arguments.of(new String[] {"batch", p, "--inputs", dir.resolve("nope.jsonl").toString()},
            "inputs file not found"),
        Arguments.of(new String[] {"batch", p, "--inputs", in, "--max-in-flight", "0"}, "--max-in-flight expects"),
        Arguments.of(new String[] {"batch", p, "--inputs", in, "--out", in}, "--out must not be the inputs file"),
        Arguments.of(new String[] {"batch", p, "--inputs", in, "--out", dir.toString()}, "is a directory"),
        Arguments.of(new String[] {"batch", "--inputs", in}, "missing pipeline file"),
        Arguments.of(new String[] {"topics"}, "missing action"),
        Arguments.of(new String[] {"topics", "delete"}, "unknown topics action 'delete'"),
        Arguments.of(new String[] {"worker", "--max-concurrency", "0"}, "must be >= 1, was 0"),
        Arguments.of(new String[] {"worker", "--no-such-flag", "1"}, "--no-such-flag"),
        Arguments.of(new String[] {"worker", "--port", "70000"}, "70000"),
        Arguments.of(new String[] {"dev", "--workers", "0"}, "--workers expects a number from 1 to 16"),
        Arguments.of(new String[] {"dev", "--port", "x"}, "--port expects"),
        Arguments.of(new String[] {"dev", "extra"}, "unexpected argument extra"),
        Arguments.of(new String[] {"submit", p, "--cache-ttl", "0s"}, "--cache-ttl must be positive"),
        Arguments.of(new String[] {"submit", p, "--cache-ttl", "366d"}, "--cache-ttl must be at most 365d"),
        Arguments.of(new String[] {"submit", p, "--cache-ttl", "999999999999d"}, "--cache-ttl must be at most 365d"),
        Arguments.of(new String[] {"submit", p, "--cache-ttl", "soon"}, "--cache-ttl expects a duration"),
        Arguments.of(new String[] {"batch", p, "--inputs", in, "--cache-ttl", "-5s"}, "--cache-ttl expects a duration"),
        Arguments.of(new String[] {"cache"}, "cache needs a subcommand: keys, get, delete or clear"),
        Arguments.of(new String[] {"cache", "--json"}, "cache needs a subcommand"),
        Arguments.of(new String[] {"cache", "flush"}, "unknown cache subcommand 'flush'"),
        Arguments.of(new String[] {"cache", "fl\u001bush"}, "unknown cache subcommand"),
        Arguments.of(new String[] {"cache", "get"}, "cache get needs a KEY"),
        Arguments.of(new String[] {"cache", "get", "a", "b"}, "cache get takes one KEY"),
        Arguments.of(new String[] {"cache", "get", ""}, "KEY must not be empty"),
        Arguments.of(new String[] {"cache", "get", "k".repeat(70_000)}, "KEY must be at most 65536 characters, was 70000"),
        Arguments.of(new String[] {"cache", "get", "k", "--prefix", "p"}, "unknown option --prefix"),
        Arguments.of(new String[] {"cache", "delete"}, "cache delete needs a KEY"),
        Arguments.of(new String[] {"cache", "delete", "k".repeat(70_000)}, "KEY must be at most 65536"),
        Arguments.of(new String[] {"cache", "clear"}, "pass --all to confirm, or --prefix P"),
        Arguments.of(new String[] {"cache", "clear", "--json"}, "pass --all to confirm"),
        Arguments.of(new String[] {"cache", "clear", "--prefix", "a", "--all"}, "--prefix P or --all, not both"),
        Arguments.of(new String[] {"cache", "clear", "--prefix", ""}, "--prefix must not be empty"),
        Arguments.of(new String[] {"cache", "clear", "--prefix", "p".repeat(70_000)}, "--prefix must be at most 65536"),
        Arguments.of(new String[] {"cache", "clear", "--all=yes"}, "--all takes no value"),
        Arguments.of(new String[] {"cache", "clear", "extra", "--all"}, "unexpected argument 'extra'"),
        Arguments.of(new String[] {"cache", "keys", "--limit", "0"}, "--limit expects a number from 1 to 10000"),
        Arguments.of(new String[] {"cache", "keys", "--limit", "many"}, "--limit expects a number"),
        Arguments.of(new String[] {"cache", "keys", "--limit", "99999999999"}, "--limit expects a number"),
        Arguments.of(new String[] {"cache", "keys", "extra"}, "unexpected argument 'extra'"),
        Arguments.of(new String[] {"cache", "keys", "--prefix"}, "--prefix needs a value"),
        Arguments.of(new String[] {"cache", "keys", "--bogus"}, "unknown option --bogus"),
        Arguments.of(new String[] {"cache", "keys", "--redis-url", " "}, "--redis-url needs a URL"),
        Arguments.of(new String[] {"cache", "keys", "--redis-url", "http://h:1"}, "bad Redis URL from --redis-url"),
        Arguments.of(new String[] {"cache", "keys", "--redis-url", "redis://nohost"}, "bad Redis URL"),
        Arguments.of(new String[] {"cache", "keys", "--redis-url", "redis://h:1/x?y"}, "bad Redis URL"),
        Arguments.of(new String[] {"circuits"}, "circuits needs a subcommand: list or reset NAME"),
        Arguments.of(new String[] {"circuits", "open"}, "unknown circuits subcommand 'open'"),
        Arguments.of(new String[] {"circuits", "reset"}, "circuits reset needs a module NAME"),
        Arguments.of(new String[] {"circuits", "reset", "  "}, "NAME must not be blank"),
        Arguments.of(new String[] {"circuits", "reset", "m".repeat(300)}, "NAME must be at most 256 characters, was 300"),
        Arguments.of(new String[] {"circuits", "reset", "a", "b"}, "circuits reset takes one NAME"),
        Arguments.of(new String[] {"circuits", "list", "extra"}, "unexpected argument 'extra'"),
        Arguments.of(new String[] {"circuits", "list", "--all"}, "unknown option --all"));
  }

  @ParameterizedTest
  @MethodSource("badCommandLines")
  void badCommandLine_exit64_withAClearMessage(String[] args, String message) {
    CliRunner.Outcome outcome = CliRunner.run(Map.of("CONSTELLATION_HOME", dir.toString()), args);

    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(64);
    assertThat(outcome.stderr()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void worker_badEnvironmentVariable_exit64_namingIt() {
    CliRunner.Outcome outcome = CliRunner.run(Map.of("CONSTELLATION_HOME", dir.toString(),
        "CONSTELLATION_SCHEDULER_MAX_CONCURRENCY", "0"), "worker");

    assertThat(outcome.exitCode()).isEqualTo(64);
    assertThat(outcome.stderr()).contains("CONSTELLATION_SCHEDULER_MAX_CONCURRENCY must be >= 1, was 0");
  }

  @Test
  void worker_help_listsEverySetting_exit0() {
    CliRunner.Outcome outcome = CliRunner.run(Map.of(), "worker", "--help");

    assertThat(outcome.exitCode()).isEqualTo(0);
    assertThat(outcome.stdout()).contains("--max-concurrency").contains("CONSTELLATION_NODE_ID")
        .contains("--module-path");
  }

  @Test
  void help_listsTheClusterCommands() {
    assertThat(CliRunner.run("help").stdout()).contains("submit FILE.cst").contains("batch FILE.cst")
        .contains("topics create|describe").contains("worker").contains("dev [--workers N]")
        .contains("cache keys [--prefix P]").contains("circuits list | reset NAME").contains("--cache-ttl")
        .contains("--redis-url");
  }

  @Test
  void clusterAddress_precedence_flagThenEnvironmentThenDevThenDefault() throws IOException {
    Path home = Files.createTempDirectory(dir, "home");
    new DevState("127.0.0.1:19092", "devprefix", ProcessHandle.current().pid(), java.util.List.of(1))
        .write(DevState.file(Map.of("CONSTELLATION_HOME", home.toString())));
    Map<String, String> withDev = Map.of("CONSTELLATION_HOME", home.toString());

    assertThat(ClusterAddress.resolve("flag:1", null, withDev).bootstrapServers()).isEqualTo("flag:1");
    assertThat(ClusterAddress.resolve(null, null, Map.of("CONSTELLATION_HOME", home.toString(),
        "KAFKA_BOOTSTRAP_SERVERS", "env:2")).bootstrapServers()).isEqualTo("env:2");
    ClusterAddress dev = ClusterAddress.resolve(null, null, withDev);
    assertThat(dev.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(dev.topicPrefix()).isEqualTo("devprefix");
    assertThat(ClusterAddress.resolve(null, null, Map.of("CONSTELLATION_HOME", dir.resolve("empty").toString()))
        .bootstrapServers()).isEqualTo("localhost:9092");
  }

  @Test
  void clusterAddress_devRecordOfADeadProcessOrGarbage_isIgnored() throws IOException {
    Path home = Files.createTempDirectory(dir, "stale");
    Map<String, String> env = Map.of("CONSTELLATION_HOME", home.toString());
    new DevState("127.0.0.1:19092", "devprefix", Long.MAX_VALUE, java.util.List.of()).write(DevState.file(env));
    assertThat(ClusterAddress.resolve(null, null, env).bootstrapServers()).isEqualTo("localhost:9092");

    Files.writeString(DevState.file(env), "{not json at all");
    assertThat(ClusterAddress.resolve(null, null, env).bootstrapServers()).isEqualTo("localhost:9092");
  }
}
