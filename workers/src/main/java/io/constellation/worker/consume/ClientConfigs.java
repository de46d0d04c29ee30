package io.constellation.worker.consume;

import io.constellation.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client settings of a worker node, in one place.
 *
 * <p>Choices worth knowing: both consumers read {@code read_committed} with auto-commit off (offsets are committed
 * only inside the producer's transactions) and start from the earliest offset when their group has none, so
 * requests produced before the first worker started are not skipped. The session timeout is 10 s, not Kafka's
 * 45 s, so the partitions of a crashed node move to the others quickly; heartbeats run on the consumer's own
 * thread, so a busy poll loop does not trip it. Transactions stay open only while a window is published (tens of
 * milliseconds), so a 30 s transaction timeout is generous.
 */
public final class ClientConfigs {
  /** Producer {@code max.request.size}: one record must fit, and results are shrunk below it. */
  public static final int MAX_REQUEST_BYTES = 1_048_576;
  /** Largest result or dead-letter value published as is; leaves room for the key and headers. */
  public static final int MAX_PUBLISHED_VALUE_BYTES = 900 * 1024;

  private ClientConfigs() {}

  /** Group id of the shared request topic's consumer group. */
  public static String workersGroup(Topics topics) {
    return topics.prefix() + "-workers";
  }

  /** Group id under which a node commits its pinned-partition offsets. */
  public static String pinnedGroup(Topics topics, String nodeId) {
    return topics.prefix() + "-pinned-" + nodeId;
  }

  public static String transactionalId(Topics topics, String nodeId) {
    return topics.prefix() + "-worker-" + nodeId;
  }

  static Map<String, Object> groupConsumer(String bootstrapServers, Topics topics, String nodeId) {
    Map<String, Object> config = consumer(bootstrapServers, workersGroup(topics), nodeId + "-requests");
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    return config;
  }

  static Map<String, Object> pinnedConsumer(String bootstrapServers, Topics topics, String nodeId) {
    return consumer(bootstrapServers, pinnedGroup(topics, nodeId), nodeId + "-pinned");
  }

  static Map<String, Object> producer(String bootstrapServers, Topics topics, String nodeId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, nodeId + "-results");
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(topics, nodeId));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    // Right after a commit the coordinator is still writing its markers, and the next transaction's first request
    // is answered CONCURRENT_TRANSACTIONS; at the default 100 ms backoff every window waited that long.
    config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  private static Map<String, Object> consumer(String bootstrapServers, String groupId, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }
}
