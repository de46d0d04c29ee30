package io.constellation.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers of their own (not the shared one): bad settings, a taken port, a foreign data directory, and the
 * local cluster's persistent data directory across a restart of the command.
 */
final class EmbeddedKafkaTest {

  @Test
  void builder_badSettings_areRejectedNamingTheSetting() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().port(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port must be between 0 and 65535, was -1");
    assertThatThrownBy(() -> EmbeddedKafka.builder().controllerPort(65_536))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("controllerPort");
    assertThatThrownBy(() -> EmbeddedKafka.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("startTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> EmbeddedKafka.builder().brokerProperty(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key must not be blank");
    assertThatThrownBy(() -> LocalCluster.Options.defaults().withPort(100_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }

  @Test
  void embeddedKafka_invalidBrokerProperty_failsNamingItAndCleansUp() {
    EmbeddedKafka kafka = EmbeddedKafka.builder().brokerProperty("num.partitions", "-5").build();
    Path dir = kafka.dataDir();
    try {
      assertThatThrownBy(kafka::start)
          .isInstanceOf(TestkitException.class)
          .hasMessageContaining("invalid broker setting")
          .hasMessageContaining("num.partitions")
          .hasCauseInstanceOf(ConfigException.class);
      assertThatThrownBy(kafka::bootstrapServers).isInstanceOf(IllegalStateException.class);
    } finally {
      kafka.close();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void embeddedKafka_portTakenByAnotherProcess_failsNamingThePort() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EmbeddedKafka kafka = EmbeddedKafka.builder().port(squatter.getLocalPort()).build();
      try {
        assertThatThrownBy(kafka::start)
            .isInstanceOf(TestkitException.class)
            .hasMessageContaining("127.0.0.1:" + squatter.getLocalPort() + " is already in use");
        assertThat(kafka.running()).isFalse();
      } finally {
        kafka.close();
      }
    }
  }

  @Test
  void embeddedKafka_dataDirWithCorruptMetaProperties_isRefused(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/meta.properties"), "version=1\nnode.id=1\n\u0000\u0001garbage");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).build()) {
      assertThatThrownBy(kafka::start)
          .isInstanceOf(TestkitException.class)
          .hasMessageContaining("has no cluster.id");
    }
    assertThat(dir.resolve("data/meta.properties")).exists(); // the caller's directory is never deleted
  }

  @Test
  void localCluster_persistentDataDir_keepsClusterIdAndTopicsAcrossRestarts(@TempDir Path dir) throws Exception {
    LocalCluster.Options options = LocalCluster.Options.defaults().withPort(Ports.free()).withDataDir(dir.resolve("kafka"));
    String clusterId;
    String topic;
    try (LocalCluster cluster = LocalCluster.start(options)) {
      clusterId = cluster.clusterId();
      topic = KafkaServiceTest.createTopic(cluster.kafka(), 2);
      assertThat(cluster.persistent()).isTrue();
      assertThat(cluster.bootstrapServers()).isEqualTo("127.0.0.1:" + options.port());
    }
    assertThat(dir.resolve("kafka/data/meta.properties")).exists();

    try (LocalCluster again = LocalCluster.start(options);
        Admin admin = KafkaServiceTest.admin(again.kafka())) {
      assertThat(again.clusterId()).isEqualTo(clusterId);
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
    }
  }

  @Test
  void localCluster_givenPortInUse_failsClearlyAndLeavesNoTemporaryDirectory() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LocalCluster.Options options = LocalCluster.Options.defaults().withPort(squatter.getLocalPort());

      assertThatThrownBy(() -> LocalCluster.start(options))
          .isInstanceOf(TestkitException.class)
          .hasMessageContaining("port 127.0.0.1:" + squatter.getLocalPort() + " is already in use");
    }
  }

  @Test
  void localCluster_dataDirThatIsAFile_failsClearly(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    LocalCluster.Options options = LocalCluster.Options.defaults().withPort(Ports.free()).withDataDir(file);

    assertThatThrownBy(() -> LocalCluster.start(options))
        .isInstanceOf(TestkitException.class)
        .hasMessageContaining("cannot use " + file + " as the Kafka data directory");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void localCluster_dataDirHoldingSomethingElse_isRefusedAndKept(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/meta.properties"), "not=kafka\n");
    LocalCluster.Options options = LocalCluster.Options.defaults().withPort(Ports.free()).withDataDir(dir);

    assertThatThrownBy(() -> LocalCluster.start(options))
        .isInstanceOf(TestkitException.class)
        .hasMessageContaining("has no cluster.id");
    assertThat(dir.resolve("data/meta.properties")).exists();
  }

  @Test
  void localCluster_options_defaultsAreTemporaryOnAFreeOrWellKnownPort() {
    LocalCluster.Options defaults = LocalCluster.Options.defaults();

    assertThat(defaults.port()).isZero();
    assertThat(defaults.dataDir()).isEqualTo(Optional.empty());
    assertThat(LocalCluster.DEFAULT_PORT).isEqualTo(9092);
  }
}
