package io.constellation.worker.consume;

import io.constellation.schemas.DeadLetterCodec;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.worker.WorkerConfig;
import io.constellation.worker.execute.ExecutionLogContext;
import io.constellation.worker.execute.RequestExecutor;
import io.constellation.worker.metrics.WorkerMetrics;
import io.constellation.worker.publish.ClosedWindow;
import io.constellation.worker.publish.DeadLetters;
import io.constellation.worker.publish.GroupOffsets;
import io.constellation.worker.publish.PublishOutcome;
import io.constellation.worker.publish.PublishedIds;
import io.constellation.worker.publish.ResultRecords;
import io.constellation.worker.publish.WindowPublisher;
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
 * The poll thread of a worker node: it owns both consumers (neither is thread-safe), takes request records, hands
 * them to the {@link PriorityScheduler}, collects completions from the execution threads through a queue, and
 * closes publish windows of results and consumed offsets, which the {@link WindowPublisher} (its own thread, owner
 * of the transactional producer) commits in one transaction each.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>Every owned partition has a {@link PartitionProgress}; a completion counts only if its progress is still
 *       the current one, so work of a revoked, lost or rewound partition is discarded when it finishes (and skipped
 *       if it has not started).
 *   <li>Commits run off the poll thread. The poll thread closes a window ({@link WindowPolicy}: the publisher is
 *       idle and the window is full, {@code publishWindow} old, or older than a short linger), snapshots the
 *       committable offsets of both groups with their group metadata, and submits it; the publisher thread begins,
 *       sends results and dead letters, adds the offsets, commits. At most one window is in flight, and the next
 *       one fills meanwhile. Only when the outcome comes back does the poll thread mark the offsets committed and
 *       the ids published; an abortable failure rewinds every partition to its last committed offset, so the
 *       window (and whatever was taken since) is redone; nothing of it was visible.
 *   <li>Rebalance: a revocation closes the current window and waits (bounded) until it and the one in flight are
 *       committed while the partitions are still ours; a loss commits nothing and waits for the one in flight.
 *   <li>Redelivery: ids of committed results are remembered ({@link PublishedIds}); ids taken and not yet committed
 *       are tracked too, so a request seen twice runs once.
 *   <li>Backpressure pauses every owned partition of both consumers when the scheduler queue reaches the high-water
 *       mark and resumes at the low-water mark; the changes are logged at INFO at a bounded rate
 *       ({@link BackpressureLog}).
 * </ul>
 *
 * <p>Thread-safety: {@link #run()} runs on one thread, the owner of the consumers and of the window bookkeeping; the
 * producer belongs to the publisher thread. {@link #requestDrain}, {@link #requestKill} and the read-only views ({@link #ready()}, {@link #paused()}, {@link #lag()}, ...) may be called from any thread.
 */
public final class WorkerLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);
  private static final Duration GROUP_POLL = Duration.ofMillis(20);
  /** Group poll while work is open, a window pending or a commit in flight: their outcomes are picked up soon. */
  private static final Duration BUSY_POLL = Duration.ofMillis(2);
  private static final Duration PINNED_POLL = Duration.ZERO;
  /** Longest a revocation, a loss or the final commit of a drain waits for the commits to end. */
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
  private static final int WINDOW_LIMIT_FACTOR = 10;
  private static final long LAG_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The loop's phases; only the poll thread changes it. */
  public enum Phase { STARTING, RUNNING, DRAINING, STOPPED, FAILED }

  private final WorkerConfig config;
  private final Topics topics;
  private final LoopClients clients;
  private final Consumer<byte[], byte[]> group;
  private final Consumer<byte[], byte[]> pinned;
  private final WindowPublisher publisher;
  private final WindowPolicy policy;
  private final PriorityScheduler scheduler;
  private final RequestExecutor executor;
  private final WorkerMetrics metrics;
  private final InstantSource clock;
  private final RecordIntake intake;
  private final ResultRecords results;
  private final DeadLetters deadLetters;
  private final Backpressure backpressure;
  private final BackpressureLog backpressureLog;

  // Poll-thread state.
  private final OffsetTracker tracker = new OffsetTracker();
  private final PendingWindow window = new PendingWindow();
  private final PublishedIds published = new PublishedIds(PublishedIds.DEFAULT_CAPACITY);
  private final Map<String, PartitionProgress> inFlight = new HashMap<>();
  private volatile TopicPartition pinnedPartition;
  private long windowStartNanos = -1;
  private InFlight inFlightWindow;
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
    this.publisher = new WindowPublisher(clients.publisher(), config.nodeId());
    this.policy = WindowPolicy.of(config.publishMaxResults(), config.publishWindow());
    this.scheduler = scheduler;
    this.executor = executor;
    this.results = results;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.clock = clock;
    this.intake = new RecordIntake(requests, topics.pinned(), config.nodeId(), config.maxRecordBytes());
    this.backpressure = new Backpressure(config.highWaterMark(), config.lowWaterMark());
    this.backpressureLog = new BackpressureLog(LOG, config.nodeId());
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
    publisher.kill(); // stops at once, and wakes the poll thread if it waits for a commit
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
      publisher.start();
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
      publisher.poll().ifPresent(this::settle);
      if (drainRequested && phase == Phase.RUNNING) beginDrain();
      if (phase == Phase.DRAINING && drainFinished()) {
        commitAll();
        return;
      }
      if (windowDue()) closeWindow();
      if (phase == Phase.RUNNING) applyBackpressure();
      poll(group, busy() ? BUSY_POLL : GROUP_POLL);
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
    try (ExecutionLogContext ignored = ExecutionLogContext.enter(config.nodeId(), request)) {
      try {
        ExecutionResult result = executor.execute(request, run.inputs(), queuedAt);
        record = results.toRecord(result, run.encoding());
        status = result.getStatus().name();
      } catch (RuntimeException | StackOverflowError e) {
        // a worker bug, not the user's: the request still gets an answer and its offset can be committed
        LOG.error("worker {}: execution {} failed inside the worker", config.nodeId(), request.getExecutionId(), e);
        ExecutionResult failed = executor.internalError(request, queuedAt, e);
        record = results.toRecord(failed, run.encoding());
        status = failed.getStatus().name();
      }
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

  private boolean windowDue() {
    Duration age = windowStartNanos < 0 ? null : Duration.ofNanos(System.nanoTime() - windowStartNanos);
    return policy.closeNow(window.size(), age, publisher.idle());
  }

  private boolean busy() {
    return windowStartNanos >= 0 || !publisher.idle() || tracker.openCount() > 0;
  }

  /**
   * Closes the window and hands it to the publisher: the committable offsets (with the done offsets above them in
   * the offset metadata) of both groups, each with a snapshot of its group metadata, and the records they account
   * for. Only while the publisher is idle, so the previous outcome has been applied to the tracker.
   */
  private void closeWindow() {
    windowStartNanos = -1;
    Map<TopicPartition, PartitionProgress.CommitPlan> plans = tracker.committable();
    List<PendingWindow.Entry> entries = window.takeCovered(plans);
    if (!window.isEmpty()) windowStartNanos = System.nanoTime(); // held back: try again next window
    if (entries.isEmpty() && plans.isEmpty()) return;
    Map<TopicPartition, OffsetAndMetadata> shared = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> own = new HashMap<>();
    Map<PartitionProgress, PartitionProgress.CommitPlan> planned = new HashMap<>();
    plans.forEach((partition, plan) -> {
      (partition.topic().equals(topics.pinned()) ? own : shared).put(partition, plan.offsetAndMetadata());
      planned.put(tracker.get(partition), plan);
    });
    List<GroupOffsets> groups = new ArrayList<>(2);
    if (!shared.isEmpty()) groups.add(new GroupOffsets(group.groupMetadata(), shared));
    // the pinned consumer is assigned, not subscribed: its metadata is just its group id (generation -1)
    if (!own.isEmpty()) groups.add(new GroupOffsets(pinned.groupMetadata(), own));
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(entries.size());
    for (PendingWindow.Entry entry : entries) records.add(entry.record());
    publisher.submit(new ClosedWindow(records, groups));
    inFlightWindow = new InFlight(entries, planned, System.nanoTime());
  }

  /** Applies the outcome of the window in flight: marks it committed, or rewinds to the last commit. */
  private void settle(PublishOutcome outcome) {
    InFlight settled = inFlightWindow;
    inFlightWindow = null;
    switch (outcome) {
      case PublishOutcome.Committed committed -> {
        settled.plans().forEach((progress, plan) -> {
          if (tracker.isCurrent(progress)) progress.committed(plan); // else dropped meanwhile: nothing to record
        });
        for (PendingWindow.Entry entry : settled.entries()) recordCommitted(entry);
        metrics.windowCommitted(settled.entries().size(),
            Duration.ofNanos(System.nanoTime() - settled.submittedNanos()));
      }
      case PublishOutcome.Aborted aborted -> {
        LOG.warn("worker {}: publish of {} records aborted, redoing the window from the last commit: {}",
            config.nodeId(), settled.entries().size(), aborted.cause().toString());
        rewind();
      }
    }
  }

  /**
   * Waits until the window in flight has ended and applies its outcome; false when it did not end before
   * {@code deadlineNanos} (or the loop was killed): it is then still in flight.
   */
  private boolean awaitInFlight(long deadlineNanos) {
    while (!publisher.idle() && !killRequested) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) return false;
      publisher.await(Duration.ofNanos(left)).ifPresent(this::settle);
    }
    return publisher.idle();
  }

  /**
   * Commits everything complete now: waits for the window in flight, closes the current one and waits for it too.
   * Used while the partitions are still ours (revocation) and at the end of a drain.
   */
  private void commitAll() {
    long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
    if (awaitInFlight(deadline)) {
      closeWindow();
      if (awaitInFlight(deadline)) return;
    }
    if (!killRequested) {
      LOG.warn("worker {}: a commit did not end within {}; its work will be redone if it aborts", config.nodeId(),
          COMMIT_WAIT);
    }
  }

  /** The window in flight, as the poll thread needs it when its outcome comes back. */
  private record InFlight(List<PendingWindow.Entry> entries, Map<PartitionProgress, PartitionProgress.CommitPlan> plans,
      long submittedNanos) {}

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
    windowStartNanos = -1;
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

  /**
   * Pauses at the scheduler queue's high-water mark, and also while the pending window holds
   * {@value #WINDOW_LIMIT_FACTOR} x {@code publishMaxResults} results: it fills while a commit runs, and a slow commit
   * must not make it grow without bound.
   */
  private void applyBackpressure() {
    int windowOverflow = window.size() >= WINDOW_LIMIT_FACTOR * config.publishMaxResults() ? config.highWaterMark() : 0;
    switch (backpressure.update(scheduler.queued() + windowOverflow)) {
      case PAUSE -> {
        pauseAll();
        backpressureLog.paused(scheduler.queued(), System.nanoTime());
      }
      case RESUME -> {
        group.resume(group.assignment());
        pinned.resume(pinned.assignment());
        backpressureLog.resumed(scheduler.queued());
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
      publisher.close(CLOSE_TIMEOUT); // idle: the last window was awaited; closes the producer
      clients.closeGracefully(config.nodeId(), CLOSE_TIMEOUT);
    } finally {
      phase = Phase.STOPPED;
    }
  }

  private void closeAbruptly() {
    LOG.warn("worker {} killed: closing clients without committing", config.nodeId());
    killPublisher();
    clients.closeAtOnce(config.nodeId());
    phase = Phase.STOPPED;
  }

  private void fail(RuntimeException e) {
    failure = e;
    phase = Phase.FAILED;
    started.completeExceptionally(e);
    LOG.error("worker {} failed and stops consuming; its uncommitted work will be redelivered", config.nodeId(), e);
    killPublisher();
    clients.closeAtOnce(config.nodeId());
  }

  private void killPublisher() {
    publisher.kill();
    try {
      if (!publisher.awaitStopped(CLOSE_TIMEOUT)) {
        LOG.warn("worker {}: the publisher thread did not stop within {}", config.nodeId(), CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Called by the group consumer inside {@code poll}, on the poll thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (killRequested || partitions.isEmpty() || phase == Phase.FAILED) return;
      try {
        commitAll(); // what is complete now is committed while the partitions are still ours
      } catch (UnableToPublishException e) {
        fatal = e;
      }
      drop(partitions);
      assignedPartitions = group.assignment().size() - partitions.size();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // another node owns them already: nothing of ours may be committed for them. Dropped before the wait, so a
      // rewind caused by the outcome of the window in flight leaves them alone.
      drop(partitions);
      if (killRequested || phase == Phase.FAILED) return;
      try {
        if (!awaitInFlight(System.nanoTime() + COMMIT_WAIT.toNanos()) && !killRequested) {
          LOG.warn("worker {}: a commit did not end within {} after losing {}", config.nodeId(), COMMIT_WAIT,
              partitions);
        }
      } catch (UnableToPublishException e) {
        fatal = e;
      }
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
