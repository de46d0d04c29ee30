package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API over the cluster, on the JDK's {@code com.sun.net.httpserver} with a virtual-thread executor it owns.
 *
 * <table>
 *   <caption>Routes (all JSON; {@code /openapi.json} describes each)</caption>
 *   <tr><td>POST /run, POST /execute</td><td>one execution; see {@link RunRoutes}</td></tr>
 *   <tr><td>POST /compile</td><td>diagnostics, hashes and DAG; see {@link CompileRoute}</td></tr>
 *   <tr><td>GET /executions, GET /executions/{id}, POST /executions/{id}/replay, POST /replay</td>
 *       <td>the execution history; see {@link HistoryRoutes}</td></tr>
 *   <tr><td>GET /stats</td><td>the live per-pipeline and per-node windows (503 without statistics)</td></tr>
 *   <tr><td>GET /health/live, GET /health/ready</td><td>{@code {"live": true}}; {@code {"ready": bool, ...}}, 503
 *       when not ready (Kafka unreachable, or closing)</td></tr>
 *   <tr><td>GET /metrics</td><td>request counts, latencies and status classes; see {@link GatewayMetrics}; Prometheus
 *       text when {@code Accept} asks for text/plain or OpenMetrics</td></tr>
 *   <tr><td>GET /metrics/prometheus</td><td>the same in the Prometheus text format</td></tr>
 *   <tr><td>GET /openapi.json</td><td>the OpenAPI 3.1 description</td></tr>
 * </table>
 *
 * <p>Every route but health, metrics and OpenAPI needs {@code Authorization: Bearer <key>} when the settings hold
 * keys (401 without one, 403 with a wrong one). Bodies are read up to the limit, counted as they are read (413,
 * chunked bodies too); a body must be {@code application/json} (415). Every error is
 * {@code {"error", "message", "requestId"}} with its status (400, 401, 403, 404, 405, 409, 413, 415, 500, 503, 504);
 * a 500 never carries a stack trace. Each response carries {@code X-Request-Id}: the request's own when it sent a
 * sane one (1 to 128 of {@code [A-Za-z0-9._:-]}), else a new UUID.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(GatewaySettings.fromEnv(System.getenv()), services)) {
 *   ... gateway.port() ...
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@code RUNNING -> DRAINING -> CLOSED}. {@link #close()} first turns {@code /health/ready} to 503,
 * then stops accepting connections and lets requests in progress finish for the settings' drain timeout, then
 * interrupts those still waiting (they answer 503) and stops the executor. The services are not closed: they are
 * the caller's.
 *
 * <p>Thread-safety: thread-safe; each request runs on its own virtual thread.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  static final String REQUEST_ID = "X-Request-Id";
  private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final String JSON = "application/json; charset=utf-8";
  private static final String OPENAPI_RESOURCE = "openapi.json";
  /** Counted (never sent) when the client went away before its answer: nginx's "client closed request". */
  private static final int CLIENT_GONE = 499;

  enum State { RUNNING, DRAINING, CLOSED }

  private final GatewaySettings settings;
  private final GatewayServices services;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Router router;
  private final ApiKeys keys;
  private final GatewayMetrics metrics;
  private final JsonNode openApi;
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);

  private Gateway(GatewaySettings settings, GatewayServices services, HttpServer server, ExecutorService executor) {
    this.settings = settings;
    this.services = services;
    this.server = server;
    this.executor = executor;
    this.keys = new ApiKeys(settings.apiKeys());
    RunRoutes run = new RunRoutes(services.client(), settings);
    CompileRoute compile = new CompileRoute(services.compiler());
    HistoryRoutes history = new HistoryRoutes(services.history(), services.replayer(), services.clock());
    this.router = new Router(List.of(
        Route.secured("POST", "/run", "run", run::run),
        Route.secured("POST", "/execute", "execute", run::execute),
        Route.secured("POST", "/compile", "compile", compile::compile),
        Route.secured("GET", "/executions", "executions.list", history::list),
        Route.secured("GET", "/executions/{id}", "executions.get", history::get),
        Route.secured("POST", "/executions/{id}/replay", "executions.replay", history::replayOne),
        Route.secured("POST", "/replay", "replay", history::replaySelection),
        Route.secured("GET", "/stats", "stats", this::stats),
        Route.open("GET", "/health/live", "health.live", this::live),
        Route.open("GET", "/health/ready", "health.ready", this::ready),
        Route.open("GET", "/metrics", "metrics", this::metrics),
        Route.open("GET", "/metrics/prometheus", "metrics.prometheus", this::prometheusMetrics),
        Route.open("GET", "/openapi.json", "openapi", this::openApi)));
    this.metrics = new GatewayMetrics(services.metrics(), router.routes());
    this.openApi = loadOpenApi();
  }

  /**
   * Binds the settings' host and port and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static Gateway start(GatewaySettings settings, GatewayServices services) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(services, "services");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the gateway to " + settings.host() + ":" + settings.port(), e);
    }
    ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gateway-", 0).factory());
    Gateway gateway;
    try {
      gateway = new Gateway(settings, services, server, executor);
      server.setExecutor(executor);
      server.createContext("/", gateway::handle);
      server.start();
    } catch (RuntimeException e) {
      server.stop(0); // releases the bound port
      executor.shutdownNow();
      throw e;
    }
    if (!settings.authenticated()) {
      LOG.warn("gateway serves WITHOUT API keys ({}=true): for local development only", GatewaySettings.ALLOW_NO_AUTH);
    }
    LOG.info("gateway listening on {}:{}", settings.host(), gateway.port());
    return gateway;
  }

  /** The bound port (useful after starting on port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>} when bound to every interface, else the bound host. */
  public URI uri() {
    String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1" : settings.host();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  State state() {
    return state.get();
  }

  /** The routes served, in matching order (the OpenAPI test compares them with the document). */
  List<Route> routes() {
    return router.routes();
  }

  /** Drains and stops; see the class documentation. Idempotent. */
  @Override
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.DRAINING)) return;
    int drainSeconds = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (settings.drainTimeout().toMillis() + 999) / 1000));
    server.stop(drainSeconds);   // stops accepting, then waits for exchanges in progress, at most the drain time
    executor.shutdownNow();      // interrupts requests still waiting for a result; they answer 503
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) LOG.warn("gateway requests still running after close");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    state.set(State.CLOSED);
    LOG.info("gateway on port {} closed", server.getAddress().getPort());
  }

  private Response stats(GatewayRequest request) {
    request.query(Set.of());
    return services.stats()
        .map(view -> Response.ok(view.snapshot()))
        .orElseThrow(() -> ApiError.UNAVAILABLE.because("this gateway runs without live statistics (no streams"
            + " statistics view configured)"));
  }

  private Response live(GatewayRequest request) {
    return Response.ok(GatewayJson.object().put("live", true));
  }

  private Response metrics(GatewayRequest request) {
    String accept = request.header("Accept");
    if (accept != null && (accept.contains("text/plain") || accept.contains("openmetrics"))) {
      return prometheusMetrics(request);
    }
    return Response.ok(metrics.toJson());
  }

  private Response prometheusMetrics(GatewayRequest request) {
    return Response.text(GatewayMetrics.PROMETHEUS_CONTENT_TYPE, metrics.prometheusText());
  }

  private Response openApi(GatewayRequest request) {
    return Response.ok(openApi);
  }

  private Response ready(GatewayRequest request) {
    Readiness readiness;
    if (state.get() != State.RUNNING) {
      readiness = Readiness.notReady("the gateway is shutting down", Map.of());
    } else {
      try {
        readiness = Objects.requireNonNull(services.readiness().check(), "readiness check returned null");
      } catch (RuntimeException e) {
        LOG.warn("readiness check failed", e);
        readiness = Readiness.notReady("readiness check failed: " + e.getClass().getSimpleName(), Map.of());
      }
    }
    ObjectNode body = GatewayJson.object().put("ready", readiness.ready());
    if (!readiness.ready()) body.put("reason", readiness.reason().isEmpty() ? "not ready" : readiness.reason());
    readiness.detail().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .filter(e -> !body.has(e.getKey()))
        .forEach(e -> body.put(e.getKey(), e.getValue()));
    body.put("history", services.history().isPresent() ? "configured" : "absent");
    body.put("stats", services.stats().isPresent() ? "configured" : "absent");
    return Response.of(readiness.ready() ? 200 : 503, body);
  }

  private void handle(HttpExchange exchange) {
    long started = System.nanoTime();
    String requestId = requestId(exchange.getRequestHeaders().getFirst(REQUEST_ID));
    String routeName = GatewayMetrics.UNMATCHED;
    int status = 500;
    try {
      Router.Match match = router.match(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
      routeName = match.route().name();
      if (match.route().needsKey()) keys.check(exchange.getRequestHeaders().getFirst("Authorization"));
      Response response = match.route().handler()
          .handle(new GatewayRequest(exchange, requestId, match.params(), settings.maxBodyBytes()));
      status = response.status();
      send(exchange, requestId, status, response.body(), response.headers(), false);
    } catch (UnableToServeException e) {
      status = e.error().status();
      sendError(exchange, requestId, e);
    } catch (IOException e) {
      status = CLIENT_GONE;
      LOG.debug("gateway client went away during {}: {}", requestId, e.toString()); // nothing left to answer
    } catch (RuntimeException e) {
      LOG.error("request {} {} {} failed", requestId, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
      status = 500;
      sendError(exchange, requestId, ApiError.INTERNAL.because("internal error; quote request id " + requestId
          + " when reporting it"));
    } finally {
      exchange.close();
      metrics.record(routeName, status, System.nanoTime() - started);
    }
  }

  private void sendError(HttpExchange exchange, String requestId, UnableToServeException error) {
    ObjectNode body = GatewayJson.object()
        .put("error", error.error().code())
        .put("message", error.getMessage())
        .put("requestId", requestId);
    error.fields().forEach(body::put);
    boolean tooLarge = error.error() == ApiError.PAYLOAD_TOO_LARGE;
    Map<String, String> headers = error.headers();
    if (tooLarge) {
      headers = new java.util.LinkedHashMap<>(headers);
      headers.put("Connection", "close"); // the rest of the body is not read: the connection cannot be reused
    }
    try {
      send(exchange, requestId, error.error().status(), new Response.Json(body), headers, tooLarge);
    } catch (IOException | RuntimeException e) {
      // The response was already started, or the client is gone; the connection closes with the exchange.
      LOG.debug("cannot send error {} for {}: {}", error.error().code(), requestId, e.toString());
    }
  }

  /**
   * Writes a JSON response. With {@code linger}, the body still coming is read and dropped (up to twice the body
   * limit) after the response is flushed and before the exchange closes, so a client that is still sending an
   * oversized body gets to read the 413 rather than a reset connection.
   */
  private void send(HttpExchange exchange, String requestId, int status, Response.Body body,
      Map<String, String> headers, boolean linger) throws IOException {
    byte[] bytes = switch (body) {
      case Response.Json json -> GatewayJson.write(json.node());
      case Response.Text text -> text.text().getBytes(StandardCharsets.UTF_8);
    };
    var responseHeaders = exchange.getResponseHeaders();
    responseHeaders.set("Content-Type", switch (body) {
      case Response.Json json -> JSON;
      case Response.Text text -> text.contentType();
    });
    responseHeaders.set("Cache-Control", "no-store");
    responseHeaders.set("X-Content-Type-Options", "nosniff");
    responseHeaders.set(REQUEST_ID, requestId);
    headers.forEach(responseHeaders::set);
    exchange.sendResponseHeaders(status, bytes.length);
    OutputStream out = exchange.getResponseBody();
    out.write(bytes);
    out.flush();
    if (linger) {
      InputStream rest = exchange.getRequestBody();
      BoundedBody.discard(rest, 2L * settings.maxBodyBytes());
    }
    out.close();
  }

  private static String requestId(String given) {
    if (given != null && SANE_REQUEST_ID.matcher(given).matches()) return given;
    return UUID.randomUUID().toString();
  }

  private static JsonNode loadOpenApi() {
    try (InputStream in = Gateway.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the jar");
      return GatewayJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
    }
  }
}
