package io.constellation.submitter;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.RecordHeaders;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Submits executions to a Constellation cluster and waits for their results.
 *
 * <pre>{@code
 * try (ConstellationClient client = ConstellationClient.builder().bootstrapServers("localhost:9092").build()) {
 *   ExecutionResult result = client.submit(Requests.source(source).input("x", 1).build())
 *       .orTimeout(60, TimeUnit.SECONDS)
 *       .join();
 * }
 * }</pre>
 *
 * <p>Routing: a request with a {@code node} goes to the pinned topic keyed by that node id (the default
 * partitioner then picks the partition the node reads, murmur2(key) mod partitions); any other request goes to
 * the shared requests topic keyed by its execution id. Requests are encoded as Avro single-object bytes by
 * default, or as JSON with a {@code content-type: application/json} header.
 *
 * <p>Results: one results listener per client reads every partition of the results topic (read_committed, no
 * consumer group) from the end it had when {@link Builder#build()} returned. A future returned by
 * {@link #submit} completes with the first result carrying its execution id, on a virtual thread of the client
 * (never on the consumer's thread); a result that never comes is the caller's business
 * ({@code orTimeout}). {@link #close()} fails every pending future with a {@link SubmitterException}.
 *
 * <p>{@link Builder#build()} checks that the cluster answers and that the topics exist; it throws
 * {@link ClusterUnreachableException} when no broker answers within the connect timeout, and
 * {@link SubmitterException} when a topic is missing.
 *
 * <p>Thread-safety: thread-safe; share one client per process. Its threads (the results listener, the producer's
 * I/O thread, the callback executor) are owned by it and stopped by {@link #close()}.
 */
public final class ConstellationClient implements AutoCloseable {
  private final Topics topics;
  private final Encoding encoding;
  private final RequestCodec requestCodec = new RequestCodec();
  private final Producer<String, byte[]> producer;
  private final ExecutorService callbacks;
  private final ResultListener results;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Properties scanConfig;
  private final Duration timeout;

  private ConstellationClient(Builder builder) {
    this.topics = builder.topics;
    this.encoding = builder.encoding;
    this.timeout = builder.connectTimeout;
    String clientId = builder.clientId != null ? builder.clientId : "constellation-client-" + UUID.randomUUID();
    this.scanConfig = consumerConfig(builder, clientId + "-scan");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(builder, clientId),
        new StringDeserializer(), new ByteArrayDeserializer());
    Producer<String, byte[]> createdProducer = null;
    ExecutorService createdCallbacks = null;
    try {
      List<TopicPartition> resultPartitions = checkTopics(consumer, builder);
      createdProducer = new KafkaProducer<>(producerConfig(builder, clientId), new StringSerializer(),
          new ByteArraySerializer());
      createdCallbacks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(clientId + "-callback-", 0)
          .factory());
      this.results = new ResultListener(consumer, resultPartitions, new ResultCodec(), createdCallbacks,
          builder.connectTimeout, clientId + "-results");
    } catch (RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      if (createdProducer != null) createdProducer.close(Duration.ZERO);
      if (createdCallbacks != null) createdCallbacks.shutdownNow();
      if (e instanceof TimeoutException) throw unreachable(builder, e);
      throw e;
    }
    this.producer = createdProducer;
    this.callbacks = createdCallbacks;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The topics this client writes to and reads from. */
  public Topics topics() {
    return topics;
  }

  /**
   * Produces {@code request} and returns a future of its result. The future fails with a
   * {@link SubmitterException} when the request cannot be sent (too large, cluster gone, client closed) or when
   * the client closes first; when the execution id is already awaited by this client, the call throws it.
   */
  public CompletableFuture<ExecutionResult> submit(ExecutionRequest request) {
    Objects.requireNonNull(request, "request");
    requireOpen();
    String executionId = request.getExecutionId();
    CompletableFuture<ExecutionResult> result = results.await(executionId);
    send(request).whenComplete((metadata, error) -> {
      if (error != null) results.fail(executionId, error);
    });
    return result;
  }

  /** Produces {@code request} without waiting for its result; the future completes once the broker has it. */
  public CompletableFuture<RecordMetadata> send(ExecutionRequest request) {
    Objects.requireNonNull(request, "request");
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    try {
      requireOpen();
      ProducerRecord<String, byte[]> record = record(request);
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          sent.complete(metadata);
        } else {
          sent.completeExceptionally(cannotSend(request, error));
        }
      });
    } catch (SubmitterException e) {
      sent.completeExceptionally(e);
    } catch (KafkaException | IllegalStateException | IllegalArgumentException e) {
      // The producer throws synchronously for records it can refuse at once (too large, closed, no metadata).
      sent.completeExceptionally(cannotSend(request, e));
    }
    return sent;
  }

  /**
   * Calls {@code found} with every result already on the results topic since {@code since} whose execution id
   * passes {@code executionIds}, reading up to the end of the topic as it is when the scan starts, on the calling
   * thread; returns how many were found. A resumed batch uses it to collect the answers to requests it sent before
   * it was interrupted (workers do not run an execution id again once its result is published). Throws
   * {@link SubmitterException} when the topic cannot be read.
   */
  public long scanResults(Predicate<String> executionIds, Instant since, Consumer<ExecutionResult> found) {
    Objects.requireNonNull(executionIds, "executionIds");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(found, "found");
    requireOpen();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(scanConfig, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.results(), timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      return ResultScanner.scan(consumer, partitions, since, executionIds, found, timeout);
    } catch (KafkaException e) {
      throw new SubmitterException("cannot read " + topics.results() + ": " + e.getMessage(), e);
    }
  }

  /** How many submitted executions still wait for their result. */
  public int pending() {
    return results.pending();
  }

  private ProducerRecord<String, byte[]> record(ExecutionRequest request) {
    byte[] value;
    try {
      value = requestCodec.encode(request, encoding);
    } catch (RuntimeException e) {
      throw new SubmitterException("cannot encode request " + request.getExecutionId() + ": " + e.getMessage(), e);
    }
    boolean pinned = request.getNode() != null;
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(pinned ? topics.pinned() : topics.requests(),
        pinned ? request.getNode() : request.getExecutionId(), value);
    record.headers().add(new RecordHeader(RecordHeaders.CONTENT_TYPE,
        encoding.contentType().getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private static SubmitterException cannotSend(ExecutionRequest request, Throwable error) {
    return new SubmitterException("cannot send request " + request.getExecutionId() + ": " + error.getMessage(),
        error);
  }

  private void requireOpen() {
    if (closed.get()) throw new SubmitterException("client is closed");
  }

  /**
   * Closes in order: stop accepting work, flush what was produced, stop the results listener (failing pending
   * futures), then the callback threads. Idempotent.
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) return;
    RuntimeException first = null;
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      first = e;
    }
    try {
      results.close();
    } catch (RuntimeException e) {
      if (first == null) first = e; else first.addSuppressed(e);
    }
    callbacks.shutdown();
    if (first != null) throw new SubmitterException("client did not close cleanly", first);
  }

  private static List<TopicPartition> checkTopics(KafkaConsumer<String, byte[]> consumer, Builder builder) {
    Map<String, List<PartitionInfo>> existing = consumer.listTopics(builder.connectTimeout);
    List<String> missing = new ArrayList<>();
    for (String topic : List.of(builder.topics.requests(), builder.topics.pinned(), builder.topics.results())) {
      List<PartitionInfo> partitions = existing.get(topic);
      if (partitions == null || partitions.isEmpty()) missing.add(topic);
    }
    if (!missing.isEmpty()) {
      throw new SubmitterException("topic(s) " + String.join(", ", missing) + " do not exist at "
          + builder.bootstrapServers + "; create them with 'constellation topics create'");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : existing.get(builder.topics.results())) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    return partitions;
  }

  private static ClusterUnreachableException unreachable(Builder builder, Exception cause) {
    String what = cause instanceof TimeoutException
        ? "no Kafka broker answered at " + builder.bootstrapServers + " within " + builder.connectTimeout.toSeconds() + " s"
        : "cannot reach " + builder.bootstrapServers + " (" + cause.getCause().getMessage() + ")";
    return new ClusterUnreachableException(what + "; is the cluster running (constellation dev) and the address "
        + "right (--bootstrap-servers / KAFKA_BOOTSTRAP_SERVERS)?", cause);
  }

  private static Properties consumerConfig(Builder builder, String clientId) {
    Properties p = new Properties();
    p.putAll(builder.common());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-results");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(builder.connectTimeout.toMillis()));
    return p;
  }

  private static Properties producerConfig(Builder builder, String clientId) {
    Properties p = new Properties();
    p.putAll(builder.common());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // Bounds how long send() may block waiting for metadata when the cluster goes away after build().
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(builder.connectTimeout.toMillis()));
    return p;
  }

  /**
   * Configures a client. {@code bootstrapServers} is required; defaults: topic prefix {@code constellation},
   * Avro encoding, a random client id, a 30 s connect timeout.
   *
   * <p>Thread-safety: not thread-safe.
   */
  public static final class Builder {
    private String bootstrapServers;
    private Topics topics = Topics.DEFAULT;
    private Encoding encoding = Encoding.AVRO;
    private String clientId;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private final Properties overrides = new Properties();

    private Builder() {}

    public Builder bootstrapServers(String bootstrapServers) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must not be blank, was '" + bootstrapServers + "'");
      }
      this.bootstrapServers = bootstrapServers.strip();
      return this;
    }

    public Builder topics(Topics topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    public Builder topicPrefix(String prefix) {
      if (prefix == null || prefix.isBlank()) {
        throw new IllegalArgumentException("topicPrefix must not be blank, was '" + prefix + "'");
      }
      return topics(new Topics(prefix));
    }

    public Builder encoding(Encoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    public Builder clientId(String clientId) {
      if (clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("clientId must not be blank, was '" + clientId + "'");
      }
      this.clientId = clientId;
      return this;
    }

    /** How long {@link #build()} and a blocked send wait for the cluster to answer; default 30 s. */
    public Builder connectTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive, was " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /** A Kafka client setting passed to both the producer and the consumer (security settings, for example). */
    public Builder kafkaProperty(String name, String value) {
      if (Set.of("bootstrap.servers", "key.serializer", "value.serializer", "key.deserializer",
          "value.deserializer").contains(name)) {
        throw new IllegalArgumentException(name + " is set by the client itself");
      }
      overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Connects: checks the topics exist, positions the results listener at the end of the results topic and
     * starts it. Throws {@link ClusterUnreachableException} or {@link SubmitterException} (see the class docs).
     */
    public ConstellationClient build() {
      if (bootstrapServers == null) throw new IllegalStateException("bootstrapServers is required");
      try {
        return new ConstellationClient(this);
      } catch (KafkaException e) {
        if (e instanceof TimeoutException || e.getCause() instanceof ConfigException) throw unreachable(this, e);
        throw new SubmitterException("cannot connect to " + bootstrapServers + ": " + e.getMessage(), e);
      }
    }

    private Properties common() {
      Properties p = new Properties();
      p.putAll(overrides);
      p.put("bootstrap.servers", bootstrapServers);
      return p;
    }
  }
}
