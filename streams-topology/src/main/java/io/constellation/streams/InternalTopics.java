package io.constellation.streams;

import io.constellation.schemas.UnableToSetUpTopicsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the app's internal topics (the statistics' repartition topic and window-store changelog) before Kafka
 * Streams starts, and waits until every partition is led and answers {@code listOffsets}.
 *
 * <p>Why: left to Kafka Streams they are created during the first rebalance and written at once, and on a
 * single-node 4.4 broker a freshly created partition can refuse an idempotent producer's first batch and then its
 * retries as out of sequence (KAFKA-15591, INFRA-NOTES K8; seen here on the repartition topic). The same wait the
 * public topics get ({@code TopicSetup}) avoids it. Kafka Streams accepts existing internal topics when their
 * partition count is the one it expects (the source topic's); the configurations are the ones it would set.
 */
final class InternalTopics {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  /** Kafka Streams' {@code windowstore.changelog.additional.retention.ms} default. */
  private static final Duration CHANGELOG_EXTRA_RETENTION = Duration.ofDays(1);

  private InternalTopics() {}

  static String repartition(String applicationId) {
    return applicationId + "-" + TopologyFactory.REPARTITION_NAME + "-repartition";
  }

  static String changelog(String applicationId) {
    return applicationId + "-" + TopologyFactory.STATS_STORE + "-changelog";
  }

  /**
   * @throws UnableToSetUpTopicsException when they cannot be created or made usable within {@code timeout}
   */
  static void ensure(Admin admin, StreamsSettings settings, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String results = settings.topics().results();
    try {
      int partitions = admin.describeTopics(List.of(results)).allTopicNames()
          .get(remaining(deadline), TimeUnit.MILLISECONDS).get(results).partitions().size();
      Optional<Short> replication = settings.replicationFactor() < 1 ? Optional.empty()
          : Optional.of((short) settings.replicationFactor());
      Map<String, String> repartitionConfig = Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, "-1", // Kafka Streams purges what it has consumed
          TopicConfig.SEGMENT_BYTES_CONFIG, "52428800",
          TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
      Map<String, String> changelogConfig = Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG,
          Long.toString(settings.statsRetention().plus(CHANGELOG_EXTRA_RETENTION).toMillis()),
          TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
      List<NewTopic> wanted = List.of(
          new NewTopic(repartition(settings.applicationId()), Optional.of(partitions), replication)
              .configs(repartitionConfig),
          new NewTopic(changelog(settings.applicationId()), Optional.of(partitions), replication)
              .configs(changelogConfig));
      Set<String> existing = admin.listTopics().names().get(remaining(deadline), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
          try {
            created.getValue().get(remaining(deadline), TimeUnit.MILLISECONDS);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e; // another instance was first
          }
        }
      }
      awaitUsable(admin, wanted.stream().map(NewTopic::name).toList(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnableToSetUpTopicsException("interrupted while setting up the streams app's internal topics", e);
    } catch (TimeoutException e) {
      throw new UnableToSetUpTopicsException("internal topics of " + settings.applicationId() + " not usable within "
          + timeout, e);
    } catch (ExecutionException e) {
      throw new UnableToSetUpTopicsException("cannot set up internal topics of " + settings.applicationId() + ": "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  private static void awaitUsable(Admin admin, List<String> names, long deadline)
      throws InterruptedException, TimeoutException {
    String problem = "not checked yet";
    while (true) {
      try {
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
            .get(remaining(deadline), TimeUnit.MILLISECONDS);
        List<String> leaderless = new ArrayList<>();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicDescription d : descriptions.values()) {
          for (TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) leaderless.add(d.name() + "-" + p.partition());
            request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
          }
        }
        if (leaderless.isEmpty()) {
          admin.listOffsets(request).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
          return;
        }
        problem = "no leader yet for " + leaderless;
      } catch (ExecutionException e) {
        problem = e.getCause().toString(); // metadata not yet propagated: the very thing being waited out
      }
      if (System.nanoTime() + POLL_INTERVAL.toNanos() >= deadline) {
        throw new TimeoutException("topics " + names + " not usable in time; last problem: " + problem);
      }
      Thread.sleep(POLL_INTERVAL);
    }
  }

  private static long remaining(long deadlineNanos) throws TimeoutException {
    long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (millis <= 0) throw new TimeoutException("deadline passed");
    return millis;
  }
}
