package io.constellation.testkit;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Kafka cluster we do not own, from {@code KAFKA_BOOTSTRAP_SERVERS}. Its cluster id is fetched on first
 * use; stop/start are refused with a message that says how to run fault tests instead.
 *
 * <p>Thread-safety: thread-safe.
 */
final class ExternalKafka extends ExternalService implements KafkaService {

  private static final Duration CLUSTER_ID_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final ReentrantLock lock = new ReentrantLock();
  private String clusterId; // guarded by lock

  ExternalKafka(String bootstrapServers) {
    super("Kafka", EnvironmentSettings.KAFKA + "=" + bootstrapServers, EnvironmentSettings.KAFKA, "broker");
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public String clusterId() {
    lock.lock();
    try {
      if (clusterId == null) {
        clusterId = KafkaReadiness.fetchClusterId(bootstrapServers, CLUSTER_ID_TIMEOUT);
      }
      return clusterId;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public KafkaService start() {
    throw refused("start()");
  }

  @Override
  public String toString() {
    return "ExternalKafka[" + bootstrapServers + "]";
  }
}
