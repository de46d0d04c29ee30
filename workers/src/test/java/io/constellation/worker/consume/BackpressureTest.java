package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.worker.consume.Backpressure.Change;
import org.junit.jupiter.api.Test;

final class BackpressureTest {

  @Test
  void update_queueReachesHighWater_pausesOnceThenResumesAtLowWater() {
    Backpressure backpressure = new Backpressure(8, 4);
    assertThat(backpressure.update(7)).isEqualTo(Change.NONE);
    assertThat(backpressure.update(8)).isEqualTo(Change.PAUSE);
    assertThat(backpressure.paused()).isTrue();
    assertThat(backpressure.update(12)).isEqualTo(Change.NONE);
    assertThat(backpressure.update(5)).isEqualTo(Change.NONE); // between the marks: stays paused
    assertThat(backpressure.update(4)).isEqualTo(Change.RESUME);
    assertThat(backpressure.paused()).isFalse();
    assertThat(backpressure.update(5)).isEqualTo(Change.NONE); // between the marks: stays running
  }

  @Test
  void update_lowWaterZero_resumesWhenEmpty() {
    Backpressure backpressure = new Backpressure(1, 0);
    assertThat(backpressure.update(1)).isEqualTo(Change.PAUSE);
    assertThat(backpressure.update(0)).isEqualTo(Change.RESUME);
  }

  @Test
  void create_lowNotBelowHigh_isRefused() {
    assertThatThrownBy(() -> new Backpressure(4, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowWaterMark");
  }
}
