package io.constellation.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared Kafka of the test JVM: records flow, transactions are isolated, data survives a restart. */
@ExtendWith(KafkaExtension.class)
final class KafkaServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void kafka_produceThenConsume_returnsTheRecord(KafkaService kafka) throws Exception {
    String topic = createTopic(kafka, 1);
    try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
      producer.send(new ProducerRecord<>(topic, "k1", "hello")).get(30, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<String, String>> records = consumeAtLeast(kafka, topic, "read_uncommitted", 1);

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("k1");
      assertThat(r.value()).isEqualTo("hello");
    });
  }

  @Test
  void kafka_transactionalProduce_readCommittedSeesOnlyCommittedRecords(KafkaService kafka) throws Exception {
    String topic = createTopic(kafka, 1);
    try (KafkaProducer<String, String> producer = producer(kafka,
        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-tx-" + UUID.randomUUID()))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "a", "aborted-1"));
      producer.send(new ProducerRecord<>(topic, "a", "aborted-2"));
      producer.flush(); // else abortTransaction drops them unsent, and the test would prove nothing
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "c", "committed-1"));
      producer.send(new ProducerRecord<>(topic, "c", "committed-2"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "o", "open")).get(30, TimeUnit.SECONDS);
      producer.flush();
      // left open: read_committed must stop before it (the last stable offset)
      List<String> committed = values(consumeAtLeast(kafka, topic, "read_committed", 2));
      List<String> everything = values(consumeAtLeast(kafka, topic, "read_uncommitted", 5));

      assertThat(committed).containsExactly("committed-1", "committed-2");
      assertThat(everything).contains("aborted-1", "aborted-2", "committed-1", "committed-2", "open");
      producer.abortTransaction();
    }
  }

  @Test
  void kafka_stopThenStart_keepsAddressTopicAndRecords(KafkaService kafka) throws Exception {
    assumeFalse(kafka.external(), "an external broker cannot be restarted");
    String topic = createTopic(kafka, 3);
    try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, i, "k" + i, "before-restart-" + i)).get(30, TimeUnit.SECONDS);
      }
    }
    String address = kafka.bootstrapServers();
    String clusterId = kafka.clusterId();

    kafka.stop();
    assertThat(kafka.running()).isFalse();
    kafka.start();

    assertThat(kafka.running()).isTrue();
    assertThat(kafka.bootstrapServers()).isEqualTo(address);
    assertThat(kafka.clusterId()).isEqualTo(clusterId);
    try (Admin admin = admin(kafka)) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
    }
    assertThat(values(consumeAtLeast(kafka, topic, "read_committed", 3)))
        .containsExactlyInAnyOrder("before-restart-0", "before-restart-1", "before-restart-2");
  }

  @Test
  void kafka_stopTwiceAndStartTwice_areNoOps(KafkaService kafka) {
    assumeFalse(kafka.external(), "an external broker cannot be restarted");
    String clusterId = kafka.clusterId();

    assertThat(kafka.start()).isSameAs(kafka);
    assertThat(kafka.running()).isTrue();
    assertThat(kafka.clusterId()).isEqualTo(clusterId);
  }

  @Test
  void readiness_realBrokerWithAnotherExpectedClusterId_isRejected(KafkaService kafka) {
    String someoneElses = "someone-elses-cluster";

    assertThatThrownBy(() -> KafkaReadiness.await(kafka.bootstrapServers(), someoneElses, WAIT))
        .isInstanceOf(TestkitException.class)
        .hasMessageContaining("answered with cluster id " + kafka.clusterId())
        .hasMessageContaining(someoneElses);
  }

  @Test
  void readiness_realBrokerWithItsOwnClusterId_passes(KafkaService kafka) {
    KafkaReadiness.await(kafka.bootstrapServers(), kafka.clusterId(), WAIT);

    assertThat(KafkaReadiness.fetchClusterId(kafka.bootstrapServers(), WAIT)).isEqualTo(kafka.clusterId());
  }

  @Test
  void environmentOverride_pointingAtARunningBroker_readsItsClusterId(KafkaService kafka) {
    Infrastructure infra = new Infrastructure(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));

    KafkaService external = infra.kafka();

    assertThat(external.external()).isTrue();
    assertThat(external.clusterId()).isEqualTo(kafka.clusterId());
    infra.close();
    assertThat(kafka.running()).isTrue(); // closing an external service never touches the broker
  }

  // ----- helpers -----

  static String createTopic(KafkaService kafka, int partitions) throws Exception {
    String topic = "testkit-" + UUID.randomUUID();
    try (Admin admin = admin(kafka)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      // KAFKA-15591: produce only once every partition has a leader that answers listOffsets
      TestPolling.await("leaders for " + topic, WAIT, () -> {
        var description = admin.describeTopics(Set.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
        boolean led = description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (!led) {
          return false;
        }
        var offsets = new java.util.HashMap<org.apache.kafka.common.TopicPartition,
            org.apache.kafka.clients.admin.OffsetSpec>();
        description.partitions().forEach(p -> offsets.put(
            new org.apache.kafka.common.TopicPartition(topic, p.partition()),
            org.apache.kafka.clients.admin.OffsetSpec.latest()));
        admin.listOffsets(offsets).all().get(5, TimeUnit.SECONDS);
        return true;
      });
    }
    return topic;
  }

  static Admin admin(KafkaService kafka) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  static KafkaProducer<String, String> producer(KafkaService kafka, Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Reads the topic from the beginning (no group: assign + seek) until {@code count} records arrived. */
  static List<ConsumerRecord<String, String>> consumeAtLeast(KafkaService kafka, String topic, String isolation,
      int count) throws Exception {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      var partitions = consumer.partitionsFor(topic, WAIT).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      TestPolling.await(count + " records on " + topic + " (" + isolation + ")", WAIT, () -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= count;
      });
      // one more short poll: a bug that delivers extra (e.g. aborted) records must show up
      consumer.poll(Duration.ofMillis(300)).forEach(records::add);
    }
    return records;
  }

  static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }
}
