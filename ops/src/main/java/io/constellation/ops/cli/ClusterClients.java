package io.constellation.ops.cli;

import io.constellation.schemas.Encoding;
import io.constellation.submitter.ClusterUnreachableException;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.SubmitterException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Opens the Kafka clients of the cluster commands, turning "cannot reach it" into exit code 69. */
final class ClusterClients {
  /** How long a command waits for the cluster to answer before saying it is unreachable. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private ClusterClients() {}

  static ConstellationClient client(ClusterAddress address, Encoding encoding) {
    try {
      return ConstellationClient.builder()
          .bootstrapServers(address.bootstrapServers())
          .topicPrefix(address.topicPrefix())
          .encoding(encoding)
          .clientId("constellation-cli-" + ProcessHandle.current().pid())
          .connectTimeout(CONNECT_TIMEOUT)
          .build();
    } catch (ClusterUnreachableException e) {
      throw CommandException.unavailable("cluster unreachable (bootstrap servers from " + address.source() + "): "
          + e.getMessage());
    } catch (SubmitterException e) {
      throw CommandException.unavailable(e.getMessage());
    }
  }

  static Admin admin(ClusterAddress address) {
    try {
      return Admin.create(Map.of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers(),
          AdminClientConfig.CLIENT_ID_CONFIG, "constellation-cli-admin-" + ProcessHandle.current().pid(),
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis(),
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis()));
    } catch (org.apache.kafka.common.KafkaException e) {
      throw CommandException.unavailable("cannot reach " + address.bootstrapServers() + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
  }
}
