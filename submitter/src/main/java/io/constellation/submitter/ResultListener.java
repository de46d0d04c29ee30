package io.constellation.submitter;

import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.avro.ExecutionResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one results consumer of a client: reads every partition of the results topic from the end it had when the
 * client started, and completes the future waiting for each execution id.
 *
 * <p>Implementation notes: the consumer has no group (assign + seekToEnd), so many clients can listen side by
 * side without rebalancing each other, and it reads committed results only. Positions are resolved in the
 * constructor, on the caller's thread, before any request is produced: a result can then only land after the
 * position we read from, never before it. Futures are completed on {@code callbacks}, not on the poll thread, so a
 * slow or blocking caller callback cannot stall delivery to everyone else.
 *
 * <p>Thread-safety: {@link #await} and {@link #close} may be called from any thread; the consumer is used only by
 * the poll thread after construction.
 */
final class ResultListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultListener.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<String, byte[]> consumer;
  private final ResultCodec codec;
  private final Executor callbacks;
  private final Map<String, CompletableFuture<ExecutionResult>> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  ResultListener(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, ResultCodec codec,
      Executor callbacks, Duration timeout, String name) {
    this.consumer = consumer;
    this.codec = codec;
    this.callbacks = callbacks;
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    for (TopicPartition partition : partitions) consumer.position(partition, timeout);
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::pollLoop);
    thread.start();
  }

  /**
   * Registers a future for {@code executionId}; it completes when that result arrives. Must be called before the
   * request is produced. Throws {@link SubmitterException} if the id is already awaited.
   */
  CompletableFuture<ExecutionResult> await(String executionId) {
    CompletableFuture<ExecutionResult> future = new CompletableFuture<>();
    if (closed.get()) throw new SubmitterException("client is closed");
    if (pending.putIfAbsent(executionId, future) != null) {
      throw new SubmitterException("executionId " + executionId + " is already awaiting a result on this client");
    }
    // Whoever completes it (result, orTimeout, cancel, close), it stops being awaited.
    future.whenComplete((result, error) -> pending.remove(executionId, future));
    return future;
  }

  /** Stops awaiting {@code executionId} with {@code error} (its request could not be sent). */
  void fail(String executionId, Throwable error) {
    CompletableFuture<ExecutionResult> future = pending.remove(executionId);
    if (future != null) future.completeExceptionally(error);
  }

  int pending() {
    return pending.size();
  }

  private void pollLoop() {
    try {
      while (!closed.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) deliver(record);
      }
    } catch (WakeupException e) {
      if (!closed.get()) LOG.error("results listener woken up unexpectedly", e);
    } catch (RuntimeException e) {
      LOG.error("results listener stopped; pending executions will not complete", e);
      failAll("the results listener stopped before the result of %s arrived: " + String.valueOf(e).replace("%", "%%"));
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void deliver(ConsumerRecord<String, byte[]> record) {
    if (pending.isEmpty()) return;
    // The key is the execution id: skip results nobody here waits for without decoding them.
    if (record.key() != null && !pending.containsKey(record.key())) return;
    ExecutionResult result;
    try {
      result = codec.decode(record.value(), record.headers());
    } catch (RuntimeException e) {
      LOG.warn("skipping undecodable result at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return;
    }
    CompletableFuture<ExecutionResult> future = pending.remove(result.getExecutionId());
    if (future != null) callbacks.execute(() -> future.complete(result));
  }

  private void failAll(String why) {
    for (String id : List.copyOf(pending.keySet())) fail(id, new SubmitterException(why.formatted(id)));
  }

  /** Stops the poll thread, closes the consumer and fails every pending future. Idempotent. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) return;
    try {
      consumer.wakeup();
    } catch (RuntimeException e) {
      LOG.debug("wakeup of a closing results consumer", e);  // it is closing on its own anyway
    }
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll("client closed before the result of %s arrived");
  }
}
