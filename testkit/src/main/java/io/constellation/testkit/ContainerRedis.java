package io.constellation.testkit;

import java.time.Duration;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;

/**
 * Redis in a Testcontainers container (used only when Docker is available), restartable on the same port.
 *
 * <p>Thread-safety: thread-safe.
 */
final class ContainerRedis extends DockerContainer implements RedisService {

  static final String IMAGE = "redis:7.4-alpine";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  ContainerRedis() {
    super("Redis", new GenericContainer<>(IMAGE)
        .withExposedPorts(6379)
        .withCommand("redis-server", "--save", "", "--appendonly", "no")
        .withStartupTimeout(READY_TIMEOUT), 6379);
  }

  @Override
  public String url() {
    return "redis://127.0.0.1:" + hostPort();
  }

  @Override
  public RedisService start() {
    startContainer();
    return this;
  }

  @Override
  void awaitReady() {
    int port = hostPort();
    Poll.until("Redis container at 127.0.0.1:" + port + " to answer PING", READY_TIMEOUT, Duration.ofMillis(100),
        () -> Optional.of(RedisPing.ping("127.0.0.1", port, Duration.ofSeconds(1))).filter(RedisPing::isPong));
  }
}
