package io.constellation.submitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.submitter.gateway.Api.Answer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys, body limits, content types and the JSON error contract. */
@ExtendWith(GatewayCluster.Extension.class)
final class GatewaySecurityTest {
  private static final int ELEVEN_MIB = 11 * 1024 * 1024;

  private static void assertError(Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    JsonNode error = answer.json();
    assertThat(error.get("error").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("requestId").asText()).isEqualTo(answer.header("X-Request-Id"));
    assertThat(answer.response().body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static HttpRequest.Builder unauthenticated(GatewayCluster cluster, String path) {
    return HttpRequest.newBuilder(cluster.api().base().resolve(path));
  }

  @Test
  void anyApiRoute_withoutAKey_is401WithABearerChallenge(GatewayCluster cluster) {
    for (String path : List.of("/run", "/compile", "/replay")) {
      Answer answer = cluster.api().send(unauthenticated(cluster, path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{not json")).build());
      assertError(answer, 401, "unauthorized");
      assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertError(cluster.api().send(unauthenticated(cluster, "/executions").GET().build()), 401, "unauthorized");
    assertError(cluster.api().send(unauthenticated(cluster, "/stats").header("Authorization", "Basic dXNlcjpwdw==")
        .GET().build()), 401, "unauthorized");
  }

  @Test
  void anyApiRoute_withAWrongKey_is403(GatewayCluster cluster) {
    for (String key : List.of("wrong-key-0123456789abcdef", GatewayCluster.KEY + "x", GatewayCluster.KEY.substring(1),
        "x")) {
      Answer answer = cluster.api().send(unauthenticated(cluster, "/executions")
          .header("Authorization", "Bearer " + key).GET().build());
      assertError(answer, 403, "forbidden");
    }
  }

  @Test
  void everyConfiguredKey_isAccepted_schemeCaseInsensitive(GatewayCluster cluster) {
    Answer second = cluster.api().send(unauthenticated(cluster, "/compile")
        .header("Authorization", "bearer " + GatewayCluster.OTHER_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"source\": \"in x: Int\\nout x\\n\"}")).build());

    assertThat(second.status()).as(second.toString()).isEqualTo(200);
  }

  @Test
  void healthMetricsAndOpenApi_needNoKey(GatewayCluster cluster) {
    for (String path : List.of("/health/live", "/health/ready", "/metrics", "/openapi.json")) {
      Answer answer = cluster.api().send(unauthenticated(cluster, path).GET().build());
      assertThat(answer.status()).as(path + " " + answer).isEqualTo(200);
    }
    Answer ready = cluster.api().send(unauthenticated(cluster, "/health/ready").GET().build());
    assertThat(ready.json().get("ready").asBoolean()).isTrue();
    assertThat(ready.json().get("kafka").asText()).isEqualTo("reachable");
  }

  @Test
  void malformedJson_is400SayingWhere(GatewayCluster cluster) {
    for (String body : List.of("{not json", "{\"source\": \"x\",}", "[1, 2]", "\"text\"", "{\"source\": \"x\"} {}",
        "{\"source\": \"a\", \"source\": \"b\"}", "[".repeat(10_000))) {
      Answer answer = cluster.api().post("/run", body);
      assertError(answer, 400, "bad_request");
    }
    assertThat(cluster.api().post("/run", "{not json").json().get("message").asText()).contains("line 1");
  }

  @Test
  void oversizedBody_11MiB_is413_fixedLengthOrChunked(GatewayCluster cluster) {
    byte[] body = oversizedJson();

    Answer fixed = cluster.api().send(cluster.api().request("/run").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    Answer chunked = cluster.api().send(cluster.api().request("/compile").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

    assertError(fixed, 413, "payload_too_large");
    assertError(chunked, 413, "payload_too_large");
    assertThat(fixed.json().get("message").asText()).contains("10 MiB");
  }

  @Test
  void declaredContentLengthOverTheLimit_is413WithoutWaitingForTheBody(GatewayCluster cluster) throws IOException {
    try (Socket socket = new Socket(cluster.api().base().getHost(), cluster.api().base().getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      // Claims 11 MiB, sends 2 bytes and waits: the answer must not depend on the rest ever coming.
      out.write(("POST /run HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + GatewayCluster.KEY
          + "\r\nContent-Type: application/json\r\nContent-Length: " + ELEVEN_MIB + "\r\n\r\n{}")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readHead(socket.getInputStream());

      assertThat(head).startsWith("HTTP/1.1 413");
      assertThat(head.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
    }
  }

  @Test
  void nonJsonContentType_is415(GatewayCluster cluster) {
    Answer plain = cluster.api().send(cluster.api().request("/run").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"source\": \"x\"}")).build());
    Answer none = cluster.api().send(cluster.api().request("/compile")
        .POST(HttpRequest.BodyPublishers.ofString("{\"source\": \"x\"}")).build());

    assertError(plain, 415, "unsupported_media_type");
    assertError(none, 415, "unsupported_media_type");
  }

  @Test
  void wrongMethod_is405WithAllow_unknownPath_is404(GatewayCluster cluster) {
    Answer get = cluster.api().get("/run");
    Answer delete = cluster.api().send(cluster.api().request("/executions/abc").DELETE().build());
    Answer missing = cluster.api().get("/nowhere/" + "x".repeat(5_000));

    assertError(get, 405, "method_not_allowed");
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertError(delete, 405, "method_not_allowed");
    assertThat(delete.header("Allow")).isEqualTo("GET");
    assertError(missing, 404, "not_found");
    assertThat(missing.json().get("message").asText().length()).isLessThan(300);
  }

  @Test
  void requestId_isEchoedWhenSane_andGeneratedOtherwise(GatewayCluster cluster) {
    Answer echoed = cluster.api().send(cluster.api().request("/nowhere").header("X-Request-Id", "trace-42.a:b").GET()
        .build());
    Answer replaced = cluster.api().send(cluster.api().request("/nowhere").header("X-Request-Id", "<script>").GET()
        .build());
    Answer generated = cluster.api().get("/health/live");

    assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-42.a:b");
    assertThat(echoed.json().get("requestId").asText()).isEqualTo("trace-42.a:b");
    assertThat(replaced.header("X-Request-Id")).isNotEqualTo("<script>").hasSize(36);
    assertThat(generated.header("X-Request-Id")).hasSize(36);
  }

  /** A JSON object of 11 MiB: valid, so only its size can be the reason to refuse it. */
  private static byte[] oversizedJson() {
    byte[] body = new byte[ELEVEN_MIB];
    Arrays.fill(body, (byte) 'a');
    byte[] head = "{\"source\": \"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, body, 0, head.length);
    body[body.length - 2] = '"';
    body[body.length - 1] = '}';
    return body;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.toString().endsWith("\r\n\r\n")) break;
    }
    return head.toString();
  }
}
