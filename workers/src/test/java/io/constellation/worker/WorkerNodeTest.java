package io.constellation.worker;

import static io.constellation.worker.KafkaFixture.await;
import static io.constellation.worker.KafkaFixture.header;
import static io.constellation.worker.KafkaFixture.request;
import static io.constellation.worker.KafkaFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.worker.consume.PinnedPartition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One or two worker nodes against the JVM's shared broker, each test on its own topics. */
@Timeout(90)
final class WorkerNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaFixture kafka = new KafkaFixture();
  private final TestModules modules = new TestModules();
  private final List<WorkerNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    modules.release.countDown();
    for (WorkerNode node : nodes) node.close();
    kafka.close();
  }

  private WorkerNode start(WorkerConfig config) {
    WorkerNode node = WorkerNode.start(config, modules.registry());
    nodes.add(node);
    return node;
  }

  @Test
  void worker_fewRequests_publishesCompletedResultsWithOutputsAndNodeId() throws Exception {
    WorkerNode node = start(kafka.config("node-one"));
    for (int i = 0; i < 5; i++) {
      kafka.submit(request("e-" + i, TestModules.SHOUT, "{\"text\":\"hello " + i + "\"}")
          .setMetadata(Map.of("batch", "b1")).build());
    }

    KafkaFixture.Reader results = kafka.results();
    List<ConsumerRecord<byte[], byte[]>> records = results.awaitKeys(5, WAIT);

    assertThat(records).hasSize(5);
    Map<String, List<ExecutionResult>> byId = results.resultsById();
    for (int i = 0; i < 5; i++) {
      ExecutionResult result = byId.get("e-" + i).get(0);
      assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(result.getOutputs()).isEqualTo("{\"shouted\":\"HELLO " + i + "\"}");
      assertThat(result.getNodeId()).isEqualTo("node-one");
      assertThat(result.getMetadata()).containsEntry("batch", "b1");
      assertThat(result.getQueuedAt()).isNotNull();
      assertThat(result.getStartedAt()).isNotNull();
      assertThat(result.getCompletedAt()).isNotNull();
      assertThat(result.getTrace()).isNotEmpty();
    }
    assertThat(header(records.get(0), RecordHeaders.CONTENT_TYPE)).isEqualTo("application/avro");

    await("node ready", WAIT, node::ready);
    HttpResponse<String> ready = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("connected");
    await("metrics count the results", WAIT,
        () -> node.metrics().toJson().toString().contains("COMPLETED"));
  }

  @Test
  void worker_compileError_rejectedWithLineAndColumn() {
    start(kafka.config("node-one"));
    kafka.submit(request("bad-source", "in text: String\nx = Uppercas(text)\nout x", "{\"text\":\"a\"}").build());

    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(1, WAIT);
    ExecutionResult result = results.resultsById().get("bad-source").get(0);

    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    ExecutionError error = result.getErrors().get(0);
    assertThat(error.getCode()).isEqualTo("E002");
    assertThat(error.getLine()).isEqualTo(2);
    assertThat(error.getColumn()).isEqualTo(5);
  }

  @Test
  void worker_pastDeadline_expiredWithoutRunning() {
    start(kafka.config("node-one"));
    kafka.submit(request("late", TestModules.COUNTED, "{\"text\":\"a\"}")
        .setDeadline(Instant.now().minusSeconds(5)).build());
    kafka.submit(request("on-time", TestModules.COUNTED, "{\"text\":\"b\"}")
        .setDeadline(Instant.now().plusSeconds(60)).build());

    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(2, WAIT);
    Map<String, List<ExecutionResult>> byId = results.resultsById();

    assertThat(byId.get("late").get(0).getStatus()).isEqualTo(ExecutionStatus.EXPIRED);
    assertThat(byId.get("late").get(0).getErrors()).extracting(ExecutionError::getCode)
        .containsExactly("DEADLINE_EXCEEDED");
    assertThat(byId.get("on-time").get(0).getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(modules.calls).hasValue(1); // only the on-time request ran
  }

  @Test
  void worker_jsonRequest_answeredWithAJsonResult() throws Exception {
    start(kafka.config("node-one"));
    byte[] json = utf8("{\"executionId\": \"json-1\", \"source\": \"in text: String\\nshouted = Uppercase(text)"
        + "\\nout shouted\", \"inputs\": {\"text\": \"json\"}, \"priority\": 70, \"unknownKey\": true}");
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(kafka.topics.requests(), utf8("json-1"), json);
    record.headers().add(RecordHeaders.CONTENT_TYPE, utf8("application/json"));
    kafka.send(record);

    ConsumerRecord<byte[], byte[]> result = kafka.results().awaitKeys(1, WAIT).get(0);

    assertThat(header(result, RecordHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    JsonNode body = JSON.readTree(result.value());
    assertThat(body.get("executionId").asText()).isEqualTo("json-1");
    assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(body.get("outputs").get("shouted").asText()).isEqualTo("JSON");
  }

  @Test
  void worker_poisonRecords_deadLetteredWithReasonAndOrigin_andTheNextRequestIsAnswered() throws Exception {
    // the broker refuses records over 1 MiB by default; this topic takes the 2 MiB record so the worker sees it
    kafka.admin.incrementalAlterConfigs(Map.of(
        new ConfigResource(ConfigResource.Type.TOPIC, kafka.topics.requests()),
        List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(3 * 1024 * 1024)),
            AlterConfigOp.OpType.SET)))).all().get();
    start(kafka.config("node-one"));

    byte[] random = new byte[300];
    new Random(3).nextBytes(random);
    byte[] avro = KafkaFixture.REQUESTS.encode(request("x", TestModules.SHOUT, "{}").build(), Encoding.AVRO);
    byte[] truncated = Arrays.copyOf(avro, avro.length / 2);
    byte[] missingFields = utf8("{\"source\": \"in x: Int\\nout x\"}");
    byte[] oversized = new byte[2 * 1024 * 1024];
    Arrays.fill(oversized, (byte) '{');
    List<byte[]> poison = List.of(random, truncated, missingFields, oversized);
    for (int i = 0; i < poison.size(); i++) {
      kafka.send(new ProducerRecord<>(kafka.topics.requests(), 0, utf8("poison-" + i), poison.get(i)));
    }
    kafka.submit(request("good", TestModules.SHOUT, "{\"text\":\"still here\"}").build());

    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(1, WAIT);
    assertThat(results.resultsById().get("good").get(0).getOutputs()).isEqualTo("{\"shouted\":\"STILL HERE\"}");

    List<ConsumerRecord<byte[], byte[]>> dead = kafka.reader(kafka.topics.dlq()).awaitKeys(4, WAIT);
    assertThat(dead).hasSize(4);
    DeadLetterCodec codec = new DeadLetterCodec();
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      String key = new String(record.key());
      assertThat(header(record, RecordHeaders.DLQ_REASON)).as(key).isNotBlank();
      assertThat(header(record, RecordHeaders.DLQ_ORIGIN)).as(key).startsWith(kafka.topics.requests() + "-0@");
      assertThat(header(record, RecordHeaders.DLQ_NODE)).isEqualTo("node-one");
      DeadLetter letter = codec.decode(record.value());
      assertThat(letter.getOriginTopic()).isEqualTo(kafka.topics.requests());
      if (key.equals("poison-3")) {
        assertThat(letter.getReason()).contains("over the").contains("not kept");
        assertThat(letter.getValue()).isNull();
      } else {
        assertThat(letter.getValue()).isNotNull();
      }
    }
    assertThat(header(dead.stream().filter(r -> new String(r.key()).equals("poison-2")).findFirst().orElseThrow(),
        RecordHeaders.DLQ_REASON)).containsIgnoringCase("executionId");
  }

  @Test
  void worker_pinnedRequest_runsOnTheNamedNodeOnly() {
    // two node ids on the same pinned partition: A reads B's records too, and must skip them
    String b = "node-b";
    int partitions = kafka.topics.defaultPartitions(kafka.topics.pinned());
    String a = IntStream.range(0, 10_000).mapToObj(i -> "node-a" + i)
        .filter(id -> PinnedPartition.forNode(id, partitions) == PinnedPartition.forNode(b, partitions))
        .findFirst().orElseThrow();
    start(kafka.config(a));
    start(kafka.config(b));
    for (int i = 0; i < 5; i++) {
      kafka.submitPinned(request("pinned-" + i, TestModules.SHOUT, "{\"text\":\"p\"}").setNode(b).build(), b);
    }

    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(5, WAIT);

    assertThat(results.readToEnd()).hasSize(5);
    assertThat(results.resultsById().values()).allSatisfy(
        list -> assertThat(list).singleElement().satisfies(r -> assertThat(r.getNodeId()).isEqualTo(b)));
  }

  @Test
  void worker_saturatedScheduler_runsHighPriorityFirst() throws Exception {
    WorkerNode node = start(kafka.config("node-one").withMaxConcurrency(1));
    kafka.submit(request("blocker", TestModules.BLOCK, "{\"text\":\"b\"}").build());
    assertThat(modules.blocked.await(40, TimeUnit.SECONDS)).isTrue();
    kafka.submit(request("low", TestModules.RECORDED, "{\"text\":\"low\"}").setPriority(10).build());
    kafka.submit(request("mid", TestModules.RECORDED, "{\"text\":\"mid\"}").setPriority(50).build());
    kafka.submit(request("high", TestModules.RECORDED, "{\"text\":\"high\"}").setPriority(90).build());
    await("three requests queued behind the blocker", WAIT, () -> node.schedulerStats().queued() == 3);

    modules.release.countDown();
    kafka.results().awaitKeys(4, WAIT);

    assertThat(modules.order).containsExactly("high", "mid", "low");
  }

  @Test
  void worker_queueAboveHighWater_pausesFetchingAndResumesWhenDrained() throws Exception {
    WorkerNode node = start(kafka.config("node-one").withMaxConcurrency(1).withWaterMarks(2, 1));
    kafka.submit(request("blocker", TestModules.BLOCK, "{\"text\":\"b\"}").build());
    assertThat(modules.blocked.await(40, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 3; i++) kafka.submit(request("q-" + i, TestModules.SHOUT, "{\"text\":\"q\"}").build());
    await("fetching paused", WAIT, node::paused);

    // produced while paused: fetched only after the resume
    for (int i = 0; i < 3; i++) kafka.submit(request("late-" + i, TestModules.SHOUT, "{\"text\":\"l\"}").build());
    modules.release.countDown();

    KafkaFixture.Reader results = kafka.results();
    results.awaitKeys(7, WAIT);
    await("fetching resumed", WAIT, () -> !node.paused());
    assertThat(results.readToEnd()).hasSize(7);
  }
}
