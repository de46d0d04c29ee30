package io.constellation.worker.consume;

import static org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
import static org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP;

import io.constellation.schemas.Topics;
import io.constellation.worker.publish.TransactionalPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three Kafka clients of a node's loop: the group consumer of the shared request topic, the consumer of the
 * node's pinned partition, and the transactional producer. Created on any thread; the consumers are then used and
 * closed only by the poll thread (neither is thread-safe), the producer only by the
 * {@link io.constellation.worker.publish.WindowPublisher} thread, which closes it when it ends.
 *
 * <p>Thread-safety: none; the consumers are owned by the poll thread, except {@link #wakeup()}.
 */
public record LoopClients(Consumer<byte[], byte[]> group, Consumer<byte[], byte[]> pinned,
    TransactionalPublisher publisher) {
  private static final Logger LOG = LoggerFactory.getLogger(LoopClients.class);

  /** Real clients for {@code nodeId} on {@code topics}; if one cannot be created the others are closed again. */
  public static LoopClients create(String bootstrapServers, Topics topics, String nodeId) {
    List<AutoCloseable> built = new ArrayList<>();
    try {
      KafkaConsumer<byte[], byte[]> group =
          track(built, new KafkaConsumer<>(ClientConfigs.groupConsumer(bootstrapServers, topics, nodeId)));
      KafkaConsumer<byte[], byte[]> pinned =
          track(built, new KafkaConsumer<>(ClientConfigs.pinnedConsumer(bootstrapServers, topics, nodeId)));
      KafkaProducer<byte[], byte[]> producer =
          track(built, new KafkaProducer<>(ClientConfigs.producer(bootstrapServers, topics, nodeId)));
      return new LoopClients(group, pinned, new TransactionalPublisher(producer));
    } catch (RuntimeException e) {
      for (AutoCloseable client : built) {
        try {
          client.close();
        } catch (Exception closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      throw e;
    }
  }

  /** Interrupts a blocking consumer call of the poll thread; the one call allowed from other threads. */
  void wakeup() {
    group.wakeup();
    pinned.wakeup();
  }

  /** Leaves the group, then closes the consumers, each waiting up to {@code timeout} (the producer is not theirs). */
  void closeGracefully(String nodeId, Duration timeout) {
    CloseOptions leave = CloseOptions.timeout(timeout).withGroupMembershipOperation(LEAVE_GROUP);
    RuntimeException first = null;
    first = closeQuietly(nodeId, "group consumer", () -> group.close(leave), first);
    first = closeQuietly(nodeId, "pinned consumer", () -> pinned.close(leave), first);
    if (first != null) throw first;
  }

  /**
   * Like a crash: closes the consumers without committing or leaving the group, so the membership expires (the
   * producer, killed by its own thread's owner, leaves its open transaction to be aborted by the coordinator).
   */
  void closeAtOnce(String nodeId) {
    CloseOptions crash = CloseOptions.timeout(Duration.ZERO).withGroupMembershipOperation(REMAIN_IN_GROUP);
    closeQuietly(nodeId, "group consumer", () -> group.close(crash), null);
    closeQuietly(nodeId, "pinned consumer", () -> pinned.close(crash), null);
  }

  private static RuntimeException closeQuietly(String nodeId, String what, Runnable close, RuntimeException first) {
    try {
      close.run();
      return first;
    } catch (RuntimeException e) {
      LOG.warn("worker {}: closing the {} failed: {}", nodeId, what, e.toString());
      if (first == null) return e;
      first.addSuppressed(e);
      return first;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> built, T client) {
    built.add(client);
    return client;
  }
}
