package io.constellation.worker.publish;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link MockProducer} whose next commit can be held on a latch, and which records the thread of every commit and
 * the order of commits. The wait happens outside the mock's monitor, so its other methods stay usable meanwhile.
 */
public final class BlockingProducer extends MockProducer<byte[], byte[]> {
  /** Commit events in order: "commit N by THREAD" when a commit ended (committed or failed). */
  public final List<String> events = new CopyOnWriteArrayList<>();
  public final List<String> commitThreads = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch entered = new CountDownLatch(0);
  private volatile CountDownLatch release = new CountDownLatch(0);
  private volatile KafkaException failOnRelease;
  private int commits;

  public BlockingProducer() {
    super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The next commit waits until {@link #release()}, then fails with {@code failure} (null: commits). */
  public void holdNextCommit(KafkaException failure) {
    failOnRelease = failure;
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  /** Waits until the held commit has started. */
  public void awaitHeld() throws InterruptedException {
    entered.await();
  }

  public void release() {
    release.countDown();
  }

  @Override
  public void commitTransaction() {
    commitThreads.add(Thread.currentThread().getName());
    CountDownLatch held = entered;
    if (held.getCount() > 0) {
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new InterruptException(e);
      }
      KafkaException failure = failOnRelease;
      failOnRelease = null;
      if (failure != null) {
        events.add("commit failed");
        throw failure;
      }
    }
    super.commitTransaction();
    synchronized (this) {
      events.add("commit " + ++commits);
    }
  }
}
