package io.constellation.worker.consume;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one partition during one ownership of it: which records were taken, which are done, what was
 * last committed. A new instance is made whenever the partition is (re)assigned or rewound, so completions that
 * arrive for an older instance are recognised by identity and discarded.
 *
 * <p>Why only the contiguous prefix: many records of one partition run at once and finish in any order. Committing
 * offset {@code n} tells Kafka that every record below {@code n} is done; committing past a record still running
 * would lose it if this node crashed. So the committed position is the lowest offset still open, or one past the
 * highest seen when none is open. The done offsets above it travel in the commit's metadata ({@link DoneOffsets}),
 * so the next owner skips them instead of publishing their results a second time.
 *
 * <p>Thread-safety: the poll thread owns everything except {@link #dropped()}, which execution threads read to
 * skip work that can no longer be committed.
 */
final class PartitionProgress {
  /** What to commit for a partition, and up to which offset the commit accounts for done records. */
  record CommitPlan(long position, String metadata, long coveredUpTo) {
    /** True when the result of the record at {@code offset} may be published with this commit. */
    boolean covers(long offset) {
      return offset < position || offset <= coveredUpTo;
    }

    OffsetAndMetadata offsetAndMetadata() {
      return new OffsetAndMetadata(position, metadata);
    }
  }

  private final TopicPartition partition;
  private final TreeSet<Long> open = new TreeSet<>();
  private final TreeSet<Long> done = new TreeSet<>();
  private final Set<String> executionIds = new HashSet<>();
  private long firstSeen = -1;
  private long nextUnseen = -1;
  private long committedPosition;
  private String committedMetadata;
  private DoneOffsets published;
  private final int maxMetadataChars;
  private volatile boolean dropped;

  /**
   * @param committed the partition's committed offset and metadata when ownership starts, or null if none
   */
  PartitionProgress(TopicPartition partition, OffsetAndMetadata committed, int maxMetadataChars) {
    this.partition = partition;
    this.maxMetadataChars = maxMetadataChars;
    this.committedPosition = committed == null ? -1 : committed.offset();
    this.committedMetadata = committed == null || committed.metadata() == null ? "" : committed.metadata();
    this.published = committed == null ? DoneOffsets.NONE : DoneOffsets.decode(committedMetadata, committedPosition);
  }

  TopicPartition partition() {
    return partition;
  }

  /**
   * Records {@code offset} as taken. Offsets arrive in increasing order.
   *
   * @return true when the record is already done (its result was committed by an earlier owner): the caller
   *     must not run it again and completes it at once
   */
  boolean take(long offset) {
    if (offset < nextUnseen) {
      throw new IllegalStateException(partition + ": offset " + offset + " taken after " + (nextUnseen - 1));
    }
    if (firstSeen < 0) firstSeen = offset;
    nextUnseen = offset + 1;
    open.add(offset);
    return published.contains(offset);
  }

  /** Marks a taken offset done; returns false when it was not open (never taken, or already done). */
  boolean complete(long offset) {
    if (!open.remove(offset)) return false;
    done.add(offset);
    return true;
  }

  /** What to commit now, or empty when neither the position nor the done offsets above it changed. */
  Optional<CommitPlan> committable() {
    if (nextUnseen < 0) return Optional.empty();
    long position = open.isEmpty() ? nextUnseen : open.first();
    done.headSet(position, true).clear();
    DoneOffsets.Encoded above = published.encodeAbove(position, done, maxMetadataChars);
    if (position == committedPosition && above.text().equals(committedMetadata)) return Optional.empty();
    if (committedPosition < 0 && position == firstSeen && above.text().isEmpty()) return Optional.empty();
    return Optional.of(new CommitPlan(position, above.text(), above.coveredUpTo()));
  }

  /** Records a successful commit of {@code plan}. */
  void committed(CommitPlan plan) {
    committedPosition = plan.position();
    committedMetadata = plan.metadata();
    published = DoneOffsets.decode(plan.metadata(), plan.position());
  }

  /** Where to seek to redo everything not committed; -1 if nothing was committed or taken. */
  long rewindPosition() {
    return committedPosition >= 0 ? committedPosition : firstSeen;
  }

  /** A fresh progress from the last commit, for a rewind after an aborted transaction. */
  PartitionProgress restart() {
    return new PartitionProgress(partition,
        committedPosition < 0 ? null : new OffsetAndMetadata(committedPosition, committedMetadata), maxMetadataChars);
  }

  int openCount() {
    return open.size();
  }

  /** Ids of the executions taken from this partition and not yet committed (for duplicate detection). */
  Set<String> executionIds() {
    return executionIds;
  }

  void drop() {
    dropped = true;
  }

  boolean dropped() {
    return dropped;
  }
}
