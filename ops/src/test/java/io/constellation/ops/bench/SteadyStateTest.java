package io.constellation.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Warm-up ends when the rate stops rising (or at the cap); the measurement is the median of its rounds. */
class SteadyStateTest {
  private static SteadyState.Round rates(Double... values) {
    Iterator<Double> next = List.of(values).iterator();
    return next::next;
  }

  @Test
  void warmUpStopsAtTheFirstRoundNotMoreThanToleranceFaster() throws Exception {
    SteadyState steady = new SteadyState(10, 3, 0.05);
    assertThat(steady.warmUp(rates(10.0, 20.0, 30.0, 31.0, 99.0))).isEqualTo(4);
    assertThat(steady.warmUp(rates(30.0, 25.0, 99.0))).isEqualTo(2);
  }

  @Test
  void warmUpStopsAtTheCapWhileTheRateStillRises() throws Exception {
    assertThat(new SteadyState(3, 1, 0.05).warmUp(rates(1.0, 2.0, 4.0, 8.0))).isEqualTo(3);
  }

  @Test
  void medianOfTheMeasuredRounds() throws Exception {
    assertThat(new SteadyState(1, 3, 0.05).median(rates(30.0, 10.0, 20.0))).isEqualTo(20.0);
    assertThat(new SteadyState(1, 4, 0.05).median(rates(40.0, 10.0, 30.0, 20.0))).isEqualTo(25.0);
  }

  @Test
  void refusesZeroRounds() {
    assertThatThrownBy(() -> new SteadyState(0, 1, 0.05)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SteadyState(1, 0, 0.05)).isInstanceOf(IllegalArgumentException.class);
  }
}
