package io.constellation.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Environment overrides: what is accepted, what is refused, and that nothing is started for them. */
final class InfrastructureTest {

  @Test
  void environment_allThreeOverrides_giveExternalServicesThatRefuseStopAndStart() {
    Infrastructure infra = new Infrastructure(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "broker-a:9092,broker-b:9093",
        "REDIS_URL", "redis://cache:6380",
        "POSTGRES_URL", "jdbc:postgresql://db:5433/app",
        "POSTGRES_USER", "app",
        "POSTGRES_PASSWORD", "s3cret"));

    assertThat(infra.kafka().external()).isTrue();
    assertThat(infra.kafka().bootstrapServers()).isEqualTo("broker-a:9092,broker-b:9093");
    assertThat(infra.redis().url()).isEqualTo("redis://cache:6380");
    assertThat(infra.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/app");
    assertThat(infra.postgres().user()).isEqualTo("app");
    assertThat(infra.postgres().password()).isEqualTo("s3cret");
    assertThat(infra.postgres().toString()).doesNotContain("s3cret");
    assertThat(infra.kafka()).isSameAs(infra.kafka());
    assertThatThrownBy(() -> infra.kafka().stop())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS=broker-a:9092,broker-b:9093")
        .hasMessageContaining("Unset KAFKA_BOOTSTRAP_SERVERS to run fault tests");
    assertThatThrownBy(() -> infra.kafka().start()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> infra.redis().stop()).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("REDIS_URL");
    assertThatThrownBy(() -> infra.postgres().start()).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("POSTGRES_URL");
    infra.close(); // nothing of ours to stop
    infra.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"   ", ""})
  void environment_blankValues_countAsUnset(String blank) {
    EnvironmentSettings settings = new EnvironmentSettings(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", blank, "REDIS_URL", blank, "POSTGRES_URL", blank));

    assertThat(settings.kafkaBootstrapServers()).isEmpty();
    assertThat(settings.redisUrl()).isEmpty();
    assertThat(settings.postgresUrl()).isEmpty();
    assertThat(settings.postgresUser()).isEqualTo("postgres");
    assertThat(settings.dockerAllowed()).isTrue();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "KAFKA_BOOTSTRAP_SERVERS | localhost               | expected host:port",
      "KAFKA_BOOTSTRAP_SERVERS | localhost:              | expected host:port",
      "KAFKA_BOOTSTRAP_SERVERS | :9092                   | expected host:port",
      "KAFKA_BOOTSTRAP_SERVERS | a:9092,,b:9093          | expected host:port",
      "KAFKA_BOOTSTRAP_SERVERS | localhost:ninety        | port 'ninety' is not a number",
      "KAFKA_BOOTSTRAP_SERVERS | localhost:70000         | port 70000 is outside 1..65535",
      "KAFKA_BOOTSTRAP_SERVERS | localhost:0             | port 0 is outside 1..65535",
      "REDIS_URL               | localhost:6379          | the scheme must be redis:// or rediss://",
      "REDIS_URL               | http://cache:6379       | the scheme must be redis:// or rediss://",
      "REDIS_URL               | redis://                | expected redis://host:port",
      "REDIS_URL               | 'redis://ca che:1'      | not a URI",
      "POSTGRES_URL            | postgres://db:5432/x    | expected jdbc:postgresql://host:port/database",
      "POSTGRES_URL            | jdbc:postgresql://      | expected jdbc:postgresql://host:port/database",
      "POSTGRES_URL            | jdbc:mysql://db:3306/x  | expected jdbc:postgresql://host:port/database",
      "CONSTELLATION_TESTKIT_DOCKER | maybe              | expected auto or off",
  })
  void environment_malformedValue_failsNamingVariableAndValue(String variable, String value, String why) {
    Infrastructure infra = new Infrastructure(Map.of(variable, value));

    assertThatThrownBy(() -> resolve(infra, variable))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable + " is invalid: ")
        .hasMessageContaining(why)
        .hasMessageContaining("was '" + value + "'");
  }

  @Test
  void environment_controlCharacters_areRefusedAndEscapedInTheMessage() {
    Infrastructure infra = new Infrastructure(Map.of("KAFKA_BOOTSTRAP_SERVERS", "evil:9092\n[ERROR] forged log line"));

    assertThatThrownBy(infra::kafka)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character at index 9")
        .hasMessageContaining("evil:9092\\u000a[ERROR]")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void environment_oversizedValue_isRefusedWithoutEchoingIt() {
    String huge = "a".repeat(100_000) + ":9092";
    Infrastructure infra = new Infrastructure(Map.of("KAFKA_BOOTSTRAP_SERVERS", huge, "POSTGRES_PASSWORD", huge));

    assertThatThrownBy(infra::kafka)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS is longer than 2048 characters")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    assertThatThrownBy(() -> new EnvironmentSettings(Map.of("POSTGRES_PASSWORD", huge)).postgresPassword())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("aaaa");
  }

  @Test
  void environment_dockerOff_isHonoured() {
    assertThat(new EnvironmentSettings(Map.of("CONSTELLATION_TESTKIT_DOCKER", "OFF")).dockerAllowed()).isFalse();
    assertThat(new EnvironmentSettings(Map.of("CONSTELLATION_TESTKIT_DOCKER", "auto")).dockerAllowed()).isTrue();
  }

  @Test
  void dockerDetection_noSignOfDocker_answersFalseWithoutAskingTestcontainers() {
    assumeFalse(Files.exists(Path.of("/var/run/docker.sock")), "this machine has a Docker socket");
    assumeFalse(Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties")));
    assumeFalse(Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock")));
    DockerDetection detection = new DockerDetection(Map.of());

    assertThat(detection.available()).isFalse();
    assertThat(detection.available()).isFalse();
  }

  @Test
  void infrastructure_closed_refusesToStartAnything() {
    Infrastructure infra = new Infrastructure(Map.of("CONSTELLATION_TESTKIT_DOCKER", "off"));
    infra.close();

    assertThatThrownBy(infra::redis)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shut down");
  }

  @Test
  void infrastructure_embeddedRedis_isStartedOnceAndStoppedByClose() throws Exception {
    Infrastructure infra = new Infrastructure(Map.of("CONSTELLATION_TESTKIT_DOCKER", "off"));
    RedisService redis = infra.redis();

    assertThat(redis.external()).isFalse();
    assertThat(infra.redis()).isSameAs(redis);
    assertThat(RedisServiceTest.command(redis, "PING")).isEqualTo("+PONG");
    infra.close();
    assertThat(redis.running()).isFalse();
  }

  private static Object resolve(Infrastructure infra, String variable) {
    return switch (variable) {
      case "KAFKA_BOOTSTRAP_SERVERS" -> infra.kafka();
      case "REDIS_URL" -> infra.redis();
      case "POSTGRES_URL" -> infra.postgres();
      default -> new EnvironmentSettings(Map.of(variable, "maybe")).dockerAllowed();
    };
  }
}
