package io.constellation.submitter;

import io.constellation.schemas.DecodedRequest;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stands for a worker in client tests: reads requests (shared topic in its own group, every pinned partition,
 * keeping only records keyed with its node id), and answers each with a COMPLETED result whose outputs are the
 * inputs. Records what it saw, so tests can check topic, key and encoding.
 */
final class FakeWorker implements AutoCloseable {
  record Seen(String topic, String key, Encoding encoding, ExecutionRequest request) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final String nodeId;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final RequestCodec requests = new RequestCodec();
  private final ResultCodec results = new ResultCodec();
  private final Topics topics;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  FakeWorker(String bootstrap, Topics topics, String nodeId, boolean shared) {
    this.nodeId = nodeId;
    this.topics = topics;
    Properties c = new Properties();
    c.put("bootstrap.servers", bootstrap);
    c.put("group.id", "fake-" + UUID.randomUUID());
    c.put("auto.offset.reset", "earliest");
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : shared ? List.of(topics.requests(), topics.pinned()) : List.of(topics.pinned())) {
      for (PartitionInfo p : consumer.partitionsFor(topic)) partitions.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    thread = Thread.ofPlatform().name("fake-worker-" + nodeId).start(this::loop);
  }

  private void loop() {
    try {
      while (!closed.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.topic().equals(topics.pinned()) && !nodeId.equals(record.key())) continue;
          DecodedRequest decoded = requests.decode(record.value(), record.headers());
          seen.add(new Seen(record.topic(), record.key(), decoded.encoding(), decoded.request()));
          ExecutionResult result = ExecutionResult.newBuilder()
              .setExecutionId(decoded.request().getExecutionId())
              .setStatus(ExecutionStatus.COMPLETED)
              .setOutputs(decoded.request().getInputs())
              .setNodeId(nodeId)
              .setMetadata(Map.copyOf(decoded.request().getMetadata()))
              .build();
          producer.send(new ProducerRecord<>(topics.results(), result.getExecutionId(),
              results.encode(result, Encoding.AVRO)));
        }
        producer.flush();
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  @Override
  public void close() {
    closed.set(true);
    consumer.wakeup();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
