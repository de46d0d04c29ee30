package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class WindowPolicyTest {
  private final WindowPolicy policy = WindowPolicy.of(1_000, Duration.ofMillis(100));

  @ParameterizedTest(name = "{0} results, first {1} ms ago, publisher idle {2} -> {3}")
  @CsvSource({
      "1,    0,   true,  false",  // just came: lingers
      "1,    1,   true,  false",
      "1,    2,   true,  true",   // linger (window / 50) passed
      "999,  0,   true,  false",
      "1000, 0,   true,  true",   // full
      "5000, 500, false, false",  // a commit is in flight: the window keeps filling
      "0,    2,   true,  true",   // done offsets alone (skipped records) still get committed
  })
  void closeNow_table(int results, long ageMillis, boolean idle, boolean expected) {
    assertThat(policy.closeNow(results, Duration.ofMillis(ageMillis), idle)).isEqualTo(expected);
  }

  @Test
  void closeNow_emptyWindow_neverCloses() {
    assertThat(policy.closeNow(0, null, true)).isFalse();
  }

  @Test
  void closeNow_lingerAboveWindow_windowBoundsTheWait() {
    WindowPolicy slowLinger = new WindowPolicy(10, Duration.ofMillis(50), Duration.ofSeconds(1));
    assertThat(slowLinger.closeNow(1, Duration.ofMillis(49), true)).isFalse();
    assertThat(slowLinger.closeNow(1, Duration.ofMillis(50), true)).isTrue();
  }

  @Test
  void create_defaultLinger_isAFiftiethOfTheWindow() {
    assertThat(WindowPolicy.of(1, Duration.ofMillis(100)).linger()).isEqualTo(Duration.ofMillis(2));
    assertThatThrownBy(() -> new WindowPolicy(0, Duration.ofMillis(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResults");
  }
}
