package io.constellation.submitter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.submitter.Requests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dead-letter topic against a real worker node: poison records the worker dead-letters, and dead letters
 * replayed once their cause is fixed. The tests share the node's topics, so each looks only at its own records
 * (by key) and at what its own replays did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DeadLetterQueueTest {
  private static final String DOUBLE = "in x: Int\ndoubled = x * 2\nout doubled\n";

  private ReplayCluster cluster;
  private KafkaProducer<byte[], byte[]> producer;
  private DeadLetterQueue dlq;

  @BeforeAll
  void start() throws InterruptedException {
    cluster = new ReplayCluster();
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap),
        new ByteArraySerializer(), new ByteArraySerializer());
    dlq = new DeadLetterQueue(cluster.bootstrap, cluster.topics, Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    if (producer != null) producer.close();
    if (cluster != null) cluster.close();
  }

  @Test
  void poisonRecordsOnTheRequestsTopic_landInTheDlq_listedWithReasonOriginAndNode() throws Exception {
    String key = "poison-" + UUID.randomUUID();
    produce(cluster.topics.requests(), key + "-json", "{not json", "application/json");
    produce(cluster.topics.requests(), key + "-bytes", "\u00c3\u0001garbage", null);
    produce(cluster.topics.requests(), key + "-nosource", "{\"executionId\":\"" + key + "\",\"inputs\":{}}",
        "application/json");

    Map<String, DeadLetterEntry> entries = awaitListed(Set.of(key + "-json", key + "-bytes", key + "-nosource"));

    assertThat(entries.values()).allSatisfy(e -> {
      assertThat(e.origin()).startsWith(cluster.topics.requests() + "-");
      assertThat(e.originTopic()).isEqualTo(cluster.topics.requests());
      assertThat(e.nodeId()).isEqualTo(cluster.nodeId);
      assertThat(e.reason()).isNotBlank();
      assertThat(e.replayable()).isTrue();
      assertThat(e.valueBytes()).isPositive();
    });
    assertThat(entries.get(key + "-nosource").reason()).contains("source");
  }

  @Test
  void replay_deadLetterWhoseCauseWasFixed_isResubmittedAndRuns_andASecondReplayResubmitsItNoMore()
      throws Exception {
    // A request an older worker could not read (say, written with a newer schema): its dead letter is made with
    // the workers' own builder, as that worker would have made it. This worker reads it fine: the cause is fixed.
    String id = "dlq-fixed-" + UUID.randomUUID();
    produceDeadLetter(cluster.topics.requests(), id,
        new RequestCodec().encode(Requests.source(DOUBLE).executionId(id).input("x", 21).build(), Encoding.AVRO));
    List<DeadLetterEntry> heard = new CopyOnWriteArrayList<>();

    Instant since = Instant.now();
    DeadLetterReplayReport first = dlq.replay(10_000, heard::add);
    ExecutionResult result = cluster.awaitResults(List.of(id), since).get(id);
    DeadLetterReplayReport second = dlq.replay(10_000, e -> {});

    assertThat(first.resubmitted()).extracting(DeadLetterEntry::key).contains(id);
    assertThat(heard).containsAll(first.resubmitted());
    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(new ObjectMapper().readTree(result.getOutputs()).get("doubled").asInt()).isEqualTo(42);
    Set<Long> firstPositions = positions(first);
    assertThat(second.resubmitted()).extracting(DeadLetterEntry::key).doesNotContain(id);
    assertThat(positions(second)).doesNotContainAnyElementsOf(firstPositions);
    assertThat(dlq.list(10_000, false).entries()).extracting(DeadLetterEntry::key).doesNotContain(id);
    assertThat(dlq.list(10_000, true).entries()).filteredOn(e -> id.equals(e.key()))
        .singleElement().satisfies(e -> assertThat(e.replayed()).isTrue());
  }

  @Test
  void replay_deadLetterNamingATopicOutsideThePrefix_isPassedOverAndNeverProduced() throws Exception {
    String id = "dlq-foreign-" + UUID.randomUUID();
    produceDeadLetter("someone-elses.topic", id,
        new RequestCodec().encode(Requests.source(DOUBLE).executionId(id).input("x", 1).build(), Encoding.AVRO));

    DeadLetterReplayReport report = dlq.replay(10_000, e -> {});

    assertThat(report.resubmitted()).extracting(DeadLetterEntry::key).doesNotContain(id);
    assertThat(report.skipped()).filteredOn(e -> id.equals(e.key())).singleElement()
        .satisfies(e -> assertThat(e.problem()).contains("someone-elses.topic"));
  }

  @Test
  void list_limit_returnsTheOldestAndSaysMoreExist() throws Exception {
    String key = "limit-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) produce(cluster.topics.requests(), key + "-" + i, "{broken " + i, "application/json");
    awaitListed(Set.of(key + "-0", key + "-1", key + "-2"));

    DeadLetterListing listing = dlq.list(2, true);

    assertThat(listing.entries()).hasSize(2);
    assertThat(listing.truncated()).isTrue();
  }

  private Map<String, DeadLetterEntry> awaitListed(Set<String> keys) throws InterruptedException {
    AtomicReference<Map<String, DeadLetterEntry>> found = new AtomicReference<>(Map.of());
    ReplayCluster.until("dead letters " + keys, () -> {
      found.set(dlq.list(10_000, true).entries().stream().filter(e -> keys.contains(e.key()))
          .collect(Collectors.toMap(DeadLetterEntry::key, e -> e, (first, later) -> first)));
      return found.get().keySet().containsAll(keys);
    });
    return found.get();
  }

  private static Set<Long> positions(DeadLetterReplayReport report) {
    return java.util.stream.Stream.concat(report.resubmitted().stream(), report.skipped().stream())
        .map(e -> ((long) e.partition() << 48) | e.offset()).collect(Collectors.toSet());
  }

  private void produce(String topic, String key, String value, String contentType) throws Exception {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.ISO_8859_1));
    if (contentType != null) {
      record.headers().add(RecordHeaders.CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
    }
    producer.send(record).get();
  }

  private void produceDeadLetter(String originTopic, String key, byte[] value) throws Exception {
    ConsumerRecord<byte[], byte[]> origin = new ConsumerRecord<>(originTopic, 0, 42L,
        key.getBytes(StandardCharsets.UTF_8), value);
    origin.headers().add(RecordHeaders.CONTENT_TYPE, Encoding.AVRO.contentType().getBytes(StandardCharsets.UTF_8));
    var deadLetters = new io.constellation.worker.publish.DeadLetters(cluster.topics.dlq(), "older-node",
        new DeadLetterCodec(), 900 * 1024);
    producer.send(deadLetters.toRecord(origin, "unknown schema fingerprint (written by a newer client)",
        Instant.now())).get();
  }
}
