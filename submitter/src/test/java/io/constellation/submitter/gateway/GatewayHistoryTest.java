package io.constellation.submitter.gateway;

import static io.constellation.submitter.gateway.GatewayCluster.DOUBLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.submitter.Requests;
import io.constellation.submitter.replay.Replayer;
import io.constellation.submitter.gateway.Api.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The history routes over a real PostgreSQL: lookups, filters (hostile ones too), replays, and their absence. */
@ExtendWith(GatewayCluster.Extension.class)
final class GatewayHistoryTest {

  /** Runs DOUBLE on the cluster and records its result as the streams app would, with another id and status. */
  private static ExecutionResult recorded(GatewayCluster cluster, ExecutionStatus status, String pipeline)
      throws Exception {
    ExecutionResult ran = cluster.client().submit(Requests.source(DOUBLE).input("x", 4)
        .metadata("pipeline", pipeline).build()).get(60, TimeUnit.SECONDS);
    ExecutionResult stored = ExecutionResult.newBuilder(ran).setExecutionId("gw-" + UUID.randomUUID())
        .setStatus(status).build();
    assertThat(cluster.history().traces().write(List.of(stored))).isEqualTo(1);
    return stored;
  }

  @Test
  void getExecution_recorded_isTheTraceWithNodeResults_unknown_is404(GatewayCluster cluster) throws Exception {
    ExecutionResult stored = recorded(cluster, ExecutionStatus.COMPLETED, "lookup");

    Answer found = cluster.api().get("/executions/" + stored.getExecutionId());
    Answer unknown = cluster.api().get("/executions/no-such-" + UUID.randomUUID());
    Answer tooLong = cluster.api().get("/executions/" + "x".repeat(10_000));

    assertThat(found.status()).as(found.toString()).isEqualTo(200);
    assertThat(found.json().toString()).contains(stored.getExecutionId()).contains("nodeResults");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
    assertThat(tooLong.status()).isEqualTo(404);
  }

  @Test
  void listExecutions_filtersByPipelineAndStatus(GatewayCluster cluster) throws Exception {
    String pipeline = "list-" + UUID.randomUUID();
    ExecutionResult failed = recorded(cluster, ExecutionStatus.FAILED, pipeline);
    recorded(cluster, ExecutionStatus.COMPLETED, pipeline);

    Answer all = cluster.api().get("/executions?pipeline=" + pipeline);
    Answer onlyFailed = cluster.api().get("/executions?pipeline=" + pipeline + "&status=failed&limit=10&since=1h");

    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    assertThat(all.json().get("items")).hasSize(2);
    assertThat(onlyFailed.json().get("items")).hasSize(1);
    assertThat(onlyFailed.json().get("items").get(0).get("executionId").asText()).isEqualTo(failed.getExecutionId());
  }

  @Test
  void hostileFilters_are400OrEmpty_andLeaveTheTablesIntact(GatewayCluster cluster) throws Exception {
    recorded(cluster, ExecutionStatus.FAILED, "hostile-target");
    Map<String, Long> before = counts(cluster);
    String longText = "x".repeat(10_000);
    List<String> queries = new ArrayList<>();
    for (String value : List.of("' OR '1'='1", "x'; DROP TABLE executions; --", "\"; DELETE FROM executions; --",
        "%", "_", "%' OR pipeline LIKE '%", "hostile-target' --", "ünïcødé 🚀 名前", "\\", "$1", "NULL", longText,
        "a\u0000b", "\u202Eevil")) {
      for (String param : List.of("pipeline", "node", "status", "since", "until", "limit", "offset")) {
        queries.add(param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    for (String number : List.of("99999999999999999999", "-1", "1e10", "0x10", "2147483648", "10001")) {
      queries.add("limit=" + number);
      queries.add("offset=" + number);
    }
    queries.add("since=9999999999999d");
    queries.add("since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z");
    queries.add("status=failed&status=completed%27%20OR%201=1");
    queries.add("limit=1&limit=2");
    queries.add("bogus=1");

    for (String query : queries) {
      Answer answer = cluster.api().get("/executions?" + query);
      String shown = query.length() > 80 ? query.substring(0, 80) + "..." : query;
      assertThat(answer.status()).as(shown + " -> " + answer).isIn(200, 400);
      if (answer.status() == 200) {
        assertThat(answer.json().get("items")).as(shown).isEmpty();
      } else {
        assertThat(answer.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(answer.json().get("message").asText().length()).as(shown).isLessThan(600);
      }
    }
    assertThat(counts(cluster)).isEqualTo(before);
  }

  @Test
  void replayExecution_submitsALinkedReplay_onceUnlessAgain(GatewayCluster cluster) throws Exception {
    ExecutionResult failed = recorded(cluster, ExecutionStatus.FAILED, "replay-one");
    String path = "/executions/" + failed.getExecutionId() + "/replay";

    Answer dryRun = cluster.api().post(path, "{\"dryRun\": true}");
    Answer replayed = cluster.api().send(cluster.api().request(path)
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    Answer twice = cluster.api().post(path, "{}");
    Answer again = cluster.api().post(path, "{\"again\": true}");

    assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
    assertThat(dryRun.json().get("items").get(0).get("replayId").asText())
        .isEqualTo(failed.getExecutionId() + "~replay2");
    assertThat(replayed.status()).as(replayed.toString()).isEqualTo(202);
    JsonNode item = replayed.json().get("submitted").get(0);
    assertThat(item.get("originalId").asText()).isEqualTo(failed.getExecutionId());
    assertThat(item.get("attempt").asInt()).isEqualTo(2);
    assertThat(replayed.header("Location")).isEqualTo("/executions/" + item.get("replayId").asText());
    assertThat(twice.status()).as(twice.toString()).isEqualTo(409);
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    assertThat(again.json().get("submitted").get(0).get("attempt").asInt()).isEqualTo(3);
    assertThat(cluster.api().post("/executions/unknown-" + UUID.randomUUID() + "/replay", "{}").status())
        .isEqualTo(404);
  }

  @Test
  void replaySelection_takesTheCliFilters_andDefaultsToFailed(GatewayCluster cluster) throws Exception {
    String pipeline = "replay-many-" + UUID.randomUUID();
    ExecutionResult failed = recorded(cluster, ExecutionStatus.FAILED, pipeline);
    recorded(cluster, ExecutionStatus.COMPLETED, pipeline);

    Answer plan = cluster.api().post("/replay", "{\"pipeline\": \"" + pipeline + "\", \"dryRun\": true}");
    Answer run = cluster.api().post("/replay", "{\"pipeline\": \"" + pipeline + "\", \"since\": \"1h\"}");
    Answer rerun = cluster.api().post("/replay", "{\"pipeline\": \"" + pipeline + "\"}");
    Answer bad = cluster.api().post("/replay", "{\"status\": \"exploded\"}");

    assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
    assertThat(plan.json().get("items")).hasSize(1);
    assertThat(plan.json().get("items").get(0).get("originalId").asText()).isEqualTo(failed.getExecutionId());
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
    assertThat(run.json().get("submitted")).hasSize(1);
    assertThat(rerun.json().get("submitted")).as("replaying the same selection twice submits nothing").isEmpty();
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void stats_showsTheNewestWindowsPublishedOnTheStatsTopic(GatewayCluster cluster) throws Exception {
    String pipeline = "stats-" + UUID.randomUUID();
    String window = "{\"dimension\":\"pipeline\",\"key\":\"" + pipeline + "\",\"windowStart\":\""
        + Instant.now().truncatedTo(ChronoUnit.MINUTES) + "\",\"windowEnd\":\""
        + Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60) + "\",\"counts\":{\"COMPLETED\":3,"
        + "\"FAILED\":1,\"REJECTED\":0,\"EXPIRED\":0},\"total\":4,\"durationMs\":{\"p50\":1,\"p95\":2,"
        + "\"p99\":3},\"queueMs\":{\"p50\":0,\"p95\":0,\"p99\":1}}";
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(cluster.topics().stats(), "pipeline:" + pipeline, window)).get();
    }

    JsonNode shown = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (shown == null || shown.isMissingNode()) {
      if (System.nanoTime() > deadline) throw new AssertionError("the window never showed in /stats");
      Answer stats = cluster.api().get("/stats");
      assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
      assertThat(stats.json().has("nodes")).isTrue();
      shown = stats.json().path("pipelines").path(pipeline);
      if (shown.isMissingNode()) Thread.sleep(100);
    }
    assertThat(shown.get("total").asInt()).isEqualTo(4);
  }

  @Test
  void withoutHistoryOrStats_theirRoutesAre503_theRestWorks(GatewayCluster cluster) {
    try (Gateway bare = Gateway.start(GatewayCluster.settings(), cluster.services())) {
      Api api = new Api(bare.uri(), GatewayCluster.KEY);

      for (Answer answer : List.of(api.get("/executions"), api.get("/executions/x"), api.get("/stats"),
          api.post("/replay", "{}"), api.post("/executions/x/replay", "{}"))) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.json().get("error").asText()).isEqualTo("service_unavailable");
      }
      assertThat(api.post("/compile", "{\"source\": \"in x: Int\\nout x\\n\"}").status()).isEqualTo(200);
      assertThat(api.get("/health/ready").json().get("history").asText()).isEqualTo("absent");
    }
  }

  @Test
  void aFailureInsideARoute_is500WithTheRequestId_andNoStackTrace(GatewayCluster cluster) throws Exception {
    ExecutionResult failed = recorded(cluster, ExecutionStatus.FAILED, "internal-error");
    // A planner cannot replay: the route's call throws IllegalStateException, as a bug would.
    GatewayServices broken = cluster.services().withHistory(cluster.history().executions(),
        Replayer.planner(cluster.history().executions()));
    try (Gateway gateway = Gateway.start(GatewayCluster.settings(), broken)) {
      Answer answer = new Api(gateway.uri(), GatewayCluster.KEY).post(
          "/executions/" + failed.getExecutionId() + "/replay", "{}");

      assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
      assertThat(answer.json().get("error").asText()).isEqualTo("internal_error");
      assertThat(answer.json().get("message").asText()).contains(answer.header("X-Request-Id"));
      assertThat(answer.response().body()).doesNotContain("IllegalStateException").doesNotContain("planner")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void ready_isFalseAnd503_whenKafkaIsUnreachable_orTheGatewayCloses(GatewayCluster cluster) {
    try (KafkaReadiness nowhere = KafkaReadiness.create("127.0.0.1:1")) {
      Gateway gateway = Gateway.start(GatewayCluster.settings(), new GatewayServices(cluster.client(),
          cluster.services().compiler(), nowhere, new MetricRegistry(), Optional.empty(), Optional.empty(),
          Optional.empty(), InstantSource.system()));
      Answer ready;
      try {
        ready = new Api(gateway.uri(), GatewayCluster.KEY).get("/health/ready");
      } finally {
        gateway.close();
      }
      gateway.close(); // idempotent

      assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
      assertThat(ready.json().get("ready").asBoolean()).isFalse();
      assertThat(ready.json().get("kafka").asText()).isEqualTo("unreachable");
      assertThat(gateway.state()).isEqualTo(Gateway.State.CLOSED);
    }
  }

  /** Row counts of the history tables, straight from PostgreSQL. */
  private static Map<String, Long> counts(GatewayCluster cluster) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(cluster.postgres().jdbcUrl(), cluster.postgres().user(),
        cluster.postgres().password()); Statement statement = connection.createStatement()) {
      for (String table : List.of("executions", "node_results", "pipelines", "replays")) {
        try (ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
          rows.next();
          counts.put(table, rows.getLong(1));
        }
      }
    }
    return counts;
  }
}
