package io.constellation.worker.consume;

import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.execute.RequestExecutor;
import io.constellation.worker.metrics.WorkerMetrics;
import io.constellation.worker.publish.DeadLetters;
import io.constellation.worker.publish.GroupOffsets;
import io.constellation.worker.publish.PublishOutcome;
import io.constellation.worker.publish.PublishedIds;
import io.constellation.worker.publish.ResultRecords;
import io.constellation.worker.publish.TransactionalPublisher;
import io.constellation.worker.publish.UnableToPublishException;
import io.constellation.worker.scheduler.PriorityScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread of a worker node: it owns both consumers and the transactional producer (none of which is
 * thread-safe), takes request records, hands them to the {@link PriorityScheduler}, collects completions from the
 * execution threads through a queue, and publishes results together with the consumed offsets in one transaction
 * per window.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>Every owned partition has a {@link PartitionProgress}; a completion counts only if its progress is still
 *       the current one, so work of a revoked, lost or rewound partition is discarded when it finishes (and skipped
 *       if it has not started).
 *   <li>A window is published when it is {@code publishWindow} old or holds {@code publishMaxResults} records:
 *       begin, send results and dead letters, add the committable offsets of both groups, commit. An abortable
 *       failure aborts and rewinds every partition to its last committed offset, so the window is redone; nothing
 *       of it was visible.
 *   <li>Redelivery: ids of committed results are remembered ({@link PublishedIds}); ids taken and not yet committed
 *       are tracked too, so a request seen twice runs once.
 *   <li>Backpressure pauses every owned partition of both consumers when the scheduler queue reaches the high-water
 *       mark and resumes at the low-water mark.
 * </ul>
 *
 * <p>Thread-safety: {@link #run()} runs on one thread, the owner. {@link #requestDrain}, {@link #requestKill} and
 * the read-only views ({@link #ready()}, {@link #paused()}, {@link #lag()}, ...) may be called from any thread.
 */
public final class WorkerLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);
  private static final Duration GROUP_POLL = Duration.ofMillis(20);
  private static final Duration PINNED_POLL = Duration.ofMillis(2);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
  private static final long LAG_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The loop's phases; only the poll thread changes it. */
  public enum Phase { STARTING, RUNNING, DRAINING, STOPPED, FAILED }

  private final WorkerConfig config;
  private final Topics topics;
  private final LoopClients clients;
  private final Consumer<byte[], byte[]> group;
  private final Consumer<byte[], byte[]> pinned;
  private final TransactionalPublisher publisher;
  private final PriorityScheduler scheduler;
  private final RequestExecutor executor;
  private final WorkerMetrics metrics;
  private final InstantSource clock;
  private final RecordIntake intake;
  private final ResultRecords results;
  private final DeadLetters deadLetters;
  private final Backpressure backpressure;

  // Poll-thread state.
  private final OffsetTracker tracker = new OffsetTracker();
  private final PendingWindow window = new PendingWindow();
  private final PublishedIds published = new PublishedIds(PublishedIds.DEFAULT_CAPACITY);
  private final Map<String, PartitionProgress> inFlight = new HashMap<>();
  private volatile TopicPartition pinnedPartition;
  private long windowStartNanos = -1;
  private long drainDeadlineNanos;
  private long lagRefreshedNanos;
  private RuntimeException fatal;

  // Shared with other threads.
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Phase phase = Phase.STARTING;
  private volatile boolean drainRequested;
  private volatile boolean killRequested;
  private volatile boolean joined;
  private volatile int assignedPartitions;
  private volatile Map<TopicPartition, Long> lag = Map.of();
  private volatile Throwable failure;

  /** @param clients the Kafka clients (producer not yet initialised, consumers not yet subscribed); owned from now on */
  public WorkerLoop(WorkerConfig config, LoopClients clients, PriorityScheduler scheduler, RequestExecutor executor,
      RequestCodec requests, ResultRecords results, DeadLetters deadLetters, WorkerMetrics metrics,
      InstantSource clock) {
    this.config = config;
    this.topics = new Topics(config.topicPrefix());
    this.clients = clients;
    this.group = clients.group();
    this.pinned = clients.pinned();
    this.publisher = clients.publisher();
    this.scheduler = scheduler;
    this.executor = executor;
    this.results = results;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.clock = clock;
    this.intake = new RecordIntake(requests, topics.pinned(), config.nodeId(), config.maxRecordBytes());
    this.backpressure = new Backpressure(config.highWaterMark(), config.lowWaterMark());
  }

  /** A loop with real Kafka clients and codecs built from {@code config}. */
  public static WorkerLoop create(WorkerConfig config, PriorityScheduler scheduler, RequestExecutor executor,
      WorkerMetrics metrics, InstantSource clock) {
    Topics topics = new Topics(config.topicPrefix());
    LoopClients clients = LoopClients.create(config.bootstrapServers(), topics, config.nodeId());
    int maxKept = Math.min(config.maxRecordBytes(), ClientConfigs.MAX_PUBLISHED_VALUE_BYTES);
    return new WorkerLoop(config, clients, scheduler, executor, new RequestCodec(),
        new ResultRecords(topics.results(), new ResultCodec(), ClientConfigs.MAX_PUBLISHED_VALUE_BYTES),
        new DeadLetters(topics.dlq(), config.nodeId(), new DeadLetterCodec(), maxKept), metrics, clock);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Control and views (any thread)

  /** Completes once the producer is initialised and the consumers subscribed; fails if that failed. */
  public CompletableFuture<Void> started() {
    return started;
  }

  /** Asks the loop to stop fetching, finish in-flight work (up to the drain timeout), commit and close. */
  public void requestDrain() {
    drainRequested = true;
  }

  /** Asks the loop to stop at once: no drain, no commit, clients closed without waiting. */
  public void requestKill() {
    killRequested = true;
    clients.wakeup();
  }

  /** Waits until the loop has closed its clients; false on timeout. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public Phase phase() {
    return phase;
  }

  /** Running, joined to the group (an assignment was received, possibly empty) and not draining. */
  public boolean ready() {
    return phase == Phase.RUNNING && joined && !drainRequested;
  }

  public boolean joined() {
    return joined;
  }

  /** Partitions of the shared topic assigned to this node. */
  public int assignedPartitions() {
    return assignedPartitions;
  }

  /** True while backpressure has paused fetching. */
  public boolean paused() {
    return backpressure.paused();
  }

  /** Consumer lag per owned partition, refreshed about once a second. */
  public Map<TopicPartition, Long> lag() {
    return lag;
  }

  /** The partition of the pinned topic this node reads, or null before start. */
  public TopicPartition pinnedPartition() {
    return pinnedPartition;
  }

  /** Why the loop failed, or null. */
  public Throwable failure() {
    return failure;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The loop (poll thread)

  @Override
  public void run() {
    try {
      publisher.init();
      group.subscribe(List.of(topics.requests()), new Rebalance());
      int partitions = pinned.partitionsFor(topics.pinned(), METADATA_TIMEOUT).size();
      pinnedPartition = new TopicPartition(topics.pinned(), PinnedPartition.forNode(config.nodeId(), partitions));
      pinned.assign(List.of(pinnedPartition));
      tracker.start(pinnedPartition, committed(pinned, Set.of(pinnedPartition)).get(pinnedPartition));
      phase = Phase.RUNNING;
      started.complete(null);
      LOG.info("worker {} polling {} and {}", config.nodeId(), topics.requests(), pinnedPartition);
      loop();
      if (killRequested) {
        closeAbruptly();
      } else {
        closeGracefully();
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      stopped.countDown();
    }
  }

  private void loop() {
    while (!killRequested) {
      takeCompletions();
      if (drainRequested && phase == Phase.RUNNING) beginDrain();
      if (phase == Phase.DRAINING && drainFinished()) {
        flush();
        return;
      }
      if (flushDue()) flush();
      if (phase == Phase.RUNNING) applyBackpressure();
      poll(group, GROUP_POLL);
      if (killRequested) return;
      poll(pinned, PINNED_POLL);
      if (fatal != null) throw fatal;
      refreshLag();
    }
  }

  private void poll(Consumer<byte[], byte[]> consumer, Duration timeout) {
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(timeout);
    } catch (WakeupException e) {
      return; // requestKill: the loop condition ends it
    }
    for (ConsumerRecord<byte[], byte[]> record : records) take(record);
  }

  private void take(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    PartitionProgress progress = tracker.get(partition);
    if (progress == null) return; // not owned (cannot happen within one poll); never taken, so never committed
    if (progress.take(record.offset())) {
      // an earlier owner committed its result above its committed position: answered already, not run again
      done(progress, record.offset());
      return;
    }
    switch (intake.classify(record)) {
      case Intake.Skip skip -> done(progress, record.offset());
      case Intake.DeadLetter dead -> {
        window.add(new PendingWindow.DeadLetter(progress, record.offset(),
            deadLetters.toRecord(record, dead.reason(), clock.instant()), dead.category()));
        done(progress, record.offset());
        LOG.warn("worker {}: {} to the DLQ: {}", config.nodeId(), DeadLetters.origin(record), dead.reason());
      }
      case Intake.Run run -> admit(record, progress, run);
    }
  }

  private void admit(ConsumerRecord<byte[], byte[]> record, PartitionProgress progress, Intake.Run run) {
    ExecutionRequest request = run.request();
    String id = request.getExecutionId();
    if (published.contains(id) || inFlight.containsKey(id)) {
      LOG.debug("worker {}: {} is a redelivery of {}, not run again", config.nodeId(), DeadLetters.origin(record), id);
      done(progress, record.offset());
      return;
    }
    inFlight.put(id, progress);
    progress.executionIds().add(id);
    Instant queuedAt = request.getSubmittedAt() != null ? request.getSubmittedAt()
        : record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
    if (RequestExecutor.isExpired(request, clock.instant())) {
      ExecutionResult expired = executor.expired(request, queuedAt);
      window.add(new PendingWindow.Result(progress, record.offset(), results.toRecord(expired, run.encoding()), id,
          expired.getStatus().name(), Duration.ZERO, Duration.ZERO));
      done(progress, record.offset());
      return;
    }
    long offset = record.offset();
    long receivedNanos = System.nanoTime();
    int priority = Math.clamp(request.getPriority(), PriorityScheduler.MIN_PRIORITY, PriorityScheduler.MAX_PRIORITY);
    scheduler.submit(priority, () -> execute(progress, offset, run, queuedAt, receivedNanos));
  }

  /** Runs on an execution thread. */
  private void execute(PartitionProgress progress, long offset, Intake.Run run, Instant queuedAt,
      long receivedNanos) {
    if (progress.dropped() || killRequested) return; // its partition moved on: the record will be redone elsewhere
    long startNanos = System.nanoTime();
    ExecutionRequest request = run.request();
    ProducerRecord<byte[], byte[]> record;
    String status;
    try {
      ExecutionResult result = executor.execute(request, queuedAt);
      record = results.toRecord(result, run.encoding());
      status = result.getStatus().name();
    } catch (RuntimeException | StackOverflowError e) {
      // a worker bug, not the user's: the request still gets an answer and its offset can be committed
      LOG.error("worker {}: execution {} failed inside the worker", config.nodeId(), request.getExecutionId(), e);
      ExecutionResult failed = executor.internalError(request, queuedAt, e);
      record = results.toRecord(failed, run.encoding());
      status = failed.getStatus().name();
    }
    long endNanos = System.nanoTime();
    completions.add(new Completion(progress, offset, request.getExecutionId(), record, status,
        Duration.ofNanos(startNanos - receivedNanos), Duration.ofNanos(endNanos - startNanos)));
  }

  private void takeCompletions() {
    Completion completion;
    while ((completion = completions.poll()) != null) {
      if (!tracker.isCurrent(completion.progress())) continue; // revoked, lost or rewound meanwhile: discarded
      window.add(new PendingWindow.Result(completion.progress(), completion.offset(), completion.record(),
          completion.executionId(), completion.status(), completion.queued(), completion.run()));
      done(completion.progress(), completion.offset());
    }
  }

  private void done(PartitionProgress progress, long offset) {
    progress.complete(offset);
    if (windowStartNanos < 0) windowStartNanos = System.nanoTime();
  }

  private boolean flushDue() {
    if (windowStartNanos < 0) return false;
    return window.size() >= config.publishMaxResults()
        || System.nanoTime() - windowStartNanos >= config.publishWindow().toNanos();
  }

  /**
   * Publishes the window with the committable offsets (and the done offsets above them, in the offset metadata);
   * on an abortable failure rewinds to the last commit.
   */
  private void flush() {
    windowStartNanos = -1;
    Map<TopicPartition, PartitionProgress.CommitPlan> plans = tracker.committable();
    List<PendingWindow.Entry> entries = window.takeCovered(plans);
    if (!window.isEmpty()) windowStartNanos = System.nanoTime(); // held back: try again next window
    if (entries.isEmpty() && plans.isEmpty()) return;
    Map<TopicPartition, OffsetAndMetadata> shared = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> own = new HashMap<>();
    plans.forEach((partition, plan) -> (partition.topic().equals(topics.pinned()) ? own : shared)
        .put(partition, plan.offsetAndMetadata()));
    List<GroupOffsets> groups = new ArrayList<>(2);
    if (!shared.isEmpty()) groups.add(new GroupOffsets(group.groupMetadata(), shared));
    // the pinned consumer is assigned, not subscribed: its metadata is just its group id (generation -1)
    if (!own.isEmpty()) groups.add(new GroupOffsets(pinned.groupMetadata(), own));
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(entries.size());
    for (PendingWindow.Entry entry : entries) records.add(entry.record());
    PublishOutcome outcome = publisher.publish(records, groups);
    switch (outcome) {
      case PublishOutcome.Committed committed -> {
        tracker.committed(plans);
        for (PendingWindow.Entry entry : entries) recordCommitted(entry);
      }
      case PublishOutcome.Aborted aborted -> {
        LOG.warn("worker {}: publish of {} records aborted, redoing the window from the last commit: {}",
            config.nodeId(), entries.size(), aborted.cause().toString());
        rewind();
      }
    }
  }

  private void recordCommitted(PendingWindow.Entry entry) {
    switch (entry) {
      case PendingWindow.Result result -> {
        published.add(result.executionId());
        inFlight.remove(result.executionId(), result.progress());
        result.progress().executionIds().remove(result.executionId());
        metrics.executionFinished(result.status(), result.queued(), result.run());
      }
      case PendingWindow.DeadLetter dead -> metrics.dlqRecord(dead.category());
    }
  }

  /** Forgets all uncommitted work and seeks every owned partition back to its last committed offset. */
  private void rewind() {
    window.clear();
    inFlight.clear();
    for (PartitionProgress progress : tracker.all()) {
      TopicPartition partition = progress.partition();
      long position = progress.rewindPosition();
      tracker.restart(progress);
      if (position >= 0) consumerOf(partition).seek(partition, position);
    }
  }

  private void drop(Collection<TopicPartition> partitions) {
    for (PartitionProgress progress : tracker.remove(partitions)) {
      for (String id : progress.executionIds()) inFlight.remove(id, progress);
    }
    window.removeDropped();
  }

  private Consumer<byte[], byte[]> consumerOf(TopicPartition partition) {
    return partition.topic().equals(topics.pinned()) ? pinned : group;
  }

  private void applyBackpressure() {
    switch (backpressure.update(scheduler.queued())) {
      case PAUSE -> {
        pauseAll();
        LOG.info("worker {}: {} queued, pausing fetches", config.nodeId(), scheduler.queued());
      }
      case RESUME -> {
        group.resume(group.assignment());
        pinned.resume(pinned.assignment());
        LOG.info("worker {}: queue drained to {}, resuming fetches", config.nodeId(), scheduler.queued());
      }
      case NONE -> { }
    }
  }

  private void pauseAll() {
    group.pause(group.assignment());
    pinned.pause(pinned.assignment());
  }

  private void beginDrain() {
    phase = Phase.DRAINING;
    pauseAll();
    drainDeadlineNanos = System.nanoTime() + config.drainTimeout().toNanos();
    LOG.info("worker {} draining {} in-flight executions", config.nodeId(), tracker.openCount());
  }

  private boolean drainFinished() {
    if (tracker.openCount() == 0) return true;
    if (System.nanoTime() - drainDeadlineNanos >= 0) {
      LOG.warn("worker {}: drain timeout {} passed with {} executions in flight; they will be redelivered",
          config.nodeId(), config.drainTimeout(), tracker.openCount());
      return true;
    }
    return false;
  }

  private void refreshLag() {
    long now = System.nanoTime();
    if (now - lagRefreshedNanos < LAG_REFRESH_NANOS) return;
    lagRefreshedNanos = now;
    Map<TopicPartition, Long> snapshot = new HashMap<>();
    readLag(group, group.assignment(), snapshot);
    readLag(pinned, pinned.assignment(), snapshot);
    lag = Map.copyOf(snapshot);
    assignedPartitions = group.assignment().size();
  }

  private static void readLag(Consumer<byte[], byte[]> consumer, Set<TopicPartition> partitions,
      Map<TopicPartition, Long> out) {
    for (TopicPartition partition : partitions) {
      OptionalLong lag = consumer.currentLag(partition);
      if (lag.isPresent()) out.put(partition, lag.getAsLong());
    }
  }

  /**
   * The committed offsets and metadata of {@code partitions}, read when ownership starts so records done by an
   * earlier owner above its committed position are skipped. If they cannot be read the partitions start with no
   * such knowledge: correct, but those records would be answered a second time.
   */
  private Map<TopicPartition, OffsetAndMetadata> committed(Consumer<byte[], byte[]> consumer,
      Set<TopicPartition> partitions) {
    if (partitions.isEmpty()) return Map.of();
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, METADATA_TIMEOUT);
      return committed == null ? Map.of() : new HashMap<>(committed); // values may be null: no commit yet
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("worker {}: could not read the committed offsets of {}: {}", config.nodeId(), partitions, e.toString());
      return Map.of();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Shutdown (poll thread)

  private void closeGracefully() {
    LOG.info("worker {} leaving the group", config.nodeId());
    try {
      clients.closeGracefully(config.nodeId(), CLOSE_TIMEOUT);
    } finally {
      phase = Phase.STOPPED;
    }
  }

  private void closeAbruptly() {
    LOG.warn("worker {} killed: closing clients without committing", config.nodeId());
    clients.closeAtOnce(config.nodeId());
    phase = Phase.STOPPED;
  }

  private void fail(RuntimeException e) {
    failure = e;
    phase = Phase.FAILED;
    started.completeExceptionally(e);
    LOG.error("worker {} failed and stops consuming; its uncommitted work will be redelivered", config.nodeId(), e);
    clients.closeAtOnce(config.nodeId());
  }

  /** Called by the group consumer inside {@code poll}, on the poll thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (killRequested || partitions.isEmpty() || phase == Phase.FAILED) return;
      try {
        flush(); // what is complete now is committed while the partitions are still ours
      } catch (UnableToPublishException e) {
        fatal = e;
      }
      drop(partitions);
      assignedPartitions = group.assignment().size() - partitions.size();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions); // another node owns them already: nothing of ours may be committed for them
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> committed = committed(group, new HashSet<>(partitions));
      for (TopicPartition partition : partitions) tracker.start(partition, committed.get(partition));
      if (backpressure.paused() || phase == Phase.DRAINING) group.pause(partitions);
      assignedPartitions = group.assignment().size();
      joined = true;
    }
  }
}
