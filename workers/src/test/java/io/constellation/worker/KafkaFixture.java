package io.constellation.worker;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A fresh set of topics on the JVM's shared broker for one test, with a plain producer for requests and
 * read_committed readers for results and dead letters. Close it at the end of the test.
 */
final class KafkaFixture implements AutoCloseable {
  static final RequestCodec REQUESTS = new RequestCodec();
  static final ResultCodec RESULTS = new ResultCodec();

  final String bootstrap = TestInfrastructure.kafka().bootstrapServers();
  final Topics topics = new Topics("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  final Admin admin;
  final KafkaProducer<byte[], byte[]> producer;
  private final List<AutoCloseable> owned = new ArrayList<>();

  KafkaFixture() {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    owned.add(admin);
    TopicSetup.ensureTopics(admin, topics, Duration.ofSeconds(30));
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    owned.add(producer);
  }

  /** A worker config on these topics: ephemeral admin port, a short publish window. */
  WorkerConfig config(String nodeId) {
    return WorkerConfig.defaults()
        .withBootstrapServers(bootstrap)
        .withTopicPrefix(topics.prefix())
        .withNodeId(nodeId)
        .withAdminPort(0)
        .withPublishWindow(Duration.ofMillis(50), 1_000)
        .withDrainTimeout(Duration.ofSeconds(20));
  }

  static ExecutionRequest.Builder request(String id, String source, String inputs) {
    return ExecutionRequest.newBuilder().setExecutionId(id).setSource(source).setInputs(inputs);
  }

  /** Produces an Avro request on the shared topic keyed by its id, and waits for the ack. */
  void submit(ExecutionRequest request) {
    send(new ProducerRecord<>(topics.requests(), utf8(request.getExecutionId()),
        REQUESTS.encode(request, Encoding.AVRO)));
  }

  /** Produces a pinned Avro request keyed by {@code nodeId}. */
  void submitPinned(ExecutionRequest request, String nodeId) {
    send(new ProducerRecord<>(topics.pinned(), utf8(nodeId), REQUESTS.encode(request, Encoding.AVRO)));
  }

  void send(ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("could not produce to " + record.topic(), e);
    }
  }

  /** A read_committed reader of {@code topic} from the beginning. */
  Reader reader(String topic) {
    Reader reader = new Reader(topic);
    owned.add(reader);
    return reader;
  }

  Reader results() {
    return reader(topics.results());
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Polls {@code condition} every 50 ms until it holds; fails naming {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) throw new AssertionError("timed out after " + timeout + ": " + what);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
  }

  /** Reads every committed record of a topic, keeping all of them (duplicates included). */
  final class Reader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    private Reader(String topic) {
      consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code distinctKeys} distinct keys were read; returns every record read so far. */
    List<ConsumerRecord<byte[], byte[]>> awaitKeys(int distinctKeys, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (distinctKeys() < distinctKeys) {
        if (System.nanoTime() - deadline >= 0) {
          throw new AssertionError("timed out after " + timeout + " with " + distinctKeys() + " of " + distinctKeys
              + " distinct keys (" + records.size() + " records)");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return List.copyOf(records);
    }

    /** Reads on until the reader is at the end of every partition (the last stable offset), then returns all. */
    List<ConsumerRecord<byte[], byte[]>> readToEnd() {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() - deadline >= 0) throw new AssertionError("could not read to the end");
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return List.copyOf(records);
    }

    int distinctKeys() {
      return (int) records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count();
    }

    /** The results read, by executionId (a list, so duplicates show). */
    Map<String, List<ExecutionResult>> resultsById() {
      Map<String, List<ExecutionResult>> byId = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        ExecutionResult result = RESULTS.decode(record.value(), record.headers());
        byId.computeIfAbsent(result.getExecutionId(), k -> new ArrayList<>()).add(result);
      }
      return byId;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
