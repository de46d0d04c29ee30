package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.Encoding;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.execute.RequestExecutor;
import io.constellation.worker.execute.ResultFactory;
import io.constellation.worker.metrics.WorkerMetrics;
import io.constellation.worker.publish.BlockingProducer;
import io.constellation.worker.publish.DeadLetters;
import io.constellation.worker.publish.ResultRecords;
import io.constellation.worker.publish.TransactionalPublisher;
import io.constellation.worker.publish.UnableToPublishException;
import io.constellation.worker.scheduler.PriorityScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poll loop against mock clients: the transaction failure paths a real broker rarely produces on demand. */
@Timeout(60)
final class WorkerLoopTest {
  private static final Topics TOPICS = new Topics("mock");
  private static final TopicPartition P0 = new TopicPartition(TOPICS.requests(), 0);
  private static final TopicPartition P1 = new TopicPartition(TOPICS.requests(), 1);
  private static final RequestCodec CODEC = new RequestCodec();

  private final MockConsumer<byte[], byte[]> group = new MockConsumer<>("earliest");
  private final MockConsumer<byte[], byte[]> pinned = new MockConsumer<>("earliest");
  private final BlockingProducer producer = new BlockingProducer();
  private final ExecutorService executions = Executors.newVirtualThreadPerTaskExecutor();
  private final PipelineRuntime runtime = PipelineRuntime.builder(ModuleRegistry.standard()).build();
  private WorkerLoop loop;
  private Thread thread;

  private PriorityScheduler scheduler;

  @BeforeEach
  void mocks() {
    List<PartitionInfo> pinnedPartitions = IntStream.range(0, 3)
        .mapToObj(p -> new PartitionInfo(TOPICS.pinned(), p, Node.noNode(), new Node[0], new Node[0])).toList();
    pinned.updatePartitions(TOPICS.pinned(), pinnedPartitions);
    pinned.updateBeginningOffsets(Map.of(new TopicPartition(TOPICS.pinned(), 0), 0L,
        new TopicPartition(TOPICS.pinned(), 1), 0L, new TopicPartition(TOPICS.pinned(), 2), 0L));
    group.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
  }

  private void startLoop(Duration publishWindow, int publishMaxResults) {
    WorkerConfig config = WorkerConfig.defaults().withNodeId("mock-node").withTopicPrefix(TOPICS.prefix())
        .withPublishWindow(publishWindow, publishMaxResults);
    scheduler = PriorityScheduler.unbounded(executions);
    RequestExecutor executor = RequestExecutor.nodeLocal(Compiler.create(ModuleRegistry.standard()), runtime,
        new ResultFactory("mock-node"), InstantSource.system());
    loop = new WorkerLoop(config, new LoopClients(group, pinned, new TransactionalPublisher(producer)),
        scheduler, executor, CODEC,
        new ResultRecords(TOPICS.results(), new ResultCodec(), 100_000),
        new DeadLetters(TOPICS.dlq(), "mock-node", new DeadLetterCodec(), 100_000),
        new WorkerMetrics("mock-node", 16), InstantSource.system());
    thread = Thread.ofPlatform().name("mock-poll").start(loop);
  }

  @AfterEach
  void stop() throws Exception {
    producer.release();
    if (loop != null) loop.requestKill();
    if (thread != null) thread.join(10_000);
    executions.close();
    runtime.close();
  }

  private void deliver(long from, int count) {
    deliver(P0, from, count);
  }

  private void deliver(TopicPartition partition, long from, int count) {
    group.schedulePollTask(() -> {
      for (long offset = from; offset < from + count; offset++) {
        String id = "e-" + partition.partition() + "-" + offset;
        ExecutionRequest request = ExecutionRequest.newBuilder().setExecutionId(id)
            .setSource("in text: String\nshouted = Uppercase(text)\nout shouted").setInputs("{\"text\":\"x\"}").build();
        group.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, 0L,
            TimestampType.CREATE_TIME, 0, 0, id.getBytes(StandardCharsets.UTF_8), CODEC.encode(request, Encoding.AVRO),
            new RecordHeaders(), Optional.empty()));
      }
    });
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void abortedWindow_isRewoundAndRedone_resultsCommittedOnce() throws Exception {
    startLoop(Duration.ofMillis(20), 1_000);
    group.schedulePollTask(() -> group.rebalance(List.of(P0)));
    producer.commitTransactionException = new KafkaException("coordinator load in progress");
    deliver(0, 3);
    await("the window aborted", producer::transactionAborted);
    producer.commitTransactionException = null;
    assertThat(producer.history()).as("nothing of the aborted window is visible").isEmpty();
    await("seeked back to the last committed offset", () -> group.position(P0) == 0);

    deliver(0, 3); // what the broker redelivers after the seek
    await("the redone window committed", () -> producer.history().size() == 3);

    assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("e-0-0", "e-0-1", "e-0-2");
    await("offsets committed", () -> producer.consumerGroupOffsetsHistory().stream()
        .anyMatch(groups -> groups.values().stream().anyMatch(o -> new OffsetAndMetadata(3).equals(o.get(P0)))));
  }

  @Test
  void fencedProducer_failsTheLoopLoudly() throws Exception {
    startLoop(Duration.ofMillis(20), 1_000);
    group.schedulePollTask(() -> group.rebalance(List.of(P0)));
    await("started", () -> loop.phase() == WorkerLoop.Phase.RUNNING);
    producer.fenceProducer();
    deliver(0, 1);

    assertThat(loop.awaitStopped(Duration.ofSeconds(30))).isTrue();
    assertThat(loop.phase()).isEqualTo(WorkerLoop.Phase.FAILED);
    assertThat(loop.failure()).isInstanceOf(UnableToPublishException.class);
    assertThat(loop.ready()).isFalse();
    assertThat(group.closed()).isTrue();
  }

  @Test
  void lostPartition_itsCompletedButUncommittedResultsAreNeverPublished() throws Exception {
    startLoop(Duration.ofHours(1), 3); // a window publishes only when it holds 3 results
    group.schedulePollTask(() -> group.rebalance(List.of(P0, P1)));
    deliver(P0, 0, 2);
    await("both P0 executions finished", () -> scheduler.stats().completed() == 2);
    group.schedulePollTask(() -> group.losePartitions(List.of(P0)));
    deliver(P1, 0, 3); // fills a window once P0's two results are gone

    await("P1's window committed", () -> producer.history().size() == 3);
    assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("e-1-0", "e-1-1", "e-1-2");
    assertThat(producer.consumerGroupOffsetsHistory()).allSatisfy(groups ->
        groups.values().forEach(offsets -> assertThat(offsets).doesNotContainKey(P0)));
  }

  private List<String> committedKeys() {
    return producer.history().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
  }

  private List<Long> committedP0Offsets() {
    return producer.consumerGroupOffsetsHistory().stream()
        .flatMap(groups -> groups.values().stream())
        .filter(offsets -> offsets.containsKey(P0))
        .map(offsets -> offsets.get(P0).offset()).toList();
  }

  @Test
  void heldCommit_loopKeepsTakingAndExecuting_andTheirResultsGoOutInTheNextWindow() throws Exception {
    startLoop(Duration.ofMillis(20), 1_000);
    group.schedulePollTask(() -> group.rebalance(List.of(P0)));
    producer.holdNextCommit(null);
    deliver(0, 1);
    producer.awaitHeld(); // the first window's commit is stuck on the publisher thread

    deliver(1, 3);
    await("the records taken during the commit executed", () -> scheduler.stats().completed() == 4);
    assertThat(committedKeys()).as("nothing committed while the commit is held").isEmpty();

    producer.release();
    await("both windows committed", () -> committedKeys().size() == 4);
    assertThat(committedKeys()).first().isEqualTo("e-0-0"); // the held window; the next one in completion order
    assertThat(committedKeys()).containsExactlyInAnyOrder("e-0-0", "e-0-1", "e-0-2", "e-0-3");
    assertThat(committedP0Offsets()).containsExactly(1L, 4L); // one window in flight, the next one grouped
    assertThat(producer.commitThreads).containsOnly("constellation-publish-mock-node");
  }

  @Test
  void abortedCommit_withTheNextWindowFilling_redoesBothFromTheLastCommit_noResultLostOrDuplicated()
      throws Exception {
    startLoop(Duration.ofMillis(20), 1_000);
    group.schedulePollTask(() -> group.rebalance(List.of(P0)));
    deliver(0, 2);
    await("the first window committed", () -> committedKeys().size() == 2);

    producer.holdNextCommit(new KafkaException("coordinator load in progress"));
    deliver(2, 1);
    producer.awaitHeld();
    deliver(3, 2); // taken and executed while the doomed commit is in flight
    await("the records taken during the commit executed", () -> scheduler.stats().completed() == 5);
    producer.release();
    await("the window aborted", producer::transactionAborted);
    await("seeked back to the last committed offset", () -> group.position(P0) == 2);

    deliver(2, 3); // what the broker redelivers after the seek
    await("the redone records committed", () -> committedKeys().size() == 5);
    assertThat(committedKeys()).containsExactlyInAnyOrder("e-0-0", "e-0-1", "e-0-2", "e-0-3", "e-0-4");
    await("offsets committed up to 5", () -> committedP0Offsets().contains(5L));
    assertThat(committedP0Offsets()).isSorted();
  }

  @Test
  void revocation_waitsForTheHeldCommitAndCommitsTheCurrentWindow_beforeReturning() throws Exception {
    startLoop(Duration.ofMillis(20), 1_000);
    group.schedulePollTask(() -> group.rebalance(List.of(P0, P1)));
    producer.holdNextCommit(null);
    deliver(0, 1);
    producer.awaitHeld();
    deliver(1, 2);
    await("the records taken during the commit executed", () -> scheduler.stats().completed() == 3);

    java.util.concurrent.CountDownLatch revoking = new java.util.concurrent.CountDownLatch(1);
    group.schedulePollTask(() -> {
      revoking.countDown();
      group.rebalance(List.of(P1)); // revokes P0: the listener runs inside this call
      producer.events.add("revocation returned");
    });
    revoking.await();
    producer.release();

    await("the revocation returned", () -> producer.events.contains("revocation returned"));
    assertThat(producer.events).containsExactly("commit 1", "commit 2", "revocation returned");
    assertThat(committedKeys()).first().isEqualTo("e-0-0");
    assertThat(committedKeys()).containsExactlyInAnyOrder("e-0-0", "e-0-1", "e-0-2");
    assertThat(committedP0Offsets()).containsExactly(1L, 3L);
  }
}
