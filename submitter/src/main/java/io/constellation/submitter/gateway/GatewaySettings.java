package io.constellation.submitter.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the gateway listens and whom it serves.
 *
 * <table>
 *   <caption>Environment ({@link #fromEnv})</caption>
 *   <tr><td>{@value #PORT}</td><td>port, 0..65535 (0 = any free port); default 8080</td></tr>
 *   <tr><td>{@value #HOST}</td><td>address to bind; default 0.0.0.0, or 127.0.0.1 when unauthenticated</td></tr>
 *   <tr><td>{@value #API_KEYS}</td><td>comma-separated API keys, each 16 to 256 of
 *       {@code [A-Za-z0-9._~+/=-]} (e.g. {@code openssl rand -hex 24})</td></tr>
 *   <tr><td>{@value #ALLOW_NO_AUTH}</td><td>{@code true} lets the gateway start without API keys, for local
 *       development only; default false</td></tr>
 *   <tr><td>{@value #RUN_TIMEOUT}</td><td>how long {@code /run} waits for a result when the request does not say;
 *       default 60s, at most {@code maxRunTimeout}</td></tr>
 * </table>
 *
 * <p>No keys and no {@value #ALLOW_NO_AUTH}: the settings are refused, so a gateway never starts open by accident.
 * With it, every route is open and the default bind address is the loopback interface; with keys, every route but
 * {@code /health/*}, {@code /metrics} and {@code /openapi.json} needs {@code Authorization: Bearer <key>}.
 *
 * <p>{@link #toString()} never shows the keys.
 *
 * @param host                 address to bind
 * @param port                 0..65535
 * @param apiKeys              accepted bearer tokens; empty only when {@code allowUnauthenticated}
 * @param allowUnauthenticated serve without API keys (development)
 * @param maxBodyBytes         largest request body, 1 KiB..64 MiB; default 10 MiB
 * @param runTimeout           default wait of {@code /run} and {@code /execute}
 * @param maxRunTimeout        the longest wait a request may ask for
 * @param drainTimeout         on close, how long requests in progress may finish
 */
public record GatewaySettings(String host, int port, List<String> apiKeys, boolean allowUnauthenticated,
    int maxBodyBytes, Duration runTimeout, Duration maxRunTimeout, Duration drainTimeout) {

  public static final String PORT = "CONSTELLATION_GATEWAY_PORT";
  public static final String HOST = "CONSTELLATION_GATEWAY_HOST";
  public static final String API_KEYS = "CONSTELLATION_API_KEYS";
  public static final String ALLOW_NO_AUTH = "CONSTELLATION_GATEWAY_ALLOW_NO_AUTH";
  public static final String RUN_TIMEOUT = "CONSTELLATION_GATEWAY_RUN_TIMEOUT";

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
  public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MAX_RUN_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._~+/=-]{16,256}");

  public GatewaySettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) throw new IllegalArgumentException("host must not be blank");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    apiKeys = List.copyOf(apiKeys);
    for (int i = 0; i < apiKeys.size(); i++) {
      if (!KEY.matcher(apiKeys.get(i)).matches()) {
        // The key itself is never quoted: it would end up in logs.
        throw new IllegalArgumentException(API_KEYS + ": key #" + (i + 1) + " (" + apiKeys.get(i).length()
            + " characters) must be 16 to 256 of [A-Za-z0-9._~+/=-]; generate one with 'openssl rand -hex 24'");
      }
    }
    if (apiKeys.isEmpty() && !allowUnauthenticated) {
      throw new IllegalArgumentException(API_KEYS + " is empty: the gateway will not serve without API keys; set"
          + " it to one or more comma-separated keys, or set " + ALLOW_NO_AUTH + "=true for local development");
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > 64 * 1024 * 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be between 1 KiB and 64 MiB, was " + maxBodyBytes);
    }
    requirePositive(runTimeout, "runTimeout");
    requirePositive(maxRunTimeout, "maxRunTimeout");
    if (runTimeout.compareTo(maxRunTimeout) > 0) {
      throw new IllegalArgumentException("runTimeout must be at most maxRunTimeout (" + DurationText.format(maxRunTimeout)
          + "), was " + DurationText.format(runTimeout));
    }
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainTimeout.isNegative()) throw new IllegalArgumentException("drainTimeout must not be negative");
  }

  /** Settings with API keys, on {@code port}, every other value at its default. */
  public static GatewaySettings withKeys(int port, List<String> apiKeys) {
    return new GatewaySettings("0.0.0.0", port, apiKeys, false, DEFAULT_MAX_BODY_BYTES, DEFAULT_RUN_TIMEOUT,
        DEFAULT_MAX_RUN_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
  }

  /**
   * Reads the variables in the table above; throws {@link IllegalArgumentException} naming the variable and the
   * value (never a key's value) when one is wrong.
   */
  public static GatewaySettings fromEnv(Map<String, String> env) {
    int port = port(env.get(PORT));
    List<String> keys = new ArrayList<>();
    String keyList = env.getOrDefault(API_KEYS, "");
    for (String key : keyList.split(",", -1)) {
      if (!key.isBlank()) keys.add(key.strip());
    }
    boolean allowNoAuth = bool(ALLOW_NO_AUTH, env.get(ALLOW_NO_AUTH));
    String host = env.get(HOST);
    if (host == null || host.isBlank()) host = keys.isEmpty() ? "127.0.0.1" : "0.0.0.0";
    Duration runTimeout = env.get(RUN_TIMEOUT) == null || env.get(RUN_TIMEOUT).isBlank()
        ? DEFAULT_RUN_TIMEOUT
        : DurationText.parse(RUN_TIMEOUT, env.get(RUN_TIMEOUT), DEFAULT_MAX_RUN_TIMEOUT);
    return new GatewaySettings(host.strip(), port, keys, allowNoAuth, DEFAULT_MAX_BODY_BYTES, runTimeout,
        DEFAULT_MAX_RUN_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
  }

  /** These settings with another body limit (tests use a small one). */
  public GatewaySettings withMaxBodyBytes(int bytes) {
    return new GatewaySettings(host, port, apiKeys, allowUnauthenticated, bytes, runTimeout, maxRunTimeout,
        drainTimeout);
  }

  /** These settings with another default wait for results. */
  public GatewaySettings withRunTimeout(Duration timeout) {
    return new GatewaySettings(host, port, apiKeys, allowUnauthenticated, maxBodyBytes, timeout, maxRunTimeout,
        drainTimeout);
  }

  /** These settings bound to {@code host} instead. */
  public GatewaySettings withHost(String bindHost) {
    return new GatewaySettings(bindHost, port, apiKeys, allowUnauthenticated, maxBodyBytes, runTimeout,
        maxRunTimeout, drainTimeout);
  }

  /** True when requests must carry an API key. */
  public boolean authenticated() {
    return !apiKeys.isEmpty();
  }

  @Override
  public String toString() {
    return "GatewaySettings[host=" + host + ", port=" + port + ", apiKeys=" + apiKeys.size() + " key(s)"
        + ", allowUnauthenticated=" + allowUnauthenticated + ", maxBodyBytes=" + maxBodyBytes + ", runTimeout="
        + DurationText.format(runTimeout) + ", maxRunTimeout=" + DurationText.format(maxRunTimeout)
        + ", drainTimeout=" + DurationText.format(drainTimeout) + "]";
  }

  private static int port(String text) {
    if (text == null || text.isBlank()) return DEFAULT_PORT;
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 0 && port <= 65535) return port;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PORT + " must be a port from 0 to 65535, was '" + Texts.shorten(text) + "'");
  }

  private static boolean bool(String name, String text) {
    if (text == null || text.isBlank()) return false;
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, was '" + Texts.shorten(text) + "'");
    };
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
