package io.constellation.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.testkit.KafkaExtension;
import io.constellation.testkit.KafkaService;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against the JVM's shared real broker from testkit; every test uses its own topic prefix. */
@ExtendWith(KafkaExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TopicSetupTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaService kafka;
  private final Topics topics = new Topics("setup-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
  private Admin admin;

  TopicSetupTest(KafkaService kafka) {
    this.kafka = kafka;
  }

  @BeforeEach
  void openAdmin() {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  @AfterEach
  void closeAdmin() {
    admin.close(Duration.ofSeconds(5));
  }

  @Test
  void ensureTopics_missing_createsEveryTopicWithDefaultPartitions() {
    TopicSetup.ensureTopics(admin, topics, TIMEOUT);

    List<TopicInfo> described = TopicSetup.describe(admin, topics);
    assertThat(described).extracting(TopicInfo::name).containsExactlyElementsOf(topics.all());
    for (TopicInfo info : described) {
      assertThat(info.exists()).as(info.name()).isTrue();
      assertThat(info.partitionCount()).as(info.name()).isEqualTo(topics.defaultPartitions(info.name()));
      assertThat(info.healthy()).as(info.name()).isTrue();
      assertThat(info.totalEndOffset()).isZero();
    }
  }

  @Test
  void ensureTopics_thenIdempotentProduceToEveryPartition_delivers() throws Exception {
    // The KAFKA-15591 scenario: an idempotent producer right after topic creation.
    TopicSetup.ensureTopics(admin, topics, TIMEOUT);

    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      var sends = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int partition = 0; partition < 12; partition++) {
        byte[] value = new RequestCodec().encode(Samples.minimalRequest(), Encoding.AVRO);
        sends.add(producer.send(new ProducerRecord<>(topics.requests(), partition, null, value)));
      }
      for (var send : sends) send.get(45, TimeUnit.SECONDS);
    }

    TopicInfo requests = TopicSetup.describe(admin, topics).get(0);
    assertThat(requests.partitions()).allSatisfy(p -> assertThat(p.endOffset()).isEqualTo(1));
    assertThat(requests.totalEndOffset()).isEqualTo(12);
  }

  @Test
  void ensureTopics_someExist_leavesThemAndCreatesTheRest() throws Exception {
    admin.createTopics(List.of(new NewTopic(topics.results(), 2, (short) 1))).all().get(30, TimeUnit.SECONDS);

    TopicSetup.ensureTopics(admin, topics, TIMEOUT);
    TopicSetup.ensureTopics(admin, topics, TIMEOUT);

    Map<String, Integer> partitions = new java.util.HashMap<>();
    TopicSetup.describe(admin, topics).forEach(info -> partitions.put(info.name(), info.partitionCount()));
    assertThat(partitions).containsEntry(topics.results(), 2).containsEntry(topics.requests(), 12).containsEntry(topics.stats(), 3);
  }

  @Test
  void describe_missingTopics_reportsThemAbsent() {
    List<TopicInfo> described = TopicSetup.describe(admin, topics);

    assertThat(described).hasSize(5).allSatisfy(info -> {
      assertThat(info.exists()).isFalse();
      assertThat(info.partitions()).isEmpty();
      assertThat(info.healthy()).isFalse();
    });
  }

  @Test
  void ensureTopics_unreachableBroker_throwsWithinTimeout() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (Admin unreachable = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
      assertThatThrownBy(() -> TopicSetup.ensureTopics(unreachable, topics, Duration.ofSeconds(2)))
          .isInstanceOf(UnableToSetUpTopicsException.class)
          .hasMessageContaining(topics.requests());
    }
  }
}
