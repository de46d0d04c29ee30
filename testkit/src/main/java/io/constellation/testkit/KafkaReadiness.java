package io.constellation.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * Decides that a broker is ready and is OURS.
 *
 * <p>On a shared machine a readiness loop can latch onto someone else's broker that happens to listen on the
 * port we chose (INFRA-NOTES K5). So "ready" means: {@code describeCluster()} answers, with at least one node,
 * and its cluster id equals the id we formatted. A different id is a definite failure, reported at once.
 */
final class KafkaReadiness {

  /** Asks the broker at an address for its cluster id and node count. */
  @FunctionalInterface
  interface ClusterProbe {
    ClusterAnswer describe(Duration callTimeout) throws Exception;
  }

  /** What one {@code describeCluster} call answered. */
  record ClusterAnswer(String clusterId, int nodes) {}

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private KafkaReadiness() {}

  /** Waits until the broker at {@code bootstrapServers} is up and reports {@code expectedClusterId}. */
  static void await(String bootstrapServers, String expectedClusterId, Duration timeout) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
        AdminClientConfig.CLIENT_ID_CONFIG, "constellation-testkit-readiness"))) {
      await(adminProbe(admin), bootstrapServers, expectedClusterId, timeout);
    }
  }

  /** Waits with the given probe; the seam the unit tests use. */
  static void await(ClusterProbe probe, String bootstrapServers, String expectedClusterId, Duration timeout) {
    Objects.requireNonNull(expectedClusterId, "expectedClusterId");
    Poll.until("the Kafka broker at " + bootstrapServers + " (cluster " + expectedClusterId + ")", timeout, INTERVAL,
        () -> {
          ClusterAnswer answer = probe.describe(CALL_TIMEOUT);
          return Optional.of(answer).filter(a -> verify(bootstrapServers, expectedClusterId, a));
        });
  }

  /**
   * True when the answer is our cluster with a node; false when not ready yet.
   *
   * @throws TestkitException when another cluster answers
   */
  static boolean verify(String bootstrapServers, String expectedClusterId, ClusterAnswer answer) {
    if (answer.clusterId() != null && !answer.clusterId().equals(expectedClusterId)) {
      throw new TestkitException("the broker at " + bootstrapServers + " answered with cluster id "
          + answer.clusterId() + ", but this service formatted " + expectedClusterId
          + ": another Kafka broker holds the port. Stop it, or use free ports (port 0)");
    }
    return answer.clusterId() != null && answer.nodes() > 0;
  }

  /** Reads the cluster id of whatever answers at {@code bootstrapServers} (for brokers we did not format). */
  static String fetchClusterId(String bootstrapServers, Duration timeout) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis(),
        AdminClientConfig.CLIENT_ID_CONFIG, "constellation-testkit-cluster-id"))) {
      ClusterProbe probe = adminProbe(admin);
      return Poll.until("the Kafka cluster id at " + bootstrapServers, timeout, INTERVAL, () -> {
        ClusterAnswer answer = probe.describe(CALL_TIMEOUT);
        return Optional.ofNullable(answer.clusterId()).filter(id -> answer.nodes() > 0);
      });
    }
  }

  private static ClusterProbe adminProbe(Admin admin) {
    return callTimeout -> {
      DescribeClusterResult result = admin.describeCluster(
          new DescribeClusterOptions().timeoutMs((int) callTimeout.toMillis()));
      long millis = callTimeout.toMillis();
      String id = result.clusterId().get(millis, TimeUnit.MILLISECONDS);
      int nodes = result.nodes().get(millis, TimeUnit.MILLISECONDS).size();
      return new ClusterAnswer(id, nodes);
    };
  }
}
