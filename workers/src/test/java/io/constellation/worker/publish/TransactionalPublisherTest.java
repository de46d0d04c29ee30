package io.constellation.worker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class TransactionalPublisherTest {
  private static final ConsumerGroupMetadata WORKERS = new ConsumerGroupMetadata("t-workers", 3, "m-1", Optional.empty());
  private static final ConsumerGroupMetadata PINNED = new ConsumerGroupMetadata("t-pinned-a", -1, "", Optional.empty());
  private static final TopicPartition SHARED = new TopicPartition("t.requests", 4);
  private static final TopicPartition OWN = new TopicPartition("t.requests.pinned", 1);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final TransactionalPublisher publisher = new TransactionalPublisher(producer);

  @BeforeEach
  void init() {
    publisher.init();
  }

  private static List<ProducerRecord<byte[], byte[]>> results(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> new ProducerRecord<>("t.results", ("e-" + i).getBytes(), new byte[] {1})).toList();
  }

  private static List<GroupOffsets> offsets() {
    return List.of(new GroupOffsets(WORKERS, Map.of(SHARED, new OffsetAndMetadata(10))),
        new GroupOffsets(PINNED, Map.of(OWN, new OffsetAndMetadata(3))));
  }

  @Test
  void publish_window_commitsRecordsAndBothGroupsOffsetsInOneTransaction() {
    PublishOutcome outcome = publisher.publish(results(3), offsets());

    assertThat(outcome).isEqualTo(new PublishOutcome.Committed(3));
    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(producer.commitCount()).isEqualTo(1);
    assertThat(producer.history()).hasSize(3);
    assertThat(producer.consumerGroupOffsetsHistory()).singleElement().satisfies(groups -> {
      assertThat(groups.get("t-workers")).containsEntry(SHARED, new OffsetAndMetadata(10));
      assertThat(groups.get("t-pinned-a")).containsEntry(OWN, new OffsetAndMetadata(3));
    });
  }

  @Test
  void publish_emptyOffsetsOfAGroup_areNotSent() {
    publisher.publish(results(1), List.of(new GroupOffsets(WORKERS, Map.of())));
    assertThat(producer.sentOffsets()).isFalse();
    assertThat(producer.transactionCommitted()).isTrue();
  }

  @Test
  void publish_abortableCommitFailure_abortsAndReportsIt() {
    producer.commitTransactionException = new CommitFailedException("stale generation");

    PublishOutcome outcome = publisher.publish(results(2), offsets());

    assertThat(outcome).isInstanceOfSatisfying(PublishOutcome.Aborted.class,
        aborted -> assertThat(aborted.cause()).hasMessageContaining("stale generation"));
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.history()).isEmpty(); // nothing of the window became visible
  }

  @Test
  void publish_afterAnAbort_nextWindowCommits() {
    producer.sendOffsetsToTransactionException = new KafkaException("coordinator moved");
    assertThat(publisher.publish(results(1), offsets())).isInstanceOf(PublishOutcome.Aborted.class);

    producer.sendOffsetsToTransactionException = null;
    assertThat(publisher.publish(results(1), offsets())).isEqualTo(new PublishOutcome.Committed(1));
  }

  @Test
  void publish_fenced_throwsUnableToPublish() {
    producer.fenceProducer();
    assertThatThrownBy(() -> publisher.publish(results(1), offsets()))
        .isInstanceOf(UnableToPublishException.class)
        .hasMessageContaining("fenced");
  }

  @Test
  void publish_abortFails_throwsUnableToPublish() {
    producer.commitTransactionException = new KafkaException("commit failed");
    producer.abortTransactionException = new KafkaException("abort failed");
    assertThatThrownBy(() -> publisher.publish(results(1), offsets()))
        .isInstanceOf(UnableToPublishException.class)
        .hasMessageContaining("abort");
  }

  @Test
  void publish_closedProducer_throwsUnableToPublish() {
    publisher.close();
    assertThatThrownBy(() -> publisher.publish(results(1), offsets())).isInstanceOf(UnableToPublishException.class);
  }
}
