package io.constellation.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
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
public final class EmbeddedRedis implements RedisService {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int BIND_ATTEMPTS = 3;

  private final int requestedPort;
  private final ReentrantLock lock = new ReentrantLock();
  private ServiceState state = ServiceState.CREATED; // guarded by lock
  private RedisServer server; // guarded by lock
  private volatile int port;

  private EmbeddedRedis(int requestedPort) {
    this.requestedPort = Ports.requireValid(requestedPort, "port");
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

  /** The port, fixed by the first start. */
  public int port() {
    int p = port;
    if (p == 0) {
      throw new IllegalStateException("EmbeddedRedis has not been started yet: call start() first");
    }
    return p;
  }

  @Override
  public boolean external() {
    return false;
  }

  @Override
  public boolean running() {
    lock.lock();
    try {
      return state == ServiceState.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EmbeddedRedis start() {
    lock.lock();
    try {
      if (state.requireOpen("EmbeddedRedis") == ServiceState.RUNNING) {
        return this;
      }
      QuietLogging.apply();
      if (port != 0) {
        Ports.requireFree(port, "EmbeddedRedis (restart)");
        launch(port);
      } else {
        startFirstTime();
      }
      state = ServiceState.RUNNING;
      return this;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stop() {
    lock.lock();
    try {
      if (state == ServiceState.RUNNING) {
        stopServer();
        state = ServiceState.STOPPED;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      ServiceState previous = state;
      state = ServiceState.CLOSED; // closed even if stopping fails: a second close is a no-op
      if (previous == ServiceState.RUNNING) {
        stopServer();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedRedis[" + (port == 0 ? "not started" : url()) + "]";
  }

  private void startFirstTime() {
    for (int attempt = 1; ; attempt++) {
      int candidate = requestedPort == 0 ? Ports.free() : requestedPort;
      try {
        Ports.requireFree(candidate, "EmbeddedRedis");
        launch(candidate);
        port = candidate;
        return;
      } catch (TestkitException e) {
        if (requestedPort != 0 || attempt >= BIND_ATTEMPTS) {
          throw e;
        }
        // lost a race for the free port: try another
      }
    }
  }

  private void launch(int onPort) {
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

  private void stopServer() {
    RedisServer running = Objects.requireNonNull(server);
    server = null;
    try {
      running.stop();
    } catch (IOException e) {
      throw new TestkitException("EmbeddedRedis on port " + port + " did not stop cleanly: " + e.getMessage(), e);
    }
  }

  private static void stopQuietly(RedisServer candidate, RuntimeException failure) {
    try {
      candidate.stop();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
