package io.constellation.ops.bench;

import io.constellation.schemas.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The cluster benchmark's ceiling: a thread copying every record of the requests topic to the results topic with
 * exactly-once (transactions of at most 100 ms with the consumed offsets in them, as a worker commits), and a
 * {@code read_committed} consumer counting the records that arrive on the results topic, until closed.
 *
 * <p>Thread-safety: the two threads are its own; {@link #join}, {@link #awaitCount} and {@link #close} are for
 * the one thread that started it. Closing stops both threads and closes their clients.
 */
final class BareLoop implements AutoCloseable {
  private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Duration BUSY_POLL = Duration.ofMillis(2);
  private static final Duration IDLE_POLL = Duration.ofMillis(50);

  private final String bootstrap;
  private final Topics topics;
  private final Duration timeout;
  private final CountDownLatch joined = new CountDownLatch(1);
  private final KafkaConsumer<byte[], byte[]> source;
  private final KafkaConsumer<byte[], byte[]> sink;
  private final Thread copier;
  private final Thread counter;
  private volatile boolean stopping;
  private volatile long firstRecordNanos;
  private volatile Counted counted = new Counted(0, 0);
  private volatile RuntimeException failure;

  /** How many records the counter has seen, and the {@link System#nanoTime} of the poll that brought the last. */
  private record Counted(long records, long atNanos) {}

  private BareLoop(String bootstrap, Topics topics, Duration timeout) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.timeout = timeout;
    this.source = consumer(topics.prefix() + "-loop");
    this.sink = consumer(null);
    this.copier = Thread.ofPlatform().name("bench-bare-loop").unstarted(this::copy);
    this.counter = Thread.ofPlatform().name("bench-bare-count").unstarted(this::count);
  }

  /**
   * Starts copying {@code topics.requests()} to {@code topics.results()}.
   *
   * @param timeout how long {@link #awaitCount} waits
   */
  static BareLoop start(String bootstrap, Topics topics, Duration timeout) {
    BareLoop loop = new BareLoop(bootstrap, topics, timeout);
    loop.copier.start();
    loop.counter.start();
    return loop;
  }

  /** Waits until the loop's consumer has its partitions, as a phase waits for its workers to be ready. */
  void join(Duration wait) throws InterruptedException {
    if (!joined.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the bare loop did not join its group within " + wait);
    }
  }

  /**
   * Waits until {@code total} records in all have arrived on the results topic; the {@link System#nanoTime} at
   * which the last of them was counted.
   */
  long awaitCount(long total) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (counted.records() < total) {
      if (failure != null) throw new IllegalStateException("the bare loop failed: " + failure, failure);
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the bare loop did not copy " + total + " records within " + timeout
            + " (" + counted.records() + " arrived)");
      }
      Thread.sleep(1);
    }
    return counted.atNanos();
  }

  /** The {@link System#nanoTime} at which the loop took its first record. */
  long firstRecordNanos() {
    return firstRecordNanos;
  }

  private void copy() {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(transactionalProducer(),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      source.subscribe(List.of(topics.requests()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          joined.countDown();
        }
      });
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      boolean open = false;
      long windowStart = System.nanoTime();
      while (!stopping) {
        ConsumerRecords<byte[], byte[]> records = source.poll(open ? BUSY_POLL : IDLE_POLL);
        if (!records.isEmpty() && firstRecordNanos == 0) firstRecordNanos = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (!open) {
            producer.beginTransaction();
            open = true;
          }
          producer.send(new ProducerRecord<>(topics.results(), record.key(), record.value()));
          offsets.put(new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        // like a worker's window: closed when 100 ms old, or sooner when nothing more arrives to share it
        if (open && (records.isEmpty() || System.nanoTime() - windowStart > WINDOW_NANOS)) {
          producer.sendOffsetsToTransaction(offsets, source.groupMetadata());
          producer.commitTransaction();
          open = false;
          offsets.clear();
          windowStart = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      source.close(Duration.ZERO);
    }
  }

  private void count() {
    try {
      List<TopicPartition> partitions = sink.partitionsFor(topics.results()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      sink.assign(partitions);
      sink.seekToBeginning(partitions);
      long seen = 0;
      while (!stopping) {
        int records = sink.poll(Duration.ofMillis(50)).count();
        if (records > 0) {
          seen += records;
          counted = new Counted(seen, System.nanoTime());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      sink.close(Duration.ZERO);
    }
  }

  private void fail(RuntimeException e) {
    failure = e;
    joined.countDown();
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    source.wakeup();
    sink.wakeup();
    copier.join();
    counter.join();
  }

  /** A {@code read_committed} consumer; in the group {@code groupId} when it is not null. */
  private KafkaConsumer<byte[], byte[]> consumer(String groupId) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    if (groupId != null) config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private Properties transactionalProducer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "-loop");
    return config;
  }
}
