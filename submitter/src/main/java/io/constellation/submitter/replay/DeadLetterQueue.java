package io.constellation.submitter.replay;

import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.Topics;
import io.constellation.submitter.ClusterUnreachableException;
import io.constellation.submitter.SubmitterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic ({@code <prefix>.requests.dlq}): lists what the workers dead-lettered, and puts requests
 * back on the topic they came from once their cause is fixed.
 *
 * <pre>{@code
 * DeadLetterQueue dlq = new DeadLetterQueue("localhost:9092", Topics.DEFAULT, Duration.ofSeconds(15));
 * dlq.list(100, false).entries().forEach(e -> System.out.println(e.origin() + ": " + e.reason()));
 * DeadLetterReplayReport report = dlq.replay(1000, entry -> {});
 * }</pre>
 *
 * <p>Implementation notes. What has been replayed is remembered as the committed offsets of the consumer group
 * {@link #replayGroup()}. A replay re-produces the requests and commits those offsets in one Kafka transaction
 * (transactional id {@code <prefix>-dlq-replay}), a batch at a time: a batch is either re-submitted and marked
 * replayed, or neither, so running {@code replay} twice never puts the same dead letter back twice, and a replay
 * that dies midway continues where its last batch ended. Workers read the request topics {@code read_committed},
 * so they never see an aborted batch. Starting a replay fences any other replay of the same prefix still running
 * (its next commit fails) rather than letting both re-submit the same records. A dead letter that cannot be
 * replayed (its request was too large to keep, or it names a topic outside this prefix's request topics) is passed
 * over and marked replayed too: no later fix makes it replayable. A replay reads up to the end the topic had when
 * it started, so requests that fail again during the replay wait for the next one.
 *
 * <p>Each call opens its own Kafka clients and closes them before returning.
 *
 * <p>Thread-safety: thread-safe (immutable); concurrent replays of one prefix fence each other as said above.
 */
public final class DeadLetterQueue {
  /** Header added to a re-submitted request: the dead letter it came from, {@code topic-partition@offset}. */
  public static final String REPLAYED_FROM = "constellation.dlq.replayed-from";
  /** Dead letters re-submitted per transaction. */
  static final int BATCH = 200;

  private static final Duration POLL = Duration.ofMillis(200);

  private final String bootstrapServers;
  private final Topics topics;
  private final Duration timeout;
  private final DeadLetterDecoder decoder;

  /**
   * @param timeout how long a call waits for the cluster to answer before it throws
   *     {@link ClusterUnreachableException}
   */
  public DeadLetterQueue(String bootstrapServers, Topics topics, Duration timeout) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank, was '" + bootstrapServers + "'");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.bootstrapServers = bootstrapServers.strip();
    this.topics = Objects.requireNonNull(topics, "topics");
    this.timeout = timeout;
    this.decoder = new DeadLetterDecoder(topics);
  }

  /** The consumer group whose committed offsets mark what has been replayed: {@code <prefix>-dlq-replay}. */
  public String replayGroup() {
    return topics.prefix() + "-dlq-replay";
  }

  /**
   * Up to {@code limit} dead letters, oldest first: those not replayed yet, or all when {@code includeReplayed}.
   * Throws {@link ClusterUnreachableException} when the cluster does not answer, {@link SubmitterException} when
   * the topic is missing or cannot be read.
   */
  public DeadLetterListing list(int limit, boolean includeReplayed) {
    requirePositive(limit);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Position position = position(consumer, partitions(consumer));
      List<DeadLetterEntry> found = new ArrayList<>();
      Map<TopicPartition, Integer> taken = new HashMap<>();
      Map<TopicPartition, Long> remaining = new HashMap<>();
      for (TopicPartition partition : position.partitions()) {
        long from = includeReplayed ? position.beginning().get(partition) : position.start(partition);
        if (from < position.end().get(partition)) {
          consumer.seek(partition, from);
          remaining.put(partition, position.end().get(partition));
        }
      }
      // Up to limit + 1 from each partition: enough to return the oldest `limit` overall and to know whether more
      // exist.
      while (!remaining.isEmpty()) {
        consumer.pause(pausedOf(position.partitions(), remaining.keySet()));
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          Long end = remaining.get(partition);
          if (end == null || record.offset() >= end) continue;
          found.add(decoder.decode(record, record.offset() < position.start(partition)).entry());
          if (taken.merge(partition, 1, Integer::sum) > limit) remaining.remove(partition);
        }
        dropFinished(consumer, remaining);
      }
      found.sort(Comparator.comparing(DeadLetterEntry::failedAt).thenComparingInt(DeadLetterEntry::partition)
          .thenComparingLong(DeadLetterEntry::offset));
      boolean truncated = found.size() > limit;
      return new DeadLetterListing(truncated ? found.subList(0, limit) : found, truncated);
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (KafkaException e) {
      throw new SubmitterException("cannot read " + topics.dlq() + " at " + bootstrapServers + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Puts back on their topics up to {@code limit} dead letters not replayed yet (oldest first within each
   * partition), passing over those that cannot be replayed, and marks all of them replayed; {@code progress} hears
   * each one once its batch is committed. Throws {@link ClusterUnreachableException} when the cluster does not
   * answer, {@link UnableToReplayDeadLettersException} when a batch cannot be committed (another replay took over,
   * the cluster went away), {@link SubmitterException} when the topic is missing.
   */
  public DeadLetterReplayReport replay(int limit, Consumer<DeadLetterEntry> progress) {
    requirePositive(limit);
    Objects.requireNonNull(progress, "progress");
    try (KafkaConsumer<byte[], byte[]> consumer = consumer();
         KafkaProducer<byte[], byte[]> producer = producer()) {
      List<TopicPartition> partitions = partitions(consumer);
      // Before reading the offsets: fences an earlier replay and aborts its open batch, whose offsets would
      // otherwise still be pending.
      producer.initTransactions();
      return new ReplayRun(consumer, producer, position(consumer, partitions), limit, progress).run();
    } catch (ProducerFencedException e) {
      throw new UnableToReplayDeadLettersException("another 'dlq replay' of prefix '" + topics.prefix()
          + "' started and took over; its run continues from the last committed batch", e);
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (KafkaException e) {
      throw new SubmitterException("cannot replay " + topics.dlq() + " at " + bootstrapServers + ": "
          + e.getMessage(), e);
    }
  }

  /** One replay: reads from the committed offsets to the end seen at the start, a transaction per batch. */
  private final class ReplayRun {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Position position;
    private final int limit;
    private final Consumer<DeadLetterEntry> progress;
    private final List<DeadLetterEntry> resubmitted = new ArrayList<>();
    private final List<DeadLetterEntry> skipped = new ArrayList<>();
    private final List<DeadLetterEntry> batch = new ArrayList<>();
    // Cumulative: every commit sends the offsets of all partitions taken so far (an unchanged one is harmless).
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private int handled;

    ReplayRun(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, Position position,
        int limit, Consumer<DeadLetterEntry> progress) {
      this.consumer = consumer;
      this.producer = producer;
      this.position = position;
      this.limit = limit;
      this.progress = progress;
    }

    DeadLetterReplayReport run() {
      Map<TopicPartition, Long> remaining = new HashMap<>();
      for (TopicPartition partition : position.partitions()) {
        long from = position.start(partition);
        if (from < position.end().get(partition)) {
          consumer.seek(partition, from);
          remaining.put(partition, position.end().get(partition));
        }
      }
      consumer.pause(pausedOf(position.partitions(), remaining.keySet()));
      producer.beginTransaction();
      while (!remaining.isEmpty() && handled < limit) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          Long end = remaining.get(partition);
          if (end == null || record.offset() >= end || handled >= limit) continue;
          take(partition, record);
        }
        if (handled < limit) dropFinished(consumer, remaining);
        if (batch.size() >= BATCH) {
          commit();
          producer.beginTransaction();
        }
      }
      commit();
      // More remain when the limit stopped the run before a partition's end.
      boolean more = handled >= limit
          && remaining.entrySet().stream().anyMatch(e -> nextOffset(e.getKey()) < e.getValue());
      return new DeadLetterReplayReport(resubmitted, skipped, more);
    }

    private void take(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
      DeadLetterDecoder.Decoded decoded = decoder.decode(record, false);
      if (decoded.entry().replayable()) {
        String dlqPosition = RecordHeaders.origin(record.topic(), record.partition(), record.offset());
        producer.send(DeadLetterDecoder.resubmission(decoded.letter(), dlqPosition));
      }
      batch.add(decoded.entry());
      offsets.put(partition, new OffsetAndMetadata(record.offset() + 1));
      handled++;
    }

    /** Where the next replay starts in {@code partition} (not the consumer's position: it may have fetched more). */
    private long nextOffset(TopicPartition partition) {
      OffsetAndMetadata taken = offsets.get(partition);
      return taken != null ? taken.offset() : position.start(partition);
    }

    /** Commits the open transaction: the re-submitted requests and the offsets past every dead letter taken. */
    private void commit() {
      try {
        if (!offsets.isEmpty()) producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
      } catch (ProducerFencedException e) {
        throw e;
      } catch (KafkaException e) {
        abortQuietly(e);
        throw new UnableToReplayDeadLettersException("dead-letter replay stopped after " + resubmitted.size()
            + " re-submitted request(s): " + e.getMessage() + "; run it again to continue", e);
      }
      for (DeadLetterEntry entry : batch) {
        (entry.replayable() ? resubmitted : skipped).add(entry);
        progress.accept(entry);
      }
      batch.clear();
    }

    private void abortQuietly(KafkaException cause) {
      try {
        producer.abortTransaction();
      } catch (KafkaException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /** The DLQ partitions; {@link SubmitterException} when the topic does not exist. */
  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(topics.dlq(), timeout);
    if (infos == null || infos.isEmpty()) {
      throw new SubmitterException("topic " + topics.dlq() + " does not exist at " + bootstrapServers
          + "; create the topics with 'constellation topics create'");
    }
    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
  }

  /** The first, committed and end offsets of {@code partitions}; assigns them all to the consumer. */
  private Position position(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    consumer.assign(partitions);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), timeout);
    Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> start = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      // Retention may have deleted records below the committed offset, or below the beginning of an old group.
      start.put(partition, Math.max(beginning.get(partition), offset == null ? 0 : offset.offset()));
    }
    return new Position(partitions, beginning, start, end);
  }

  private record Position(List<TopicPartition> partitions, Map<TopicPartition, Long> beginning,
      Map<TopicPartition, Long> starts, Map<TopicPartition, Long> end) {
    long start(TopicPartition partition) {
      return starts.get(partition);
    }
  }

  private static Set<TopicPartition> pausedOf(List<TopicPartition> all, Set<TopicPartition> active) {
    Set<TopicPartition> paused = new HashSet<>(all);
    paused.removeAll(active);
    return paused;
  }

  /**
   * Removes the partitions read up to their end. The position, not the last record, decides: transaction markers
   * take offsets no record has.
   */
  private void dropFinished(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> remaining) {
    remaining.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
    consumer.pause(pausedOf(new ArrayList<>(consumer.assignment()), remaining.keySet()));
  }

  private static void requirePositive(int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
  }

  private ClusterUnreachableException unreachable(Exception cause) {
    return new ClusterUnreachableException("no Kafka broker answered at " + bootstrapServers + " within "
        + timeout.toSeconds() + " s; is the cluster running (constellation dev) and the address right "
        + "(--bootstrap-servers / KAFKA_BOOTSTRAP_SERVERS)?", cause);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, replayGroup());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, replayGroup() + "-" + ProcessHandle.current().pid());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Dead letters hold whole requests (up to about 1 MiB): a small batch per poll bounds memory.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, replayGroup() + "-producer-" + ProcessHandle.current().pid());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "-dlq-replay");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
