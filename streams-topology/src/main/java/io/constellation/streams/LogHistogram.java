package io.constellation.streams;

import io.constellation.history.Percentiles;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A small mergeable histogram of non-negative millisecond values whose percentiles are within
 * {@value #RELATIVE_ACCURACY} relative error, whatever the distribution.
 *
 * <p>Implementation notes: the DDSketch layout (Masson, Rim, Lee, VLDB 2019). With
 * {@code γ = (1 + α) / (1 - α)}, {@code α} = 1%, bucket {@code i} counts the values in {@code (γ^(i-1), γ^i]} and
 * stands for {@code 2γ^i / (γ + 1)}, which is within {@code α} of every value in it. Zero has its own count. Merging
 * adds counts bucket by bucket, so a window's sketch is the exact merge of its parts and the error bound survives any
 * number of merges. Values from 1 ms to {@value #MAX_VALUE} ms span at most about 1,500 buckets; a window whose
 * durations spread over two orders of magnitude uses about 230. Counts are kept densely from the lowest to the
 * highest bucket used.
 *
 * <p>Percentiles follow PostgreSQL's {@code percentile_cont} (as the history's {@code HistoryStats} do): the value at
 * fractional rank {@code q * (n - 1)}, interpolated between its two neighbours. Each neighbour is estimated within
 * {@code α}, so their interpolation is too.
 *
 * <p>Thread-safety: not thread-safe; owned by the aggregation that updates it.
 */
final class LogHistogram {
  /** The bound on the relative error of every percentile (1%). */
  static final double RELATIVE_ACCURACY = 0.01;
  /** Larger values are counted as this (about 31 years). */
  static final double MAX_VALUE = 1e12;

  private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
  private static final double LOG_GAMMA = Math.log(GAMMA);
  private static final long[] NONE = new long[0];

  private long zeroCount;
  private long count;
  private int offset;            // bucket index of counts[0]
  private long[] counts = NONE;  // counts[i - offset]

  /** Adds one value; negative values (clock skew) and NaN are ignored. */
  void add(double valueMs) {
    if (!(valueMs >= 0)) return;
    count++;
    if (valueMs < 1e-9) {
      zeroCount++;
      return;
    }
    int index = index(Math.min(valueMs, MAX_VALUE));
    ensure(index, index);
    counts[index - offset]++;
  }

  /** Adds every value of {@code other}. */
  void merge(LogHistogram other) {
    if (other.count == 0) return;
    count += other.count;
    zeroCount += other.zeroCount;
    if (other.counts.length == 0) return;
    ensure(other.offset, other.offset + other.counts.length - 1);
    for (int i = 0; i < other.counts.length; i++) counts[other.offset + i - offset] += other.counts[i];
  }

  long count() {
    return count;
  }

  /** p50, p95 and p99; {@link Percentiles#NONE} when empty. */
  Percentiles percentiles() {
    if (count == 0) return Percentiles.NONE;
    return new Percentiles(quantile(0.50), quantile(0.95), quantile(0.99));
  }

  /** The {@code q}-quantile, 0 <= q <= 1, interpolated as {@code percentile_cont}; 0 when empty. */
  double quantile(double q) {
    if (q < 0 || q > 1) throw new IllegalArgumentException("q must be in [0, 1], was " + q);
    if (count == 0) return 0;
    double rank = q * (count - 1);
    long below = (long) Math.floor(rank);
    double lower = valueAtRank(below);
    if (below == rank) return lower;
    double upper = valueAtRank(below + 1);
    return lower + (rank - below) * (upper - lower);
  }

  void writeTo(DataOutput out) throws IOException {
    Varints.writeLong(out, zeroCount);
    int used = 0;
    for (long c : counts) if (c != 0) used++;
    Varints.writeInt(out, used);
    int previous = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) continue;
      int index = offset + i;
      Varints.writeSignedInt(out, index - previous); // deltas of sorted indices: one byte each, mostly
      Varints.writeLong(out, counts[i]);
      previous = index;
    }
  }

  static LogHistogram readFrom(DataInput in) throws IOException {
    LogHistogram h = new LogHistogram();
    h.zeroCount = Varints.readLong(in);
    h.count = h.zeroCount;
    int used = Varints.readInt(in);
    if (used < 0 || used > 100_000) throw new IOException("bad bucket count " + used);
    int[] indices = new int[used];
    long[] values = new long[used];
    int previous = 0;
    for (int i = 0; i < used; i++) {
      previous += Varints.readSignedInt(in);
      indices[i] = previous;
      values[i] = Varints.readLong(in);
    }
    if (used > 0) {
      h.ensure(indices[0], indices[used - 1]);
      for (int i = 0; i < used; i++) {
        h.counts[indices[i] - h.offset] += values[i];
        h.count += values[i];
      }
    }
    return h;
  }

  private double valueAtRank(long rank) {
    if (rank < zeroCount) return 0;
    long seen = zeroCount;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (rank < seen) return value(offset + i);
    }
    return value(offset + counts.length - 1); // not reached: the counts add up to count
  }

  private static int index(double value) {
    return (int) Math.ceil(Math.log(value) / LOG_GAMMA);
  }

  /** The value bucket {@code index} stands for: within RELATIVE_ACCURACY of anything in it. */
  private static double value(int index) {
    return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
  }

  /** Grows the dense array to cover bucket indices [low, high]. */
  private void ensure(int low, int high) {
    if (counts.length == 0) {
      offset = low;
      counts = new long[high - low + 1];
      return;
    }
    int newLow = Math.min(low, offset);
    int newHigh = Math.max(high, offset + counts.length - 1);
    if (newLow == offset && newHigh == offset + counts.length - 1) return;
    long[] grown = new long[newHigh - newLow + 1];
    System.arraycopy(counts, 0, grown, offset - newLow, counts.length);
    counts = grown;
    offset = newLow;
  }

  @Override
  public String toString() {
    return "LogHistogram[count=" + count + ", zero=" + zeroCount + ", offset=" + offset + ", buckets="
        + Arrays.toString(counts) + "]";
  }
}
