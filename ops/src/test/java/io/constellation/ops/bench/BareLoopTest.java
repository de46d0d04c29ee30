package io.constellation.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.schemas.Topics;
import io.constellation.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The cluster benchmark's ceiling copies every record once, commits its offsets with them, and reports a stall. */
class BareLoopTest {
  private final String bootstrap = TestInfrastructure.kafka().bootstrapServers();

  @Test
  void copiesEveryRecordOnceAndCommitsTheConsumedOffsets() throws Exception {
    Topics topics = new Topics("bareloop" + Phase.shortId());
    Phase.ensureTopics(bootstrap, topics);
    Set<String> sent = new HashSet<>(produce(topics, 0, 1_500));
    try (BareLoop loop = BareLoop.start(bootstrap, topics, Duration.ofSeconds(60))) {
      loop.join(Duration.ofSeconds(60));
      long finished = loop.awaitCount(1_500);
      assertThat(finished).isGreaterThan(loop.firstRecordNanos());
      sent.addAll(produce(topics, 1_500, 500)); // a second round on the running loop
      assertThat(loop.awaitCount(2_000)).isGreaterThanOrEqualTo(finished);
    }
    List<String> copied = readCommitted(topics.results());
    assertThat(copied).hasSize(2_000);
    assertThat(Set.copyOf(copied)).isEqualTo(sent);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin
          .listConsumerGroupOffsets(topics.prefix() + "-loop").partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
          .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
      long committedTotal = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      assertThat(committedTotal).isEqualTo(2_000);
      committed.forEach((partition, offset) -> assertThat(offset.offset()).isEqualTo(ends.get(partition).offset()));
    }
  }

  @Test
  void awaitingMoreRecordsThanArriveFailsWithTheCount() throws Exception {
    Topics topics = new Topics("bareloop" + Phase.shortId());
    Phase.ensureTopics(bootstrap, topics);
    produce(topics, 0, 10);
    try (BareLoop loop = BareLoop.start(bootstrap, topics, Duration.ofSeconds(3))) {
      loop.join(Duration.ofSeconds(60));
      assertThatThrownBy(() -> loop.awaitCount(11)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not copy 11 records").hasMessageContaining("(10 arrived)");
    }
  }

  private Set<String> produce(Topics topics, int from, int count) {
    List<String> values = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int i = from; i < from + count; i++) {
        String value = "record-" + i;
        values.add(value);
        producer.send(new ProducerRecord<>(topics.requests(), Integer.toString(i).getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return Set.copyOf(values);
  }

  private List<String> readCommitted(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        boolean atEnd = consumer.endOffsets(partitions).entrySet().stream()
            .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        if (atEnd) break;
      }
      return values;
    }
  }
}
