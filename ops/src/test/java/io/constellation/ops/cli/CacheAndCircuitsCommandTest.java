package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.testkit.RedisExtension;
import io.constellation.testkit.RedisService;
import io.constellation.worker.resilience.DistributedCircuitBreakers;
import io.constellation.worker.state.RedisState;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.client.codec.StringCodec;

/**
 * {@code cache} and {@code circuits} through {@link Main#run} against the JVM's shared real Redis: what they
 * print, what they change in Redis, hostile keys and prefixes, and exit 69 when Redis is unreachable. Every test
 * works under its own key prefix, so tests do not see each other's keys (only {@code clear --all} touches all).
 */
@ExtendWith(RedisExtension.class)
final class CacheAndCircuitsCommandTest {
  @TempDir static Path home;
  private static RedisState seed;
  private static String url;

  @BeforeAll
  static void connect(RedisService redis) {
    url = redis.url();
    seed = RedisState.connect(url, InstantSource.system());
  }

  @AfterAll
  static void disconnect() {
    if (seed != null) seed.close();
  }

  /** No REDIS_URL and no dev record: every command names Redis with --redis-url. */
  private static Map<String, String> env() {
    return Map.of("CONSTELLATION_HOME", home.toString());
  }

  private static CliRunner.Outcome cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--redis-url");
    all.add(url);
    return CliRunner.run(env(), all.toArray(String[]::new));
  }

  private static void put(String key, String value) {
    seed.client().getBucket(key, StringCodec.INSTANCE).set(value);
  }

  private static String value(String key) {
    return seed.client().<String>getBucket(key, StringCodec.INSTANCE).get();
  }

  private static String unique() {
    return "t-" + UUID.randomUUID() + ":";
  }

  @Test
  void keys_withPrefix_listsOnlyThatPrefix_textAndJson() {
    String p = unique();
    put(p + "a", "1");
    put(p + "b", "2");
    put("other-" + p, "3");

    CliRunner.Outcome text = cli("cache", "keys", "--prefix", p);
    CliRunner.Outcome json = cli("cache", "keys", "--prefix", p, "--json");

    assertThat(text.exitCode()).as(text.stderr()).isZero();
    assertThat(text.stdout().lines().toList()).containsExactlyInAnyOrder(p + "a", p + "b");
    assertThat(text.stderr()).contains("2 key(s)");
    assertThat(json.exitCode()).isZero();
    assertThat(json.json().get("count").asInt()).isEqualTo(2);
    assertThat(json.json().get("truncated").asBoolean()).isFalse();
    assertThat(json.json().get("keys")).extracting(JsonNode::asText).containsExactlyInAnyOrder(p + "a", p + "b");
  }

  @Test
  void keys_limit_truncatesAndSaysSo() {
    String p = unique();
    for (int i = 0; i < 5; i++) put(p + i, "v");

    CliRunner.Outcome json = cli("cache", "keys", "--prefix", p, "--limit", "3", "--json");
    CliRunner.Outcome text = cli("cache", "keys", "--prefix", p, "--limit", "3");

    assertThat(json.json().get("count").asInt()).isEqualTo(3);
    assertThat(json.json().get("truncated").asBoolean()).isTrue();
    assertThat(text.stdout().lines()).hasSize(3);
    assertThat(text.stderr()).contains("more exist");
  }

  @Test
  void keys_globCharactersInPrefix_matchLiterally() {
    String p = unique();
    put(p + "*x", "star");
    put(p + "ab", "plain");
    put(p + "[a]b", "bracket");
    put(p + "?b", "question");

    assertThat(cli("cache", "keys", "--prefix", p + "*", "--json").json().get("keys"))
        .extracting(JsonNode::asText).containsExactly(p + "*x");
    assertThat(cli("cache", "keys", "--prefix", p + "[a]", "--json").json().get("keys"))
        .extracting(JsonNode::asText).containsExactly(p + "[a]b");
    assertThat(cli("cache", "keys", "--prefix", p + "?", "--json").json().get("keys"))
        .extracting(JsonNode::asText).containsExactly(p + "?b");
  }

  @Test
  void hostileKeys_controlCharactersAreEscapedInText_exactInJson() {
    String p = unique();
    String evil = p + "line\nbreak\u001b[31mred\u202Eltr";
    put(evil, "v");

    CliRunner.Outcome text = cli("cache", "keys", "--prefix", p);
    CliRunner.Outcome json = cli("cache", "keys", "--prefix", p, "--json");
    CliRunner.Outcome got = cli("cache", "get", evil, "--json");

    assertThat(text.stdout().lines()).hasSize(1);
    assertThat(text.stdout()).doesNotContain("\u001b").doesNotContain("\u202E").contains("\\u000a").contains("\\u001b");
    assertThat(json.json().get("keys").get(0).asText()).isEqualTo(evil);
    assertThat(got.exitCode()).isZero();
    assertThat(got.json().get("value").asText()).isEqualTo("v");
  }

  @Test
  void get_existingKey_printsValue_missingKey_exit1() {
    String p = unique();
    String json = "{\"x\":1,\"note\":\"caf\u00e9\"}";
    put(p + "k", json);

    CliRunner.Outcome found = cli("cache", "get", p + "k");
    CliRunner.Outcome foundJson = cli("cache", "get", p + "k", "--json");
    CliRunner.Outcome missing = cli("cache", "get", p + "nope");
    CliRunner.Outcome missingJson = cli("cache", "get", p + "nope", "--json");

    assertThat(found.exitCode()).isZero();
    assertThat(found.stdout().strip()).isEqualTo(json);
    assertThat(foundJson.json().get("found").asBoolean()).isTrue();
    assertThat(foundJson.json().get("value").asText()).isEqualTo(json);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no key '" + p + "nope'");
    assertThat(missingJson.exitCode()).isEqualTo(1);
    assertThat(missingJson.json().get("found").asBoolean()).isFalse();
    assertThat(missingJson.json().get("value").isNull()).isTrue();
  }

  @Test
  void get_keyThatLooksLikeAnOption_afterDoubleDash() {
    put("--json", "dash");
    try {
      CliRunner.Outcome outcome = CliRunner.run(env(), "cache", "get", "--redis-url", url, "--", "--json");

      assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
      assertThat(outcome.stdout().strip()).isEqualTo("dash");
    } finally {
      seed.client().getKeys().delete("--json");
    }
  }

  @Test
  void delete_removesOnlyThatKey_secondDeleteExit1() {
    String p = unique();
    put(p + "a", "1");
    put(p + "ab", "2");

    CliRunner.Outcome first = cli("cache", "delete", p + "a", "--json");
    CliRunner.Outcome second = cli("cache", "delete", p + "a");

    assertThat(first.exitCode()).isZero();
    assertThat(first.json().get("deleted").asBoolean()).isTrue();
    assertThat(value(p + "a")).isNull();
    assertThat(value(p + "ab")).isEqualTo("2");
    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.stderr()).contains("nothing deleted");
  }

  @Test
  void clear_withPrefix_deletesThoseAndSaysHowMany() {
    String p = unique();
    for (int i = 0; i < 1_203; i++) put(p + i, "v"); // more than one SCAN/DEL chunk
    String keep = unique() + "keep";
    put(keep, "stays");

    CliRunner.Outcome text = cli("cache", "clear", "--prefix", p);

    assertThat(text.exitCode()).as(text.stderr()).isZero();
    assertThat(text.stdout()).contains("deleted 1203 key(s) starting with '" + p + "'");
    assertThat(cli("cache", "keys", "--prefix", p, "--json").json().get("count").asInt()).isZero();
    assertThat(value(keep)).isEqualTo("stays");
    CliRunner.Outcome again = cli("cache", "clear", "--prefix", p, "--json");
    assertThat(again.json().get("deleted").asLong()).isZero();
    assertThat(again.json().get("prefix").asText()).isEqualTo(p);
  }

  @Test
  void clear_withGlobPrefix_deletesOnlyLiteralMatches() {
    String p = unique();
    put(p + "*", "literal star");
    put(p + "anything", "must stay");

    CliRunner.Outcome outcome = cli("cache", "clear", "--prefix", p + "*", "--json");

    assertThat(outcome.json().get("deleted").asLong()).isEqualTo(1);
    assertThat(value(p + "anything")).isEqualTo("must stay");
  }

  @Test
  void clear_all_deletesEveryKey_andSaysHowMany(RedisService redis) {
    assumeFalse(redis.external(), "never wipe a Redis that is not the test's own");
    String p = unique();
    put(p + "1", "v");
    put(p + "2", "v");
    long before = seed.client().getKeys().count();

    CliRunner.Outcome outcome = cli("cache", "clear", "--all", "--json");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.json().get("all").asBoolean()).isTrue();
    assertThat(outcome.json().get("deleted").asLong()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(before);
    assertThat(value(p + "1")).isNull();
  }

  @Test
  void clear_withoutPrefixOrAll_exit64_andDeletesNothing() {
    String p = unique();
    put(p + "x", "v");

    CliRunner.Outcome outcome = cli("cache", "clear");

    assertThat(outcome.exitCode()).isEqualTo(64);
    assertThat(outcome.stderr()).contains("--all");
    assertThat(value(p + "x")).isEqualTo("v");
  }

  @Test
  void circuits_listShowsAnOpenCircuit_resetClosesIt() throws Exception {
    String module = "Flaky-" + UUID.randomUUID();
    try (DistributedCircuitBreakers node = DistributedCircuitBreakers.create(seed, InstantSource.system())) {
      for (int i = 0; i < 5; i++) node.onFailure(module); // default threshold 5
      Polling.until("circuit " + module + " open", Duration.ofSeconds(10), () -> !node.tryAcquirePermission(module));

      CliRunner.Outcome listed = cli("circuits", "list", "--json");
      CliRunner.Outcome table = cli("circuits", "list");

      assertThat(listed.exitCode()).as(listed.stderr()).isZero();
      JsonNode circuit = find(listed.json().get("circuits"), module);
      assertThat(circuit.get("state").asText()).isEqualTo("open");
      assertThat(circuit.get("failures").asLong()).isGreaterThanOrEqualTo(5);
      assertThat(circuit.get("openedAt").isTextual()).isTrue();
      assertThat(table.stdout()).contains("MODULE").contains(module).containsPattern(module + "\\s+open");

      CliRunner.Outcome reset = cli("circuits", "reset", module);

      assertThat(reset.exitCode()).as(reset.stderr()).isZero();
      assertThat(reset.stdout()).contains("circuit '" + module + "' reset");
      Polling.until("circuit closed on the other node", Duration.ofSeconds(10), () -> node.tryAcquirePermission(module));
      JsonNode after = find(cli("circuits", "list", "--json").json().get("circuits"), module);
      assertThat(after == null || after.get("state").asText().equals("closed")).isTrue();
    }
  }

  @Test
  void circuits_resetUnknownModule_exit1_hostileNameIsEscaped() {
    String name = "no-such-module-" + UUID.randomUUID() + "\u001b[2J";

    CliRunner.Outcome outcome = cli("circuits", "reset", name);
    CliRunner.Outcome json = cli("circuits", "reset", name, "--json");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("no circuit for module").doesNotContain("\u001b");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(json.json().get("reset").asBoolean()).isFalse();
    assertThat(json.json().get("module").asText()).isEqualTo(name);
  }

  @Test
  void unreachableRedis_exit69_namingTheAddressAndWhereItCameFrom() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String dead = "redis://127.0.0.1:" + closedPort;
    Map<String, String> envWithDead = new HashMap<>(env());
    envWithDead.put("REDIS_URL", dead);

    for (String[] args : List.of(
        new String[] {"cache", "keys", "--redis-url", dead},
        new String[] {"cache", "get", "k", "--redis-url", dead},
        new String[] {"cache", "delete", "k", "--redis-url", dead},
        new String[] {"cache", "clear", "--prefix", "p", "--redis-url", dead},
        new String[] {"circuits", "list", "--redis-url", dead},
        new String[] {"circuits", "reset", "M", "--redis-url", dead})) {
      CliRunner.Outcome outcome = CliRunner.run(env(), args);
      assertThat(outcome.exitCode()).as(String.join(" ", args) + ": " + outcome.stderr()).isEqualTo(69);
      assertThat(outcome.stderr()).contains("cannot reach Redis at " + dead + " (from --redis-url)")
          .doesNotContain("\tat ");
    }
    CliRunner.Outcome fromEnv = CliRunner.run(envWithDead, "cache", "keys");
    assertThat(fromEnv.exitCode()).isEqualTo(69);
    assertThat(fromEnv.stderr()).contains("(from REDIS_URL)");
  }

  @Test
  void redisAddress_precedence_flagThenEnvironmentThenDevThenDefault() throws IOException {
    Path devHome = java.nio.file.Files.createTempDirectory(home, "dev");
    Map<String, String> withDev = Map.of("CONSTELLATION_HOME", devHome.toString());
    new DevState("127.0.0.1:1", "constellation", ProcessHandle.current().pid(), List.of(), "redis://127.0.0.1:7001")
        .write(DevState.file(withDev));
    Map<String, String> withDevAndEnv = new HashMap<>(withDev);
    withDevAndEnv.put("REDIS_URL", "redis://env:7002");

    assertThat(RedisAddress.resolve("redis://flag:7003", withDevAndEnv).url()).isEqualTo("redis://flag:7003");
    assertThat(RedisAddress.resolve(null, withDevAndEnv).url()).isEqualTo("redis://env:7002");
    assertThat(RedisAddress.resolve(null, withDev).url()).isEqualTo("redis://127.0.0.1:7001");
    assertThat(RedisAddress.resolve(null, withDev).source()).contains("dev cluster");
    assertThat(RedisAddress.resolve(null, env()).url()).isEqualTo("redis://127.0.0.1:6379");

    new DevState("127.0.0.1:1", "constellation", Long.MAX_VALUE, List.of(), "redis://127.0.0.1:7001")
        .write(DevState.file(withDev));
    assertThat(RedisAddress.resolve(null, withDev).url()).as("dead dev cluster").isEqualTo("redis://127.0.0.1:6379");
    new DevState("127.0.0.1:1", "constellation", ProcessHandle.current().pid(), List.of())
        .write(DevState.file(withDev));
    assertThat(RedisAddress.resolve(null, withDev).url()).as("dev record without Redis").isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void devRecord_findsRedisWithoutFlags() throws IOException {
    Path devHome = java.nio.file.Files.createTempDirectory(home, "devfind");
    Map<String, String> withDev = Map.of("CONSTELLATION_HOME", devHome.toString());
    new DevState("127.0.0.1:1", "constellation", ProcessHandle.current().pid(), List.of(), url)
        .write(DevState.file(withDev));
    String p = unique();
    put(p + "k", "found via dev.json");

    CliRunner.Outcome outcome = CliRunner.run(withDev, "cache", "get", p + "k");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout().strip()).isEqualTo("found via dev.json");
  }

  private static JsonNode find(JsonNode circuits, String module) {
    for (JsonNode circuit : circuits) if (circuit.get("module").asText().equals(module)) return circuit;
    return null;
  }
}
