package io.constellation.testkit;

import java.time.Duration;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;

/**
 * Redis in a Testcontainers container (used only when Docker is available), restartable on the same port.
 *
 * <p>Thread-safety: thread-safe.
 */
final class ContainerRedis implements RedisService {

  static final String IMAGE = "redis:7.4-alpine";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final DockerContainer docker;

  ContainerRedis() {
    GenericContainer<?> container = new GenericContainer<>(IMAGE)
        .withExposedPorts(6379)
        .withCommand("redis-server", "--save", "", "--appendonly", "no")
        .withStartupTimeout(READY_TIMEOUT);
    this.docker = new DockerContainer("Redis", container, 6379);
  }

  @Override
  public String url() {
    return "redis://127.0.0.1:" + docker.hostPort();
  }

  @Override
  public boolean external() {
    return false;
  }

  @Override
  public boolean running() {
    return docker.running();
  }

  @Override
  public RedisService start() {
    int port = docker.hostPort();
    docker.start(() -> Poll.until("Redis container at 127.0.0.1:" + port + " to answer PING", READY_TIMEOUT,
        Duration.ofMillis(100),
        () -> Optional.of(RedisPing.ping("127.0.0.1", port, Duration.ofSeconds(1))).filter(RedisPing::isPong)));
    return this;
  }

  @Override
  public void stop() {
    docker.stop();
  }

  @Override
  public void close() {
    docker.close();
  }
}
