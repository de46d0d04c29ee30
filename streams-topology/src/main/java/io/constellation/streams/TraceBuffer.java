package io.constellation.streams;

import io.constellation.schemas.avro.ExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's results on their way to the history: a non-logged state store that buffers them and writes them in one
 * batch through the {@link HistorySink} before the task's offsets are committed, or as soon as it holds
 * {@code maxResults}.
 *
 * <p>Implementation notes: which hook runs before the commit. In Kafka Streams 4.4 a task commits in three steps
 * ({@code TaskExecutor.commitTasksAndMaybeUpdateCommittableOffsets}): {@code StreamTask.prepareCommit} flushes the
 * task's caches ({@code ProcessorStateManager.flushCache}) and its record collector; then the offsets are committed
 * (under exactly-once, {@code sendOffsetsToTransaction} and {@code commitTransaction}); then
 * {@code StreamTask.postCommit} checkpoints, which is where {@link StateStore#commit(Map)} (and the deprecated
 * {@code flush()}) is called. So {@code commit(Map)} and {@code flush()} run after the offsets are committed (and
 * under exactly-once, while running, {@code postCommit} skips the checkpoint unless enforced, so they may not run at
 * all): writing there would lose the buffer to a crash between the two steps. The one hook that runs before, on every
 * commit path (the commit interval, a requested commit, revocation in a rebalance, a clean close), is
 * {@code ProcessorStateManager.flushCache()}, which calls {@link CachedStateStore#flushCache()} on every store
 * registered as one. This store implements that interface for that reason, knowing it is internal API:
 * {@code StreamsAppKillTest} kills the app mid-stream and checks that every row is there, and fails if the
 * ordering is lost in an upgrade. {@link #commit(Map)} also writes (normally nothing is left by then), and a task
 * closed without a commit drops its buffer: its offsets were not committed either, so the results are read again.
 *
 * <p>Thread-safety: not thread-safe; owned by its task's stream thread.
 */
final class TraceBuffer implements StateStore, CachedStateStore<Void, Void> {
  static final String NAME = "trace-buffer";
  private static final Logger LOG = LoggerFactory.getLogger(TraceBuffer.class);

  private final HistorySink sink;
  private final int maxResults;
  private final List<ExecutionResult> pending = new ArrayList<>();
  private long generation;
  private TaskId task;
  private boolean open;

  TraceBuffer(HistorySink sink, int maxResults) {
    this.sink = sink;
    this.maxResults = maxResults;
  }

  /** Buffers a result; writes the buffer once it holds {@code maxResults}. */
  void append(ExecutionResult result) {
    pending.add(result);
    if (pending.size() >= maxResults) writePending();
  }

  /** Runs before the task's offsets are committed (see the class notes): the buffer is written. */
  @Override
  public void flushCache() {
    writePending();
  }

  /** Runs after the offsets are committed, so normally finds nothing left; writes what there is. */
  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    writePending();
  }

  /** Called when a task is recycled; its commit has written the buffer already. */
  @Override
  public void clearCache() {
    pending.clear();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Void, Void> listener, boolean sendOldValues) {
    return false; // nothing is forwarded downstream from this store
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> { }); // not logged: nothing to restore
    generation = sink.generation();
    task = context.taskId();
    open = true;
  }

  @Override
  public void close() {
    if (!pending.isEmpty()) {
      // A clean close committed (and so wrote) first; this is a dirty close, whose offsets are not committed.
      LOG.debug("task {} closed with {} unwritten traces; they are read again from the last committed offsets", task,
          pending.size());
      pending.clear();
    }
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private void writePending() {
    if (pending.isEmpty()) return;
    sink.write(pending, generation);
    pending.clear();
  }
}
