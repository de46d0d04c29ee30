package io.constellation.worker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class WindowPublisherTest {
  private static final Duration LONG = Duration.ofSeconds(20);
  private static final ConsumerGroupMetadata WORKERS = new ConsumerGroupMetadata("t-workers", 3, "m-1", Optional.empty());
  private static final TopicPartition SHARED = new TopicPartition("t.requests", 4);

  private final BlockingProducer producer = new BlockingProducer();
  private final WindowPublisher publisher = new WindowPublisher(new TransactionalPublisher(producer), "n1");

  @BeforeEach
  void start() {
    publisher.start();
  }

  @AfterEach
  void stop() {
    producer.release();
    publisher.kill();
  }

  private static ClosedWindow window(int records, long offset) {
    List<ProducerRecord<byte[], byte[]>> list = java.util.stream.IntStream.range(0, records)
        .mapToObj(i -> new ProducerRecord<>("t.results", ("e-" + i).getBytes(), new byte[] {1})).toList();
    return new ClosedWindow(list, List.of(new GroupOffsets(WORKERS, Map.of(SHARED, new OffsetAndMetadata(offset)))));
  }

  @Test
  void submit_window_isCommittedOnThePublisherThread() {
    publisher.submit(window(2, 10));

    assertThat(publisher.await(LONG)).contains(new PublishOutcome.Committed(2));
    assertThat(publisher.idle()).isTrue();
    assertThat(producer.commitThreads).containsExactly("constellation-publish-n1");
    assertThat(producer.history()).hasSize(2);
  }

  @Test
  void poll_whileTheCommitIsHeld_isEmptyAndTheWindowStaysInFlight() throws Exception {
    producer.holdNextCommit(null);
    publisher.submit(window(1, 1));
    producer.awaitHeld();

    assertThat(publisher.poll()).isEmpty();
    assertThat(publisher.idle()).isFalse();
    assertThatThrownBy(() -> publisher.submit(window(1, 2))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in flight");

    producer.release();
    assertThat(publisher.await(LONG)).contains(new PublishOutcome.Committed(1));
  }

  @Test
  void await_abortableFailure_reportsAborted_andTheNextWindowCommits() {
    producer.holdNextCommit(new org.apache.kafka.common.KafkaException("coordinator moved"));
    producer.release();
    publisher.submit(window(1, 1));
    assertThat(publisher.await(LONG)).hasValueSatisfying(o -> assertThat(o).isInstanceOf(PublishOutcome.Aborted.class));

    publisher.submit(window(1, 1));
    assertThat(publisher.await(LONG)).contains(new PublishOutcome.Committed(1));
  }

  @Test
  void await_fencedProducer_throwsUnableToPublish_andTheThreadEnds() throws Exception {
    producer.fenceProducer();
    publisher.submit(window(1, 1));

    assertThatThrownBy(() -> publisher.await(LONG)).isInstanceOf(UnableToPublishException.class)
        .hasMessageContaining("fenced");
    assertThat(publisher.awaitStopped(LONG)).isTrue();
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void kill_duringAHeldCommit_wakesTheOwner_andClosesTheProducerWithoutCommitting() throws Exception {
    producer.holdNextCommit(null);
    publisher.submit(window(1, 1));
    producer.awaitHeld();

    publisher.kill();

    assertThat(publisher.await(LONG)).isEmpty();
    assertThat(publisher.awaitStopped(LONG)).isTrue();
    assertThat(producer.closed()).isTrue();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void close_idle_stopsTheThreadAndClosesTheProducer() throws Exception {
    publisher.submit(window(1, 1));
    assertThat(publisher.await(LONG)).isPresent();

    publisher.close(Duration.ofSeconds(5));

    assertThat(publisher.awaitStopped(LONG)).isTrue();
    assertThat(producer.closed()).isTrue();
  }
}
