package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class StreamsSettingsTest {
  private static final Map<String, String> MINIMAL = Map.of("POSTGRES_URL", "jdbc:postgresql://db:5432/history");

  @Test
  void fromEnv_onlyPostgres_defaults() {
    StreamsSettings s = StreamsSettings.fromEnv(MINIMAL);
    assertThat(s.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(s.topics().prefix()).isEqualTo("constellation");
    assertThat(s.applicationId()).isEqualTo("constellation-streams");
    assertThat(s.stateDir()).isEqualTo(StreamsSettings.defaultStateDir());
    assertThat(s.commitInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.replicationFactor()).isEqualTo(-1);
    assertThat(s.historyOutageLimit()).isEqualTo(Duration.ofMinutes(4));
    assertThat(s.blockingTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.history().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/history");
  }

  @Test
  void fromEnv_everything_read() {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9093");
    env.put("CONSTELLATION_TOPIC_PREFIX", "acme");
    env.put("CONSTELLATION_STREAMS_STATE_DIR", "/var/lib/streams");
    env.put("CONSTELLATION_STREAMS_COMMIT_INTERVAL", "1s");
    env.put("CONSTELLATION_STREAMS_REPLICATION_FACTOR", "3");
    env.put("CONSTELLATION_STREAMS_THREADS", "2");
    env.put("CONSTELLATION_STREAMS_SINK_BATCH", "500");
    env.put("CONSTELLATION_STREAMS_HISTORY_OUTAGE_LIMIT", "90s");
    env.put("CONSTELLATION_STREAMS_STATS_RETENTION", "6h");
    StreamsSettings s = StreamsSettings.fromEnv(env);
    assertThat(s.applicationId()).isEqualTo("acme-streams");
    assertThat(s.bootstrapServers()).isEqualTo("k1:9092,k2:9093");
    assertThat(s.stateDir().toString()).isEqualTo("/var/lib/streams");
    assertThat(s.commitInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.replicationFactor()).isEqualTo(3);
    assertThat(s.threads()).isEqualTo(2);
    assertThat(s.sinkBatchSize()).isEqualTo(500);
    assertThat(s.historyOutageLimit()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.statsRetention()).isEqualTo(Duration.ofHours(6));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CONSTELLATION_STREAMS_THREADS|0|CONSTELLATION_STREAMS_THREADS must be 1..64, was '0'",
      "CONSTELLATION_STREAMS_COMMIT_INTERVAL|soon|CONSTELLATION_STREAMS_COMMIT_INTERVAL must be a duration",
      "CONSTELLATION_STREAMS_HISTORY_OUTAGE_LIMIT|1h|must be between 1s and 10min, was '1h'",
      "CONSTELLATION_STREAMS_REPLICATION_FACTOR|0|must be -1 (broker default) or a whole number >= 1",
      "CONSTELLATION_TOPIC_PREFIX|a b|CONSTELLATION_TOPIC_PREFIX must be 1 to 200 of [a-zA-Z0-9._-]",
      "CONSTELLATION_STREAMS_APPLICATION_ID|x/y|CONSTELLATION_STREAMS_APPLICATION_ID must be 1 to 150",
      "KAFKA_BOOTSTRAP_SERVERS|localhost|KAFKA_BOOTSTRAP_SERVERS must be host:port"})
  void fromEnv_badValue_namesTheVariableAndValue(String variable, String value, String message) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put(variable, value);
    assertThatThrownBy(() -> StreamsSettings.fromEnv(env)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void fromEnv_noPostgresUrl_namesIt() {
    assertThatThrownBy(() -> StreamsSettings.fromEnv(Map.of())).hasMessageContaining("POSTGRES_URL is required");
  }
}
