package io.constellation.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.worker.admin.AdminServer.Readiness;
import io.constellation.worker.metrics.WorkerMetrics;
import io.constellation.worker.scheduler.SchedulerStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AdminServerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ObjectMapper mapper = new ObjectMapper();
  private final WorkerMetrics metrics = new WorkerMetrics("node-a", 16);
  private final AtomicReference<Readiness> readiness =
      new AtomicReference<>(Readiness.ready(Map.of("kafka", "assigned")));
  private final AdminServer server = AdminServer.start(0, readiness::get, metrics);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(TIMEOUT);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    return mapper.readTree(response.body());
  }

  @Test
  void live_answers200() throws Exception {
    HttpResponse<String> response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("live").asBoolean()).isTrue();
  }

  @Test
  void ready_whenReady_answers200WithDetail() throws Exception {
    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("ready").asBoolean()).isTrue();
    assertThat(body.path("kafka").asText()).isEqualTo("assigned");
    assertThat(body.has("reason")).isFalse();
  }

  @Test
  void ready_whenNotReady_answers503WithReason() throws Exception {
    readiness.set(Readiness.notReady("draining", Map.of("inFlight", "3", "ready", "spoofed")));

    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.path("ready").asBoolean()).isFalse();
    assertThat(body.path("reason").asText()).isEqualTo("draining");
    assertThat(body.path("inFlight").asText()).isEqualTo("3");
  }

  @Test
  void ready_supplierThrows_answers503NotA500() throws Exception {
    readiness.set(null); // the supplier returns null
    HttpResponse<String> nullAnswer = get("/health/ready");
    assertThat(nullAnswer.statusCode()).isEqualTo(503);
    assertThat(json(nullAnswer).path("reason").asText()).startsWith("readiness check failed");

    try (AdminServer throwing = AdminServer.start(0, () -> {
      throw new IllegalStateException("secret internals");
    }, metrics)) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + throwing.port() + "/health/ready")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).doesNotContain("secret internals", "at io.", "Exception:");
    }
  }

  @Test
  void metrics_default_answersJsonInTheGuidesShape() throws Exception {
    metrics.executionFinished("COMPLETED", Duration.ofMillis(1), Duration.ofMillis(2));
    metrics.schedulerStats(() -> new SchedulerStats(1, 4, 5, 1, 0, 0, 0));

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("node").asText()).isEqualTo("node-a");
    assertThat(body.path("scheduler").path("queuedCount").asInt()).isEqualTo(4);
    assertThat(body.path("execution").path("byStatus").path("COMPLETED").asLong()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "text/plain;version=0.0.4",
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"})
  void metrics_acceptTextPlain_answersPrometheusText(String accept) throws Exception {
    metrics.executionFinished("FAILED", Duration.ZERO, Duration.ZERO);

    HttpResponse<String> response = get("/metrics", "Accept", accept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).contains("# TYPE", "execution_byStatus_FAILED_total 1", "scheduler_activeCount");
  }

  @Test
  void metricsPrometheus_answersPrometheusTextWhateverTheAcceptHeader() throws Exception {
    HttpResponse<String> response = get("/metrics/prometheus", "Accept", "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("scheduler_queuedCount");
  }

  @Test
  void metrics_browserAccept_answersJson() throws Exception {
    HttpResponse<String> response = get("/metrics/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).has("scheduler")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/nope", "/health", "/health/live/extra", "/metrics/json", "/%2e%2e/etc/passwd",
      "/health/live%00"})
  void unknownPath_answers404Json(String path) throws Exception {
    HttpResponse<String> response = get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("error").asText()).contains("no such endpoint");
  }

  @Test
  void query_isIgnored() throws Exception {
    assertThat(get("/health/live?x=%25%25&&==&y").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
  void otherMethods_answer405WithAllow(String method) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/health/live")).timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.ofString("{\"x\": 1}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(json(response).path("error").asText()).contains("not allowed");
  }

  @Test
  void head_answersHeadersWithoutBody() throws Exception {
    String response = raw("HEAD /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(response).doesNotContain("\"live\"");
  }

  @Test
  void hostile_garbageQueryAndBadEscapes_neverA500() throws Exception {
    assertSafe(raw("GET /health/live?%%%zz&&==;;\u00ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertSafe(raw("GET /%zz%%/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertSafe(raw("GET http://evil/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  }

  @Test
  void hostile_veryLongPath_neverA500() throws Exception {
    assertSafe(raw("GET /" + "a".repeat(200_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    HttpResponse<String> response = get("/" + "b".repeat(10_000));
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void hostile_hugeHeader_neverA500() throws Exception {
    assertSafe(raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(2_000_000)
        + "\r\nConnection: close\r\n\r\n"));
    assertSafe(raw("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: " + "text/plain,".repeat(10_000)
        + "\r\nConnection: close\r\n\r\n"));
  }

  @Test
  void hostile_garbageRequestLinesAndBodies_neverA500() throws Exception {
    assertSafe(raw("\u0000\u0001\u0002 garbage\r\n\r\n"));
    assertSafe(raw("GET\r\n\r\n"));
    assertSafe(raw("BREW /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertSafe(raw("POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n"
        + "x".repeat(100_000)));
    assertSafe(raw("GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + "zz\r\n"));
    // and the server still serves afterwards
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void close_isIdempotentAndFreesThePort() throws Exception {
    AdminServer other = AdminServer.start(0, readiness::get, metrics);
    int port = other.port();
    other.close();
    other.close();

    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      }
    }).isInstanceOf(IOException.class);
  }

  @Test
  void start_badPort_isRejected() {
    assertThatThrownBy(() -> AdminServer.start(70_000, readiness::get, metrics))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, was 70000");
  }

  @Test
  void wantsText_acceptHeaderTable() {
    assertThat(AdminServer.wantsText(null)).isFalse();
    assertThat(AdminServer.wantsText("application/json")).isFalse();
    assertThat(AdminServer.wantsText("*/*")).isFalse();
    assertThat(AdminServer.wantsText("TEXT/PLAIN")).isTrue();
    assertThat(AdminServer.wantsText("application/openmetrics-text")).isTrue();
  }

  /**
   * No 500 and no stack trace, whether the server answered or dropped the connection. (For a request line it cannot
   * parse, the JDK server itself answers 400 before any handler runs, naming the exception class but no trace.)
   */
  private static void assertSafe(String response) {
    assertThat(response).doesNotStartWith("HTTP/1.1 500");
    assertThat(response).doesNotContain("\tat ", "at java.", "at sun.", "at io.constellation", "Caused by");
  }

  /** Sends raw bytes and returns whatever comes back before the server closes (empty if it just hangs up). */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.shutdownOutput();
      } catch (IOException serverHungUp) {
        // the server may refuse a huge request before reading all of it
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          received.write(buffer, 0, n);
        }
      } catch (IOException reset) {
        // a reset after a refusal is an acceptable answer
      }
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
