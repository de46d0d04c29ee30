package io.constellation.submitter.gateway;

import static io.constellation.submitter.gateway.GatewayCluster.DOUBLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.submitter.gateway.Api.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /run}, {@code /execute} and {@code /compile} against two real worker nodes. */
@ExtendWith(GatewayCluster.Extension.class)
final class GatewayRunTest {

  private static String run(int x) {
    ObjectNode body = Api.JSON.createObjectNode().put("source", DOUBLE);
    body.putObject("inputs").put("x", x);
    return body.toString();
  }

  @Test
  void run_onARealWorker_answers200WithTheResultJson(GatewayCluster cluster) {
    Answer answer = cluster.api().post("/run", run(21));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode result = answer.json();
    assertThat(result.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(result.get("outputs").get("doubled").asInt()).isEqualTo(42);
    assertThat(result.get("nodeId").asText()).isIn(GatewayCluster.NODE_1, GatewayCluster.NODE_2);
    assertThat(result.get("executionId").asText()).isNotBlank();
    assertThat(answer.header("X-Request-Id")).isNotBlank();
    assertThat(answer.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void run_badInput_answers200WithRejectedInTheBody(GatewayCluster cluster) {
    Answer answer = cluster.api().post("/run", "{\"source\": " + Api.JSON.valueToTree(DOUBLE)
        + ", \"inputs\": {\"x\": \"not a number\"}, \"pipeline\": \"doubling\", \"priority\": 90}");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json().get("status").asText()).isEqualTo("REJECTED");
    assertThat(answer.json().get("errors")).isNotEmpty();
    assertThat(answer.json().get("metadata").get("pipeline").asText()).isEqualTo("doubling");
  }

  @Test
  void execute_pinned_runsOnTheNodeOfTheHeader(GatewayCluster cluster) {
    for (String node : List.of(GatewayCluster.NODE_1, GatewayCluster.NODE_2, GatewayCluster.NODE_2)) {
      Answer answer = cluster.api().send(cluster.api().request("/execute")
          .header("Content-Type", "application/json").header("X-Constellation-Node", node)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(run(5))).build());

      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      assertThat(answer.json().get("nodeId").asText()).isEqualTo(node);
      assertThat(answer.json().get("outputs").get("doubled").asInt()).isEqualTo(10);
    }
  }

  @Test
  void execute_withoutTheNodeHeader_is400(GatewayCluster cluster) {
    Answer answer = cluster.api().post("/execute", run(1));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("error").asText()).isEqualTo("bad_request");
    assertThat(answer.json().get("message").asText()).contains("X-Constellation-Node");
  }

  @Test
  void execute_onANodeThatDoesNotExist_is504WithTheExecutionIdAndLocation(GatewayCluster cluster) {
    ObjectNode body = Api.JSON.createObjectNode().put("source", DOUBLE).put("timeout", "1s");
    body.putObject("inputs").put("x", 1);

    Answer answer = cluster.api().send(cluster.api().request("/execute")
        .header("Content-Type", "application/json").header("X-Constellation-Node", "gw-ghost")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build());

    assertThat(answer.status()).as(answer.toString()).isEqualTo(504);
    JsonNode error = answer.json();
    assertThat(error.get("error").asText()).isEqualTo("gateway_timeout");
    assertThat(error.get("requestId").asText()).isEqualTo(answer.header("X-Request-Id"));
    String id = error.get("executionId").asText();
    assertThat(answer.header("Location")).isEqualTo("/executions/" + id);
    assertThat(cluster.client().pending()).as("the timed-out execution is no longer awaited").isZero();
  }

  @Test
  void runAsync_is202WithALocation_thatServesTheExecutionOnceRecorded(GatewayCluster cluster) throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    Answer accepted = cluster.api().post("/run?async=true", run(8));

    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().get("executionId").asText();
    String location = accepted.header("Location");
    assertThat(location).isEqualTo("/executions/" + id).isEqualTo(accepted.json().get("location").asText());
    assertThat(cluster.api().get(location).status()).as("not recorded yet").isEqualTo(404);

    // The streams app is not part of this test: record the result the way it would, through the TraceWriter.
    ExecutionResult result = awaitResult(cluster, id, before);
    assertThat(cluster.history().traces().write(List.of(result))).isEqualTo(1);
    Answer recorded = cluster.api().get(location);

    assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
    assertThat(recorded.json().get("executionId").asText()).isEqualTo(id);
    assertThat(recorded.json().get("status").asText()).isEqualToIgnoringCase("completed");
    assertThat(recorded.json().toString()).contains("nodeResults");
  }

  @Test
  void compile_goodSource_answersOkWithHashesDagAndModules(GatewayCluster cluster) {
    Answer answer = cluster.api().post("/compile", "{\"source\": \"in name: String\\ngreeting = Uppercase(name)\\n"
        + "out greeting\\n\"}");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode document = answer.json();
    assertThat(document.get("status").asText()).isEqualTo("ok");
    assertThat(document.get("errors")).isEmpty();
    assertThat(document.get("sourceHash").asText()).isNotBlank();
    assertThat(document.get("structuralHash").asText()).isNotBlank();
    assertThat(document.get("registryHash").asText()).isNotBlank();
    assertThat(document.get("dag").get("nodes")).isNotEmpty();
    assertThat(document.get("modules").toString()).contains("Uppercase");
  }

  @Test
  void compile_badSource_answersRejectedWithTheDiagnostics(GatewayCluster cluster) {
    Answer answer = cluster.api().post("/compile", "{\"source\": \"in x: Int\\ny = Uppercas(x)\\nout y\\n\"}");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode document = answer.json();
    assertThat(document.get("status").asText()).isEqualTo("rejected");
    JsonNode error = document.get("errors").get(0);
    assertThat(error.get("code").asText()).startsWith("E");
    assertThat(error.get("line").asInt()).isEqualTo(2);
    assertThat(document.has("dag")).isFalse();
  }

  @Test
  void run_badFields_are400NamingTheField(GatewayCluster cluster) {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"{\"inputs\": {}}", "source"});
    cases.add(new String[] {"{\"source\": \"x\", \"priorty\": 5}", "priorty"});
    cases.add(new String[] {"{\"source\": \"x\", \"priority\": 101}", "priority"});
    cases.add(new String[] {"{\"source\": \"x\", \"priority\": \"high\"}", "priority"});
    cases.add(new String[] {"{\"source\": \"x\", \"inputs\": [1]}", "inputs"});
    cases.add(new String[] {"{\"source\": \"x\", \"timeout\": \"forever\"}", "timeout"});
    cases.add(new String[] {"{\"source\": \"x\", \"timeout\": \"2h\"}", "timeout"});
    cases.add(new String[] {"{\"source\": \"x\", \"deadline\": \"99999999999999d\"}", "deadline"});
    cases.add(new String[] {"{\"source\": \"x\", \"metadata\": {\"k\": 1}}", "metadata"});
    for (String[] c : cases) {
      Answer answer = cluster.api().post("/run", c[0]);
      assertThat(answer.status()).as(c[0] + " -> " + answer).isEqualTo(400);
      assertThat(answer.json().get("message").asText()).as(c[0]).contains(c[1]);
    }
  }

  @Test
  void metrics_countRequestsPerRouteAndStatusClass(GatewayCluster cluster) {
    cluster.api().post("/compile", "{\"source\": \"in x: Int\\nout x\\n\"}");
    cluster.api().get("/nowhere");

    JsonNode metrics = cluster.api().get("/metrics").json();

    assertThat(metrics.get("timers").get("gateway.requests.compile").get("count").asLong()).isPositive();
    assertThat(metrics.get("timers").get("gateway.requests.unmatched").get("count").asLong()).isPositive();
    assertThat(metrics.get("meters").get("gateway.responses.2xx").get("count").asLong()).isPositive();
    assertThat(metrics.get("meters").get("gateway.responses.4xx").get("count").asLong()).isPositive();
  }

  @Test
  void metrics_inPrometheusText_forScrapers(GatewayCluster cluster) {
    cluster.api().get("/nowhere");

    Api.Answer scraped = cluster.api().get("/metrics/prometheus");

    assertThat(scraped.status()).isEqualTo(200);
    assertThat(scraped.header("Content-Type")).startsWith("text/plain");
    assertThat(scraped.response().body()).contains("gateway_responses_4xx_total").contains("gateway_responses_total")
        .contains("gateway_requests_unmatched_count");
  }

  private static ExecutionResult awaitResult(GatewayCluster cluster, String id, Instant since)
      throws InterruptedException {
    List<ExecutionResult> found = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (found.isEmpty()) {
      if (System.nanoTime() > deadline) throw new AssertionError("no result for " + id + " within 60 s");
      cluster.client().scanResults(id::equals, since, found::add);
      if (found.isEmpty()) Thread.sleep(100);
    }
    return found.get(0);
  }
}
