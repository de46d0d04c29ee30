package io.constellation.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.RequestCodec;
import io.constellation.submitter.Requests;
import io.constellation.worker.publish.DeadLetters;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** dlq list and dlq replay through {@link Main#run} against a real worker node that dead-letters poison records. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DlqCommandTest {
  private static final String DOUBLE = "in x: Int\ndoubled = x * 2\nout doubled\n";

  private HistoryTestCluster cluster;
  private KafkaProducer<byte[], byte[]> producer;
  @TempDir Path home;

  @BeforeAll
  void start() throws InterruptedException {
    cluster = new HistoryTestCluster();
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  void stop() {
    if (producer != null) producer.close();
    if (cluster != null) cluster.close();
  }

  private CliRunner.Outcome cli(String... args) {
    return CliRunner.run(cluster.env(home), cluster.withAddresses(args));
  }

  @Test
  void list_showsPoisonRecordsWithTheirReason_textEscapesHostileKeys() throws Exception {
    String key = "poison-" + UUID.randomUUID();
    String hostileKey = key + "-\u001b[31mred\nline";
    produce(key + "-json", "{\"executionId\": 1}");
    produce(hostileKey, "{not json");

    List<JsonNode> mine = new ArrayList<>();
    Polling.until("both poison records in the DLQ", java.time.Duration.ofSeconds(60), () -> {
      mine.clear();
      JsonNode listed = cli("dlq", "list", "--json").json().get("deadLetters");
      StreamSupport.stream(listed.spliterator(), false)
          .filter(e -> e.path("key").asText().startsWith(key)).forEach(mine::add);
      return mine.size() == 2;
    });
    CliRunner.Outcome text = cli("dlq", "list");

    assertThat(mine).allSatisfy(e -> {
      assertThat(e.get("node").asText()).isEqualTo(cluster.nodeId);
      assertThat(e.get("origin").asText()).startsWith(cluster.topics.requests() + "-");
      assertThat(e.get("replayed").asBoolean()).isFalse();
      assertThat(e.get("replayable").asBoolean()).isTrue();
    });
    assertThat(mine).filteredOn(e -> e.get("key").asText().equals(key + "-json")).singleElement()
        .satisfies(e -> assertThat(e.get("reason").asText()).contains("executionId"));
    assertThat(text.exitCode()).isZero();
    assertThat(text.stdout()).contains(key + "-json").contains("\\u001b[31mred\\u000aline")
        .doesNotContain("\u001b");
    assertThat(text.stderr()).contains("not replayed yet");
  }

  @Test
  void replay_fixedDeadLetter_isResubmittedOnce_andRuns() throws Exception {
    String id = "cli-dlq-" + UUID.randomUUID();
    byte[] request = new RequestCodec().encode(Requests.source(DOUBLE).executionId(id).input("x", 4).build(),
        Encoding.AVRO);
    ConsumerRecord<byte[], byte[]> origin = new ConsumerRecord<>(cluster.topics.requests(), 0, 7L,
        id.getBytes(StandardCharsets.UTF_8), request);
    // As an older worker that could not read the request would have dead-lettered it.
    producer.send(new DeadLetters(cluster.topics.dlq(), "older-node", new DeadLetterCodec(), 900 * 1024)
        .toRecord(origin, "unknown schema fingerprint", Instant.now())).get();

    Instant since = Instant.now();
    CliRunner.Outcome first = cli("dlq", "replay", "--json");
    var results = cluster.awaitAndRecord(List.of(id), since);
    CliRunner.Outcome second = cli("dlq", "replay");
    CliRunner.Outcome all = cli("dlq", "list", "--all", "--json");

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.json().get("resubmitted")).extracting(e -> e.path("key").asText()).contains(id);
    assertThat(results.get(id).getStatus().name()).isEqualTo("COMPLETED");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stderr()).doesNotContain(id);
    assertThat(second.stdout()).startsWith("re-submitted ");
    assertThat(all.json().get("deadLetters")).filteredOn(e -> e.path("key").asText().equals(id)).singleElement()
        .satisfies(e -> assertThat(e.get("replayed").asBoolean()).isTrue());
  }

  @Test
  void dlq_clusterNotAnswering_exit69() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    CliRunner.Outcome outcome = CliRunner.run(cluster.env(home), "dlq", "list", "--bootstrap-servers",
        "127.0.0.1:" + port);

    assertThat(outcome.exitCode()).isEqualTo(69);
    assertThat(outcome.stderr()).contains("cluster unreachable").contains("127.0.0.1:" + port)
        .doesNotContain("Exception");
  }

  @Test
  void dlq_missingTopic_exit69_sayingHowToCreateIt() {
    CliRunner.Outcome outcome = CliRunner.run(cluster.env(home), "dlq", "replay", "--bootstrap-servers",
        cluster.bootstrap, "--topic-prefix", "no-topics-" + UUID.randomUUID().toString().substring(0, 8));

    assertThat(outcome.exitCode()).isEqualTo(69);
    assertThat(outcome.stderr()).contains("constellation topics create");
  }

  private void produce(String key, String json) throws Exception {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(cluster.topics.requests(),
        key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    record.headers().add(RecordHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
    producer.send(record).get();
  }
}
