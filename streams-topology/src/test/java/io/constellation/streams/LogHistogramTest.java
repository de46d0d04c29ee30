package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.constellation.history.Percentiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class LogHistogramTest {
  private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void quantiles_randomDistributions_withinOnePercentOfPercentileCont(long seed) {
    Random random = new Random(seed);
    int n = 1 + random.nextInt(5_000);
    double[] values = new double[n];
    LogHistogram h = new LogHistogram();
    for (int i = 0; i < n; i++) {
      // log-uniform from 1 ms to about 17 min, plus some zeros: durations span orders of magnitude
      values[i] = random.nextInt(20) == 0 ? 0 : Math.floor(Math.exp(random.nextDouble() * 14));
      h.add(values[i]);
    }
    Arrays.sort(values);
    for (double q : QUANTILES) {
      double exact = percentileCont(values, q);
      assertThat(h.quantile(q)).as("q=%s", q).isCloseTo(exact, within(exact * LogHistogram.RELATIVE_ACCURACY + 1e-9));
    }
  }

  @Test
  void merge_twoHalves_sameAsOneHistogramOfAll() {
    LogHistogram all = new LogHistogram();
    LogHistogram low = new LogHistogram();
    LogHistogram high = new LogHistogram();
    for (int v = 0; v < 1_000; v++) {
      all.add(v);
      (v % 2 == 0 ? low : high).add(v * 3 % 1000); // same multiset, spread differently
    }
    low.merge(high);
    assertThat(low.count()).isEqualTo(all.count());
    for (double q : QUANTILES) assertThat(low.quantile(q)).isEqualTo(all.quantile(q));
  }

  @Test
  void serialisation_roundTrip_keepsEveryBucket() throws IOException {
    LogHistogram h = new LogHistogram();
    for (int v : new int[] {0, 0, 1, 5, 5, 80, 900_000, 3}) h.add(v);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    h.writeTo(new DataOutputStream(bytes));
    LogHistogram back = LogHistogram.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back.count()).isEqualTo(8);
    for (double q : QUANTILES) assertThat(back.quantile(q)).isEqualTo(h.quantile(q));
    assertThat(bytes.size()).isLessThan(40);
  }

  @Test
  void percentiles_empty_none() {
    assertThat(new LogHistogram().percentiles()).isEqualTo(Percentiles.NONE);
  }

  @Test
  void add_negativeOrNaN_ignored() {
    LogHistogram h = new LogHistogram();
    h.add(-5);
    h.add(Double.NaN);
    h.add(7);
    assertThat(h.count()).isEqualTo(1);
    assertThat(h.quantile(0.5)).isCloseTo(7, within(0.07));
  }

  /** PostgreSQL's percentile_cont over sorted values. */
  private static double percentileCont(double[] sorted, double q) {
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    if (below == rank) return sorted[below];
    return sorted[below] + (rank - below) * (sorted[below + 1] - sorted[below]);
  }
}
