package io.constellation.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.embedded.RedisServer;

/**
 * A Redis server process from the embedded-redis jar's bundled binary (Redis 6.2), bound to 127.0.0.1 with
 * persistence off.
 *
 * <pre>{@code
 * try (EmbeddedRedis redis = EmbeddedRedis.onFreePort().start()) { connect(redis.url()); }
 * }</pre>
 *
 * <p>The port is chosen once (a free one unless given) and reused by every restart. Readiness is a RESP
 * {@code PING} answered with {@code +PONG}. The process is stopped by {@link #stop()}/{@link #close()}; the
 * jar's own shutdown hook is turned off because this object owns the process (TestInfrastructure closes it
 * from its hook).
 *
 * <p>Thread-safety: thread-safe; start, stop and close are serialised by one lock.
 */
public final class EmbeddedRedis extends EmbeddedService implements RedisService {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private RedisServer server; // guarded by the lifecycle lock

  private EmbeddedRedis(int requestedPort) {
    super("EmbeddedRedis", Ports.requireValid(requestedPort, "port"));
  }

  /** A server on a free port chosen at the first start. */
  public static EmbeddedRedis onFreePort() {
    return new EmbeddedRedis(0);
  }

  /** A server on the given port (0 = a free one). */
  public static EmbeddedRedis onPort(int port) {
    return new EmbeddedRedis(port);
  }

  @Override
  public String url() {
    return "redis://127.0.0.1:" + port();
  }

  @Override
  public EmbeddedRedis start() {
    startService();
    return this;
  }

  @Override
  void shutdown() throws IOException {
    RedisServer running = Objects.requireNonNull(server);
    server = null;
    running.stop();
  }

  @Override
  String address() {
    return url();
  }

  @Override
  void launch(int onPort) {
    RedisServer candidate;
    try {
      candidate = RedisServer.newRedisServer()
          .port(onPort)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no")
          .onShutdownForceStop(false)
          .build();
      candidate.start();
    } catch (IOException | RuntimeException e) {
      throw new TestkitException("EmbeddedRedis could not start on 127.0.0.1:" + onPort + ": " + e.getMessage(), e);
    }
    try {
      Poll.until("Redis at 127.0.0.1:" + onPort + " to answer PING", START_TIMEOUT, Duration.ofMillis(50), () -> {
        String reply = RedisPing.ping("127.0.0.1", onPort, Duration.ofSeconds(1));
        return Optional.of(reply).filter(RedisPing::isPong);
      });
    } catch (TestkitException e) {
      stopQuietly(candidate, e);
      throw e;
    }
    server = candidate;
  }

  private static void stopQuietly(RedisServer candidate, RuntimeException failure) {
    try {
      candidate.stop();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
