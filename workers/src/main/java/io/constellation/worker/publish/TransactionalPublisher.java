package io.constellation.worker.publish;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Publishes one window atomically: begin a transaction, send the records, add the consumed offsets of every
 * consumer group, commit. Either all of it becomes visible to read_committed readers or none of it.
 *
 * <p>Errors are split the way the producer documents them: fencing and other fatal errors throw
 * {@link UnableToPublishException} (the producer is unusable; the node must stop), anything else aborts the
 * transaction and returns {@link PublishOutcome.Aborted} so the caller can redo the window.
 *
 * <p>Thread-safety: none; the {@link WindowPublisher} thread owns the publisher and its producer (the caller of
 * {@link #init()} hands it over when it starts that thread).
 */
public final class TransactionalPublisher implements AutoCloseable {
  private static final int ABORT_ATTEMPTS = 3;
  private static final int COMMIT_ATTEMPTS = 3;

  private final Producer<byte[], byte[]> producer;

  public TransactionalPublisher(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /** Registers the transactional id, fencing an older instance and aborting its open transaction. */
  public void init() {
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      throw new UnableToPublishException("could not initialise the transactional producer: " + e.getMessage(), e);
    }
  }

  /**
   * Sends {@code records} and commits them with {@code offsets} in one transaction.
   *
   * @throws UnableToPublishException when the producer is fenced or otherwise fatally broken
   */
  public PublishOutcome publish(List<ProducerRecord<byte[], byte[]>> records, List<GroupOffsets> offsets) {
    try {
      producer.beginTransaction();
      for (ProducerRecord<byte[], byte[]> record : records) producer.send(record); // failures surface at commit
      for (GroupOffsets group : offsets) {
        if (!group.offsets().isEmpty()) producer.sendOffsetsToTransaction(group.offsets(), group.group());
      }
      commit();
      return new PublishOutcome.Committed(records.size());
    } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
             | AuthorizationException | UnsupportedVersionException | FencedInstanceIdException e) {
      throw new UnableToPublishException("transactional producer fenced or broken: " + e, e);
    } catch (IllegalStateException e) {
      // the producer is closed or in a state we did not put it in: not recoverable here
      throw new UnableToPublishException("transactional producer unusable: " + e, e);
    } catch (KafkaException e) {
      abort(e);
      return new PublishOutcome.Aborted(e);
    }
  }

  /** A commit that timed out may be retried (the producer documents it); it is never aborted half-committed. */
  private void commit() {
    for (int attempt = 1; ; attempt++) {
      try {
        producer.commitTransaction();
        return;
      } catch (TimeoutException e) {
        if (attempt >= COMMIT_ATTEMPTS) {
          throw new UnableToPublishException("commit did not complete after " + attempt + " attempts", e);
        }
      }
    }
  }

  private void abort(KafkaException cause) {
    for (int attempt = 1; ; attempt++) {
      try {
        producer.abortTransaction();
        return;
      } catch (TimeoutException e) {
        if (attempt >= ABORT_ATTEMPTS) {
          cause.addSuppressed(e);
          throw new UnableToPublishException("could not abort the transaction after " + attempt + " attempts", cause);
        }
      } catch (KafkaException | IllegalStateException e) {
        cause.addSuppressed(e);
        throw new UnableToPublishException("could not abort the transaction: " + e, cause);
      }
    }
  }

  /** Closes the producer, waiting up to {@code timeout} for outstanding requests ({@code ZERO} for a crash). */
  public void close(Duration timeout) {
    producer.close(timeout);
  }

  @Override
  public void close() {
    producer.close();
  }
}
