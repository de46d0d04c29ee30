package io.constellation.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.worker.admin.AdminServer.Readiness;
import io.constellation.worker.metrics.WorkerMetrics;
import io.constellation.worker.resilience.Circuit;
import io.constellation.worker.resilience.CircuitState;
import io.constellation.worker.state.UnableToReachCacheException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code /debug} endpoints over fake views: listing, bounds, hostile queries, Redis down, no Redis. */
final class AdminDebugEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> prefixesAsked = new ArrayList<>();
  private final AtomicBoolean redisDown = new AtomicBoolean();
  private final List<AdminServer> servers = new ArrayList<>();

  private final DebugViews views = new DebugViews() {
    @Override
    public List<String> cacheKeys(String prefix, int limit) {
      prefixesAsked.add(prefix);
      if (redisDown.get()) throw new UnableToReachCacheException("cannot list keys: redis is degraded", null);
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < limit + 5; i++) keys.add(prefix + i); // more than asked: the server must not care
      return keys.subList(0, limit);
    }

    @Override
    public List<Circuit> circuits() {
      return List.of(new Circuit("Open", CircuitState.OPEN, 5, Optional.of(Instant.parse("2026-01-01T00:00:00Z"))),
          new Circuit("Closed", CircuitState.CLOSED, 0, Optional.empty()));
    }
  };

  @AfterEach
  void close() {
    servers.forEach(AdminServer::close);
  }

  private AdminServer start(Optional<DebugViews> debug) {
    AdminServer server = AdminServer.start(0, () -> Readiness.ready(Map.of()), new WorkerMetrics("n", 16), debug);
    servers.add(server);
    return server;
  }

  private HttpResponse<String> get(AdminServer server, String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void cacheKeys_prefixDecoded_listBounded() throws Exception {
    AdminServer server = start(Optional.of(views));

    HttpResponse<String> response = get(server, "/debug/cache-keys?prefix=module%3AX%20y&other=1");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.isArray()).isTrue();
    assertThat(body).hasSize(AdminServer.MAX_LISTED_KEYS);
    assertThat(prefixesAsked).containsExactly("module:X y");
    assertThat(get(server, "/debug/cache-keys").statusCode()).isEqualTo(200);
    assertThat(prefixesAsked).last().isEqualTo("");
  }

  @Test
  void cacheKeys_hostileQueries_400WithoutCallingRedis() throws Exception {
    AdminServer server = start(Optional.of(views));

    assertThat(get(server, "/debug/cache-keys?prefix=" + "x".repeat(AdminServer.MAX_PREFIX_CHARS + 1)).statusCode())
        .isEqualTo(400);
    assertThat(rawStatusLine(server, "/debug/cache-keys?prefix=%ZZ")).contains("400");
    assertThat(prefixesAsked).isEmpty();
  }

  @Test
  void cacheKeys_redisDown_503() throws Exception {
    AdminServer server = start(Optional.of(views));
    redisDown.set(true);

    HttpResponse<String> response = get(server, "/debug/cache-keys?prefix=a");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).path("error").asText()).contains("unreachable");
  }

  @Test
  void circuits_listModuleStateFailuresOpenedAt() throws Exception {
    AdminServer server = start(Optional.of(views));

    JsonNode body = JSON.readTree(get(server, "/debug/circuits").body());

    assertThat(body).hasSize(2);
    assertThat(body.get(0).path("module").asText()).isEqualTo("Open");
    assertThat(body.get(0).path("state").asText()).isEqualTo(CircuitState.OPEN.wireName());
    assertThat(body.get(0).path("failures").asLong()).isEqualTo(5);
    assertThat(body.get(0).path("openedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(body.get(1).path("openedAt").isNull()).isTrue();
  }

  @Test
  void withoutRedis_debugEndpoints404Json() throws Exception {
    AdminServer server = start(Optional.empty());

    for (String path : List.of("/debug/cache-keys?prefix=a", "/debug/circuits")) {
      HttpResponse<String> response = get(server, path);
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(response.body()).path("error").asText()).contains("no Redis");
    }
  }

  @Test
  void queryParameter_decodesFirstOccurrence_rejectsBadEncoding() {
    assertThat(AdminServer.queryParameter(null, "prefix")).isEmpty();
    assertThat(AdminServer.queryParameter("a=1&prefix=x%2Fy&prefix=z", "prefix")).isEqualTo("x/y");
    assertThat(AdminServer.queryParameter("prefix", "prefix")).isEmpty();
    assertThatThrownBy(() -> AdminServer.queryParameter("prefix=%G0", "prefix"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percent-encoding");
    assertThatThrownBy(() -> AdminServer.queryParameter("prefix=" + "a".repeat(20_000), "prefix"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Sends a request line the JDK client would refuse to build; returns the response's status line. */
  private static String rawStatusLine(AdminServer server, String target) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') line.append((char) c);
      return line.toString();
    }
  }
}
