package io.constellation.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Constellation's topics and waits until they are usable; describes them for operators.
 *
 * <p>Why wait: on a single-node Kafka 4.4 broker, producing with an idempotent producer straight after
 * {@code createTopics} can stall a partition for good (KAFKA-15591, INFRA-NOTES K8): the first batch is refused as
 * "not leader", a later one is stored, and every retry of the first fails as out of sequence. Waiting until every
 * partition has a leader that answers {@code listOffsets} avoids it, so {@link #ensureTopics} returns only then.
 * Anything that creates topics at start-up (dev cluster, tests, benchmarks, workers) calls it.
 *
 * <p>Thread-safety: stateless; the given {@link Admin} is used from the calling thread only.
 */
public final class TopicSetup {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int MAX_REPLICATION = 3;

  private TopicSetup() {}

  /**
   * Creates the topics of {@code topics} that are missing, with {@link Topics#defaultPartitions} partitions and
   * replication factor 1 (or up to 3 when the cluster has that many brokers), then waits until every partition of
   * every topic has a leader and answers {@code listOffsets}. Existing topics are left as they are; topics another
   * process creates concurrently are fine.
   *
   * @param timeout the whole budget: creation and the wait
   * @throws UnableToSetUpTopicsException if a topic cannot be created or is not usable within {@code timeout}
   *     (the message lists the partitions still waiting), or if the thread is interrupted
   */
  public static void ensureTopics(Admin admin, Topics topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Set<String> existing = admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      List<String> missing = topics.all().stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) create(admin, topics, missing, deadline);
      awaitUsable(admin, topics.all(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnableToSetUpTopicsException("interrupted while setting up topics " + topics.all(), e);
    } catch (TimeoutException e) {
      throw new UnableToSetUpTopicsException("topics " + topics.all() + " not set up within " + timeout, e);
    } catch (ExecutionException e) {
      throw new UnableToSetUpTopicsException("cannot set up topics " + topics.all() + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /**
   * Describes every topic of {@code topics}: whether it exists, and per partition its leader, replica count and
   * end offset. Missing topics are reported, not thrown.
   *
   * @throws UnableToSetUpTopicsException if the cluster cannot be reached within the admin client's timeouts
   */
  public static List<TopicInfo> describe(Admin admin, Topics topics) {
    try {
      Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics.all()).topicNameValues();
      Map<String, TopicDescription> found = new HashMap<>();
      for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : futures.entrySet()) {
        try {
          found.put(entry.getKey(), entry.getValue().get());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw e;
        }
      }
      Map<TopicPartition, Long> ends = endOffsets(admin, found.values());
      List<TopicInfo> out = new ArrayList<>();
      for (String name : topics.all()) {
        TopicDescription description = found.get(name);
        if (description == null) {
          out.add(new TopicInfo(name, false, List.of()));
          continue;
        }
        List<TopicInfo.Partition> partitions = new ArrayList<>();
        for (TopicPartitionInfo p : description.partitions()) {
          partitions.add(new TopicInfo.Partition(p.partition(), leaderId(p), p.replicas().size(),
              ends.getOrDefault(new TopicPartition(name, p.partition()), -1L)));
        }
        out.add(new TopicInfo(name, true, partitions));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnableToSetUpTopicsException("interrupted while describing topics " + topics.all(), e);
    } catch (ExecutionException e) {
      throw new UnableToSetUpTopicsException("cannot describe topics " + topics.all() + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static void create(Admin admin, Topics topics, List<String> missing, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    Collection<Node> brokers = admin.describeCluster().nodes().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    short replication = (short) Math.max(1, Math.min(MAX_REPLICATION, brokers.size()));
    List<NewTopic> newTopics = missing.stream()
        .map(name -> new NewTopic(name, topics.defaultPartitions(name), replication))
        .toList();
    for (Map.Entry<String, KafkaFuture<Void>> entry : admin.createTopics(newTopics).values().entrySet()) {
      try {
        entry.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // Another worker or the dev cluster created it first: what we wanted.
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
    }
  }

  // Polls until every partition has a leader and answers listOffsets. Errors on the way (metadata not yet
  // propagated, leader not yet elected) are the very thing being waited out, so they only mean "not yet".
  private static void awaitUsable(Admin admin, List<String> names, long deadline)
      throws InterruptedException, TimeoutException {
    Set<String> waiting = new TreeSet<>(names);
    String lastProblem = "not checked yet";
    while (true) {
      try {
        lastProblem = problem(admin, names, deadline);
        if (lastProblem == null) return;
      } catch (ExecutionException e) {
        lastProblem = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
      } catch (TimeoutException e) {
        lastProblem = "admin request timed out";
      }
      if (System.nanoTime() + POLL_INTERVAL.toNanos() >= deadline) {
        throw new TimeoutException("topics " + waiting + " not usable in time; last problem: " + lastProblem);
      }
      Thread.sleep(POLL_INTERVAL);
    }
  }

  /** Null when every partition is led and answers listOffsets, else what is still wrong. */
  private static String problem(Admin admin, List<String> names, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(names).allTopicNames().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    List<String> leaderless = new ArrayList<>();
    for (TopicDescription description : descriptions.values()) {
      for (TopicPartitionInfo p : description.partitions()) {
        if (leaderId(p) < 0) leaderless.add(description.name() + "-" + p.partition());
      }
    }
    if (!leaderless.isEmpty()) return "no leader yet for " + leaderless;
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (TopicDescription description : descriptions.values()) {
      for (TopicPartitionInfo p : description.partitions()) {
        request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest());
      }
    }
    admin.listOffsets(request).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    return null;
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<TopicDescription> descriptions)
      throws InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (TopicDescription description : descriptions) {
      for (TopicPartitionInfo p : description.partitions()) {
        request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    if (request.isEmpty()) return out;
    ListOffsetsResult result = admin.listOffsets(request);
    for (TopicPartition partition : request.keySet()) {
      try {
        out.put(partition, result.partitionResult(partition).get().offset());
      } catch (ExecutionException e) {
        // A leaderless partition has no readable end offset; describe reports -1 for it.
      }
    }
    return out;
  }

  private static int leaderId(TopicPartitionInfo partition) {
    Node leader = partition.leader();
    return leader == null || leader.isEmpty() ? -1 : leader.id();
  }

  private static long remainingMillis(long deadlineNanos) throws TimeoutException {
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (remaining <= 0) throw new TimeoutException("deadline passed");
    return remaining;
  }
}
