package io.constellation.worker.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.constellation.worker.metrics.PrometheusExport;
import io.constellation.worker.resilience.Circuit;
import io.constellation.worker.state.UnableToReachCacheException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server of a worker node (and of the streams app), on the JDK's {@code com.sun.net.httpserver} with a virtual-thread executor it owns.
 *
 * <table>
 *   <caption>Endpoints (GET; HEAD answers the same without a body)</caption>
 *   <tr><td>/health/live</td><td>200 {@code {"live": true}}</td></tr>
 *   <tr><td>/health/ready</td><td>200 {@code {"ready": true, ...detail}} or 503
 *       {@code {"ready": false, "reason": "...", ...detail}}</td></tr>
 *   <tr><td>/metrics</td><td>JSON ({@link MetricsView#toJson()}), or Prometheus text when the {@code Accept}
 *       header asks for {@code text/plain} or OpenMetrics</td></tr>
 *   <tr><td>/metrics/prometheus</td><td>Prometheus text</td></tr>
 *   <tr><td>/debug/cache-keys?prefix=P</td><td>JSON list of at most {@value #MAX_LISTED_KEYS} cache keys starting
 *       with P; 400 for a bad prefix, 503 while Redis is unreachable</td></tr>
 *   <tr><td>/debug/circuits</td><td>JSON list of {@code {"module", "state", "failures", "openedAt"}}</td></tr>
 * </table>
 * The {@code /debug} endpoints answer 404 when the node has no Redis (no {@link DebugViews}).
 * Other paths answer 404 and other methods 405, as JSON {@code {"error": "..."}}. A failure inside a handler answers
 * 500 {@code {"error": "internal error"}} and is logged; no response ever carries a stack trace.
 *
 * <pre>{@code
 * try (AdminServer admin = AdminServer.start(config.adminPort(), node::readiness, metrics)) { ... }
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use; requests are served concurrently, each on its own virtual thread, so
 * the readiness supplier must be thread-safe.
 */
public final class AdminServer implements AutoCloseable {

  /**
   * Whether the node takes work, and why not.
   *
   * @param ready  true when the node takes work
   * @param reason why it does not (empty when ready)
   * @param detail extra fields for the readiness response, e.g. {@code "kafka": "assigned"}
   */
  public record Readiness(boolean ready, String reason, Map<String, String> detail) {
    public Readiness {
      reason = reason == null ? "" : reason;
      detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    /** Ready, with extra detail. */
    public static Readiness ready(Map<String, String> detail) {
      return new Readiness(true, "", detail);
    }

    /** Not ready, for {@code reason}. */
    public static Readiness notReady(String reason, Map<String, String> detail) {
      return new Readiness(false, Objects.requireNonNull(reason, "reason"), detail);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final String JSON = "application/json; charset=utf-8";
  /** Request bodies are never read beyond this; none of the endpoints takes one. */
  private static final int MAX_DRAINED_BODY = 64 * 1024;
  /** Most keys one {@code /debug/cache-keys} answer lists; it is a debugging aid, not an export. */
  public static final int MAX_LISTED_KEYS = 1_000;
  /** Longest accepted prefix; cache keys are ~150 characters. */
  static final int MAX_PREFIX_CHARS = 1_024;
  /** Longest accepted query string (the JDK server already bounds the request line). */
  private static final int MAX_QUERY_CHARS = 16 * 1024;
  private static final String NO_REDIS = "this node has no Redis (REDIS_URL unset): no shared cache or circuits";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<Readiness> readiness;
  private final MetricsView metrics;
  private final Optional<DebugViews> debug;
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicBoolean closed = new AtomicBoolean();

  private AdminServer(HttpServer server, ExecutorService executor, Supplier<Readiness> readiness,
      MetricsView metrics, Optional<DebugViews> debug) {
    this.server = server;
    this.executor = executor;
    this.readiness = readiness;
    this.metrics = metrics;
    this.debug = debug;
  }

  /** Starts without {@code /debug} views; see {@link #start(int, Supplier, MetricsView, Optional)}. */
  public static AdminServer start(int port, Supplier<Readiness> readiness, MetricsView metrics) {
    return start(port, readiness, metrics, Optional.empty());
  }

  /**
   * Binds {@code port} on all interfaces and starts serving.
   *
   * @param port      0..65535; 0 picks a free port (see {@link #port()})
   * @param readiness called for each {@code /health/ready} request; an exception there answers 503
   * @param debug     the {@code /debug} views; empty answers them 404 (no Redis)
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static AdminServer start(int port, Supplier<Readiness> readiness, MetricsView metrics,
      Optional<DebugViews> debug) {
    Objects.requireNonNull(debug, "debug");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(metrics, "metrics");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the admin HTTP port " + port, e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    AdminServer admin = new AdminServer(server, executor, readiness, metrics, debug);
    server.setExecutor(executor);
    server.createContext("/", admin::handle);
    server.start();
    LOG.info("admin HTTP listening on port {}", admin.port());
    return admin;
  }

  /** The bound port (useful after starting on port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting connections, lets exchanges in progress finish briefly, then stops the executor. Idempotent. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    server.stop(1); // waits at most 1 s, and only while exchanges are still running
    executor.close();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      drainBody(exchange.getRequestBody());
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        sendJson(exchange, 405, error("method " + safe(method) + " not allowed; use GET"), false);
        return;
      }
      route(exchange, normalise(exchange.getRequestURI().getRawPath()), head);
    } catch (IOException e) {
      LOG.debug("admin client went away: {}", e.toString()); // the client closed the connection; nothing to answer
    } catch (RuntimeException e) {
      LOG.error("admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      try {
        sendJson(exchange, 500, error("internal error"), false);
      } catch (IOException | RuntimeException ignored) {
        // headers were already sent or the client is gone; the connection closes with the exchange
      }
    }
  }

  private void route(HttpExchange exchange, String path, boolean head) throws IOException {
    switch (path) {
      case "/health/live" -> sendJson(exchange, 200, JsonNodeFactory.instance.objectNode().put("live", true), head);
      case "/health/ready" -> ready(exchange, head);
      case "/metrics" -> {
        if (wantsText(exchange.getRequestHeaders().getFirst("Accept"))) {
          prometheus(exchange, head);
        } else {
          sendJson(exchange, 200, metrics.toJson(), head);
        }
      }
      case "/metrics/prometheus" -> prometheus(exchange, head);
      case "/debug/cache-keys" -> cacheKeys(exchange, head);
      case "/debug/circuits" -> circuits(exchange, head);
      default -> sendJson(exchange, 404, error("no such endpoint; try /health/live, /health/ready, /metrics, /debug/cache-keys or /debug/circuits"),
          head);
    }
  }

  private void ready(HttpExchange exchange, boolean head) throws IOException {
    Readiness state;
    try {
      state = Objects.requireNonNull(readiness.get(), "readiness supplier returned null");
    } catch (RuntimeException e) {
      LOG.warn("readiness check failed", e);
      state = Readiness.notReady("readiness check failed: " + e.getClass().getSimpleName(), Map.of());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("ready", state.ready());
    if (!state.ready()) {
      body.put("reason", state.reason().isEmpty() ? "not ready" : state.reason());
    }
    state.detail().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .filter(e -> !body.has(e.getKey()))
        .forEach(e -> body.put(e.getKey(), e.getValue()));
    sendJson(exchange, state.ready() ? 200 : 503, body, head);
  }

  private void cacheKeys(HttpExchange exchange, boolean head) throws IOException {
    if (debug.isEmpty()) {
      sendJson(exchange, 404, error(NO_REDIS), head);
      return;
    }
    String prefix;
    try {
      prefix = queryParameter(exchange.getRequestURI().getRawQuery(), "prefix");
    } catch (IllegalArgumentException e) {
      sendJson(exchange, 400, error(e.getMessage()), head);
      return;
    }
    if (prefix.length() > MAX_PREFIX_CHARS) {
      sendJson(exchange, 400, error("prefix must be at most " + MAX_PREFIX_CHARS + " characters, was "
          + prefix.length()), head);
      return;
    }
    List<String> keys;
    try {
      keys = debug.get().cacheKeys(prefix, MAX_LISTED_KEYS);
    } catch (UnableToReachCacheException e) {
      sendJson(exchange, 503, error("redis is unreachable; try again later"), head);
      return;
    } catch (IllegalArgumentException e) {
      sendJson(exchange, 400, error(e.getMessage()), head);
      return;
    }
    ArrayNode body = JsonNodeFactory.instance.arrayNode(keys.size());
    keys.forEach(body::add);
    sendJson(exchange, 200, body, head);
  }

  private void circuits(HttpExchange exchange, boolean head) throws IOException {
    if (debug.isEmpty()) {
      sendJson(exchange, 404, error(NO_REDIS), head);
      return;
    }
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (Circuit circuit : debug.get().circuits()) {
      ObjectNode one = body.addObject();
      one.put("module", circuit.module());
      one.put("state", circuit.state().wireName());
      one.put("failures", circuit.failures());
      if (circuit.openedAt().isPresent()) {
        one.put("openedAt", circuit.openedAt().get().toString());
      } else {
        one.putNull("openedAt");
      }
    }
    sendJson(exchange, 200, body, head);
  }

  /**
   * The decoded value of {@code name} in a raw query string, "" when absent (the first one when repeated).
   *
   * @throws IllegalArgumentException for a malformed percent-encoding
   */
  static String queryParameter(String rawQuery, String name) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    if (rawQuery.length() > MAX_QUERY_CHARS) {
      throw new IllegalArgumentException("query must be at most " + MAX_QUERY_CHARS + " characters");
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (!key.equals(name)) {
        continue;
      }
      String raw = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " is not valid percent-encoding");
      }
    }
    return "";
  }

  private void prometheus(HttpExchange exchange, boolean head) throws IOException {
    send(exchange, 200, PrometheusExport.CONTENT_TYPE,
        metrics.prometheusText().getBytes(StandardCharsets.UTF_8), head);
  }

  private void sendJson(HttpExchange exchange, int status, JsonNode body, boolean head) throws IOException {
    send(exchange, status, JSON, mapper.writeValueAsBytes(body), head);
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.sendResponseHeaders(status, -1); // HEAD: headers only
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Prometheus scrapers ask for OpenMetrics or text/plain; browsers and curl default to JSON. */
  static boolean wantsText(String accept) {
    if (accept == null) {
      return false;
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    return lower.contains("text/plain") || lower.contains("application/openmetrics-text");
  }

  /** Drops one trailing slash so {@code /metrics/} works too. */
  private static String normalise(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    return rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
  }

  /** Reads and discards a small body so the connection can be reused; a larger one just closes the connection. */
  private static void drainBody(InputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    int total = 0;
    int n;
    while (total < MAX_DRAINED_BODY && (n = body.read(buffer)) > 0) {
      total += n;
    }
  }

  private static ObjectNode error(String message) {
    return JsonNodeFactory.instance.objectNode().put("error", message);
  }

  private static String safe(String text) {
    String cleaned = text.replaceAll("[^A-Za-z0-9_-]", "?");
    return cleaned.length() > 32 ? cleaned.substring(0, 32) + "..." : cleaned;
  }
}
