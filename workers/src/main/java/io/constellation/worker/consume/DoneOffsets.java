package io.constellation.worker.consume;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Offsets above a committed position whose results are already committed, as sorted, disjoint, inclusive ranges,
 * and their text form in the commit's offset metadata.
 *
 * <p>Why: offsets commit only the contiguous completed prefix, but results are published as soon as they are
 * done. Without more, a crash would redeliver (and re-run) every record above the first open offset whose result
 * was already published. So each commit also records, in {@link org.apache.kafka.clients.consumer.OffsetAndMetadata
 * offset metadata}, which offsets above the committed position are done; whoever owns the partition next reads it
 * and skips those records. Format: {@code d1:} then comma-separated deltas from the position, single ({@code 3}) or
 * ranges ({@code 5-9}), e.g. {@code d1:1-4,7}. The text is bounded (the broker caps metadata at 4 KiB by default):
 * ranges that do not fit are left out, and {@link Encoded#coveredUpTo()} says up to which offset the text is
 * complete, so results above it are held back rather than published unrecorded.
 *
 * <p>Thread-safety: immutable.
 */
final class DoneOffsets {
  static final DoneOffsets NONE = new DoneOffsets(new long[0], new long[0]);
  /** Metadata text bound, below the broker's default {@code offset.metadata.max.bytes} of 4096. */
  static final int MAX_CHARS = 3_000;
  private static final String PREFIX = "d1:";

  private final long[] starts;
  private final long[] ends;

  private DoneOffsets(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /** The text form and the highest offset it accounts for (every done offset up to it is in the text). */
  record Encoded(String text, long coveredUpTo) {}

  boolean contains(long offset) {
    int low = 0;
    int high = starts.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (ends[mid] < offset) {
        low = mid + 1;
      } else if (starts[mid] > offset) {
        high = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return starts.length == 0;
  }

  /**
   * Encodes the offsets above {@code position} of these ranges and of {@code more} (all above position).
   *
   * @param maxChars bound of the text; ranges beyond it are left out
   */
  Encoded encodeAbove(long position, NavigableSet<Long> more, int maxChars) {
    List<long[]> ranges = mergeAbove(position, more);
    if (ranges.isEmpty()) return new Encoded("", Long.MAX_VALUE);
    StringBuilder text = new StringBuilder(PREFIX);
    long covered = Long.MAX_VALUE;
    for (int i = 0; i < ranges.size(); i++) {
      long[] range = ranges.get(i);
      String piece = (i == 0 ? "" : ",") + (range[0] - position)
          + (range[1] == range[0] ? "" : "-" + (range[1] - position));
      if (text.length() + piece.length() > maxChars) {
        covered = range[0] - 1; // nothing from this range on is recorded: its results must wait
        break;
      }
      text.append(piece);
    }
    if (text.length() == PREFIX.length()) return new Encoded("", covered);
    return new Encoded(text.toString(), covered);
  }

  /**
   * Reads the text form committed with {@code position}. Anything unreadable (metadata written by another tool, a
   * newer format) reads as no done offsets: the records are then simply run again.
   */
  static DoneOffsets decode(String text, long position) {
    if (text == null || !text.startsWith(PREFIX) || position < 0) return NONE;
    List<long[]> ranges = new ArrayList<>();
    long previousEnd = position;
    try {
      for (String piece : text.substring(PREFIX.length()).split(",", -1)) {
        int dash = piece.indexOf('-');
        long start = position + Long.parseLong(dash < 0 ? piece : piece.substring(0, dash));
        long end = dash < 0 ? start : position + Long.parseLong(piece.substring(dash + 1));
        if (start <= previousEnd || end < start) return NONE; // not sorted, overlapping or below position
        ranges.add(new long[] {start, end});
        previousEnd = end;
      }
    } catch (NumberFormatException e) {
      return NONE;
    }
    return of(ranges);
  }

  private List<long[]> mergeAbove(long position, NavigableSet<Long> more) {
    TreeSet<Long> singles = new TreeSet<>(more.tailSet(position, false));
    List<long[]> merged = new ArrayList<>();
    Iterator<Long> single = singles.iterator();
    Long nextSingle = single.hasNext() ? single.next() : null;
    int r = 0;
    while (r < starts.length || nextSingle != null) {
      long start;
      long end;
      if (nextSingle == null || (r < starts.length && starts[r] <= nextSingle)) {
        start = starts[r];
        end = ends[r];
        r++;
      } else {
        start = nextSingle;
        end = nextSingle;
        nextSingle = single.hasNext() ? single.next() : null;
      }
      if (end <= position) continue;
      start = Math.max(start, position + 1);
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && start <= last[1] + 1) {
        last[1] = Math.max(last[1], end);
      } else {
        merged.add(new long[] {start, end});
      }
    }
    return merged;
  }

  private static DoneOffsets of(List<long[]> ranges) {
    long[] starts = new long[ranges.size()];
    long[] ends = new long[ranges.size()];
    for (int i = 0; i < ranges.size(); i++) {
      starts[i] = ranges.get(i)[0];
      ends[i] = ranges.get(i)[1];
    }
    return new DoneOffsets(starts, ends);
  }
}
