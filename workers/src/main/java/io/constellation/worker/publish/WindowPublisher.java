package io.constellation.worker.publish;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the transactions of a worker's publish windows on a thread of its own ({@code constellation-publish-<node>}),
 * so that a commit (tens of milliseconds of broker round trips) never stalls polling and executing.
 *
 * <p>The owner (the poll thread) {@linkplain #submit submits} a {@link ClosedWindow}; the publisher thread runs
 * {@link TransactionalPublisher#publish} on it and reports how it ended through a queue, which the owner reads with
 * {@link #poll()} or {@link #await(Duration)}. At most one window is in flight: the owner closes the next one only
 * once the previous outcome was taken, so offsets are committed in order and the owner applies each outcome (mark
 * committed, or rewind) before it computes the next commit.
 *
 * <pre>
 *   owner:      submit(w1) ..poll()=empty.. poll()=Committed  submit(w2) ...
 *   publisher:        begin, send, sendOffsets, commit --^          begin ...
 * </pre>
 *
 * <p>Ownership: the transactional producer belongs to the publisher thread from {@link #start()} (which
 * initialises it on the caller, before the thread starts) until the thread ends; the thread closes it on its way
 * out. A fenced or otherwise fatal producer ends the thread, and the owner gets the
 * {@link UnableToPublishException} from its next {@code poll} or {@code await}.
 *
 * <p>Thread-safety: {@link #start}, {@link #idle}, {@link #submit}, {@link #poll}, {@link #await} and
 * {@link #close} belong to one owner thread. {@link #kill()} may be called from any thread, any number of times.
 */
public final class WindowPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(WindowPublisher.class);
  /** Handed over to end the thread after the windows before it. */
  private static final ClosedWindow STOP = new ClosedWindow(List.of(), List.of());

  /** What the publisher thread reports. */
  private sealed interface Done {
    record Finished(PublishOutcome outcome) implements Done {}

    record Broken(UnableToPublishException cause) implements Done {}

    record Killed() implements Done {}
  }

  private final TransactionalPublisher publisher;
  private final String nodeId;
  private final Thread thread;
  private final BlockingQueue<ClosedWindow> windows = new ArrayBlockingQueue<>(2); // one window and STOP
  private final BlockingQueue<Done> outcomes = new LinkedBlockingQueue<>();
  private volatile boolean killed;
  private volatile Duration closeTimeout = Duration.ZERO;

  // Owner state.
  private boolean started;
  private boolean inFlight;

  public WindowPublisher(TransactionalPublisher publisher, String nodeId) {
    this.publisher = publisher;
    this.nodeId = nodeId;
    this.thread = Thread.ofPlatform().name("constellation-publish-" + nodeId).daemon().unstarted(this::run);
  }

  /**
   * Initialises the transactional producer (fencing an older instance of the node) and starts the thread.
   *
   * @throws UnableToPublishException when the producer cannot be initialised; the thread is then not started
   */
  public void start() {
    publisher.init();
    started = true;
    thread.start();
  }

  /** True when no window is in flight: the owner may close and {@link #submit} the next one. */
  public boolean idle() {
    return !inFlight;
  }

  /**
   * Hands {@code window} to the publisher thread.
   *
   * @throws IllegalStateException when a window is still in flight or the publisher was not started; after
   *     {@link #kill()} the window is dropped (a crash commits nothing)
   */
  public void submit(ClosedWindow window) {
    if (!started) throw new IllegalStateException("the publisher of worker " + nodeId + " was not started");
    if (killed) return;
    if (inFlight) throw new IllegalStateException("a window of worker " + nodeId + " is still in flight");
    inFlight = true;
    windows.add(window);
  }

  /**
   * The outcome of the in-flight window if it has ended, without waiting.
   *
   * @throws UnableToPublishException when the producer was fenced or broke (the publisher thread has ended)
   */
  public Optional<PublishOutcome> poll() {
    return inFlight ? take(outcomes.poll()) : Optional.empty();
  }

  /**
   * Waits up to {@code timeout} for the outcome of the in-flight window; empty when none is in flight, on
   * timeout (the window is then still in flight) and when killed.
   *
   * @throws UnableToPublishException when the producer was fenced or broke
   */
  public Optional<PublishOutcome> await(Duration timeout) {
    if (!inFlight) return Optional.empty();
    try {
      return take(outcomes.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<PublishOutcome> take(Done done) {
    return switch (done) {
      case null -> Optional.empty();
      case Done.Finished finished -> {
        inFlight = false;
        yield Optional.of(finished.outcome());
      }
      case Done.Broken broken -> {
        inFlight = false;
        throw broken.cause();
      }
      case Done.Killed killedMarker -> Optional.empty();
    };
  }

  /**
   * Stops the thread once the window in flight (if any) has ended, and closes the producer, waiting up to
   * {@code timeout} for its outstanding requests. Does not commit anything itself: await the last window first.
   * If the thread does not end in time the publisher is {@linkplain #kill() killed}.
   */
  public void close(Duration timeout) {
    if (!started) {
      publisher.close(timeout);
      return;
    }
    closeTimeout = timeout;
    windows.offer(STOP);
    try {
      thread.join(timeout.plusSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("worker {}: the publisher thread did not stop within {}; killing it", nodeId, timeout);
      kill();
    }
  }

  /**
   * Stops at once, as in a crash: the thread is interrupted and the producer closed with a zero timeout, so an open
   * transaction is never committed (the coordinator aborts it). An owner waiting in {@link #await} returns empty.
   */
  public void kill() {
    killed = true;
    outcomes.add(new Done.Killed());
    thread.interrupt();
    closeQuietly(Duration.ZERO);
  }

  /** Waits up to {@code timeout} for the thread to end; true when it has (or never started). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return !started || thread.join(timeout);
  }

  private void run() {
    try {
      while (!killed) {
        ClosedWindow window = windows.take();
        if (window == STOP) break;
        Done done = publish(window);
        if (killed) break;
        outcomes.add(done);
        if (done instanceof Done.Broken) break; // the producer is unusable
      }
    } catch (InterruptedException e) {
      // killed
    } finally {
      closeQuietly(killed ? Duration.ZERO : closeTimeout);
    }
  }

  private Done publish(ClosedWindow window) {
    try {
      return new Done.Finished(publisher.publish(window.records(), window.offsets()));
    } catch (UnableToPublishException e) {
      return new Done.Broken(e);
    } catch (RuntimeException e) {
      return new Done.Broken(new UnableToPublishException("publishing a window failed unexpectedly: " + e, e));
    }
  }

  private void closeQuietly(Duration timeout) {
    try {
      publisher.close(timeout);
    } catch (RuntimeException e) {
      LOG.warn("worker {}: closing the producer failed: {}", nodeId, e.toString());
    }
  }
}
