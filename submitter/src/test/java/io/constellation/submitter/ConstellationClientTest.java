package io.constellation.submitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.testkit.TestInfrastructure;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real broker, with {@link FakeWorker}s answering (the worker node has its own tests). */
final class ConstellationClientTest {
  private static final Topics TOPICS = new Topics("client-" + UUID.randomUUID().toString().substring(0, 8));
  private static String bootstrap;
  private static FakeWorker nodeA;
  private static FakeWorker nodeB;

  @BeforeAll
  static void cluster() {
    bootstrap = TestInfrastructure.kafka().bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      TopicSetup.ensureTopics(admin, TOPICS, Duration.ofSeconds(60));
    }
    nodeA = new FakeWorker(bootstrap, TOPICS, "node-a", true);
    nodeB = new FakeWorker(bootstrap, TOPICS, "node-b", false);
  }

  @AfterAll
  static void stopWorkers() {
    if (nodeA != null) nodeA.close();
    if (nodeB != null) nodeB.close();
  }

  private static ConstellationClient client(Encoding encoding) {
    return ConstellationClient.builder().bootstrapServers(bootstrap).topics(TOPICS).encoding(encoding)
        .connectTimeout(Duration.ofSeconds(20)).build();
  }

  private static ExecutionResult await(CompletableFuture<ExecutionResult> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }

  @Test
  void submit_avro_resultOfThatExecutionArrives_viaSharedTopicKeyedByExecutionId() throws Exception {
    try (ConstellationClient client = client(Encoding.AVRO)) {
      ExecutionRequest request = Requests.source("in x: Int\nout x").input("x", 7).build();

      ExecutionResult result = await(client.submit(request));

      assertThat(result.getExecutionId()).isEqualTo(request.getExecutionId());
      assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(result.getOutputs()).isEqualTo("{\"x\":7}");
      FakeWorker.Seen seen = nodeA.seen.stream()
          .filter(s -> s.request().getExecutionId().equals(request.getExecutionId())).findFirst().orElseThrow();
      assertThat(seen.topic()).isEqualTo(TOPICS.requests());
      assertThat(seen.key()).isEqualTo(request.getExecutionId());
      assertThat(seen.encoding()).isEqualTo(Encoding.AVRO);
      assertThat(client.pending()).isZero();
    }
  }

  @Test
  void submit_json_isSentAsJsonWithContentType_andRoundTrips() throws Exception {
    try (ConstellationClient client = client(Encoding.JSON)) {
      ExecutionRequest request = Requests.source("in s: String\nout s").input("s", "héllo \"w\"\n")
          .priority(90).deadline(Duration.ofMinutes(5)).metadata("k", "v").build();

      ExecutionResult result = await(client.submit(request));

      assertThat(result.getOutputs()).isEqualTo("{\"s\":\"héllo \\\"w\\\"\\n\"}");
      FakeWorker.Seen seen = nodeA.seen.stream()
          .filter(s -> s.request().getExecutionId().equals(request.getExecutionId())).findFirst().orElseThrow();
      assertThat(seen.encoding()).isEqualTo(Encoding.JSON);
      assertThat(seen.request().getPriority()).isEqualTo(90);
      assertThat(seen.request().getDeadline()).isEqualTo(request.getDeadline());
      assertThat(seen.request().getMetadata()).containsEntry("k", "v");
    }
  }

  @Test
  void submit_pinned_goesToPinnedTopicKeyedByNode_andRunsOnThatNode() throws Exception {
    try (ConstellationClient client = client(Encoding.AVRO)) {
      ExecutionRequest request = Requests.source("out x").node("node-b").build();

      ExecutionResult result = await(client.submit(request));

      assertThat(result.getNodeId()).isEqualTo("node-b");
      FakeWorker.Seen seen = nodeB.seen.stream()
          .filter(s -> s.request().getExecutionId().equals(request.getExecutionId())).findFirst().orElseThrow();
      assertThat(seen.topic()).isEqualTo(TOPICS.pinned());
      assertThat(seen.key()).isEqualTo("node-b");
    }
  }

  @Test
  void submit_manyAtOnce_eachFutureGetsItsOwnResult() throws Exception {
    try (ConstellationClient client = client(Encoding.AVRO)) {
      List<ExecutionRequest> requests = new ArrayList<>();
      List<CompletableFuture<ExecutionResult>> futures = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ExecutionRequest request = Requests.source("in i: Int\nout i").input("i", i).build();
        requests.add(request);
        futures.add(client.submit(request));
      }
      for (int i = 0; i < requests.size(); i++) {
        ExecutionResult result = await(futures.get(i));
        assertThat(result.getExecutionId()).isEqualTo(requests.get(i).getExecutionId());
        assertThat(result.getOutputs()).isEqualTo("{\"i\":" + i + "}");
      }
    }
  }

  @Test
  void scanResults_findsPublishedResultsByExecutionId_sinceAnInstant() throws Exception {
    String prefix = "scan-" + UUID.randomUUID() + "-";
    Instant before = Instant.now().minusSeconds(60);
    try (ConstellationClient client = client(Encoding.AVRO)) {
      for (int i = 1; i <= 3; i++) {
        await(client.submit(Requests.source("out x").executionId(prefix + i).build()));
      }
      await(client.submit(Requests.source("out x").executionId("other-" + UUID.randomUUID()).build()));

      List<String> found = new ArrayList<>();
      long count = client.scanResults(id -> id.startsWith(prefix), before, r -> found.add(r.getExecutionId()));
      List<String> none = new ArrayList<>();
      client.scanResults(id -> id.startsWith(prefix), Instant.now().plusSeconds(3600), r -> none.add(r.getExecutionId()));

      assertThat(count).isEqualTo(3);
      assertThat(found).containsExactlyInAnyOrder(prefix + 1, prefix + 2, prefix + 3);
      assertThat(none).isEmpty();
    }
  }

  @Test
  void submit_sameExecutionIdTwiceWhilePending_isRefused() {
    try (ConstellationClient client = client(Encoding.AVRO)) {
      ExecutionRequest request = Requests.source("out x").node("nobody-reads-this").build();
      client.submit(request);
      assertThatThrownBy(() -> client.submit(request)).isInstanceOf(SubmitterException.class)
          .hasMessageContaining("already awaiting");
    }
  }

  @Test
  void close_failsPendingFuturesClearly() {
    CompletableFuture<ExecutionResult> pending;
    try (ConstellationClient client = client(Encoding.AVRO)) {
      pending = client.submit(Requests.source("out x").node("nobody-reads-this").executionId("never-1").build());
    }
    assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SubmitterException.class).hasMessageContaining("client closed before the result of never-1");
  }

  @Test
  void submitAfterClose_failsClearly() {
    ConstellationClient client = client(Encoding.AVRO);
    client.close();
    client.close();  // idempotent
    assertThatThrownBy(() -> client.submit(Requests.source("out x").build())).isInstanceOf(SubmitterException.class)
        .hasMessageContaining("closed");
    assertThat(client.send(Requests.source("out x").build())).isCompletedExceptionally();
  }

  @Test
  void send_oversizedRequest_failsTheFuture_andTheClientStaysUsable() throws Exception {
    try (ConstellationClient client = client(Encoding.AVRO)) {
      String huge = "# " + "x".repeat(3 << 20);
      CompletableFuture<ExecutionResult> tooBig = client.submit(Requests.source(huge).build());

      assertThatThrownBy(() -> tooBig.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(SubmitterException.class)
          .hasMessageContaining("cannot send request");
      assertThat(await(client.submit(Requests.source("out x").input("x", 1).build())).getStatus())
          .isEqualTo(ExecutionStatus.COMPLETED);
    }
  }

  @Test
  void build_missingTopics_namesThemAndHowToCreate() {
    assertThatThrownBy(() -> ConstellationClient.builder().bootstrapServers(bootstrap).topicPrefix("no-such-prefix")
        .build()).isInstanceOf(SubmitterException.class)
        .hasMessageContaining("no-such-prefix.requests")
        .hasMessageContaining("constellation topics create");
  }

  @Test
  void build_nothingListening_isClusterUnreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(() -> ConstellationClient.builder().bootstrapServers("127.0.0.1:" + port)
        .connectTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void build_unresolvableHost_isClusterUnreachable() {
    assertThatThrownBy(() -> ConstellationClient.builder().bootstrapServers("no-such-host.invalid:9092")
        .connectTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(ClusterUnreachableException.class);
  }

  @Test
  void builder_badArguments_areRefused() {
    assertThatThrownBy(() -> ConstellationClient.builder().bootstrapServers(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConstellationClient.builder().build()).hasMessageContaining("bootstrapServers is required");
    assertThatThrownBy(() -> ConstellationClient.builder().kafkaProperty("bootstrap.servers", "x"))
        .hasMessageContaining("set by the client");
  }
}
