package io.constellation.testkit;

import java.time.Duration;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in a Testcontainers container (used only when Docker is available), restartable on the same port.
 * The cluster id is read after the first start and checked on every restart.
 *
 * <p>Thread-safety: thread-safe.
 */
final class ContainerKafka extends DockerContainer implements KafkaService {

  static final String IMAGE = "apache/kafka-native:4.0.0";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private volatile String clusterId;

  ContainerKafka() {
    super("Kafka", new KafkaContainer(IMAGE).withStartupTimeout(READY_TIMEOUT), 9092);
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + hostPort();
  }

  @Override
  public String clusterId() {
    String id = clusterId;
    if (id == null) {
      throw new IllegalStateException("the Kafka container has not been started yet: call start() first");
    }
    return id;
  }

  @Override
  public KafkaService start() {
    startContainer();
    return this;
  }

  @Override
  void awaitReady() {
    if (clusterId == null) {
      clusterId = KafkaReadiness.fetchClusterId(bootstrapServers(), READY_TIMEOUT);
    } else {
      KafkaReadiness.await(bootstrapServers(), clusterId, READY_TIMEOUT);
    }
  }

  @Override
  public String toString() {
    return "ContainerKafka[" + bootstrapServers() + "]";
  }
}
