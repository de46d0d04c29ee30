package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class BackoffTest {
  @ParameterizedTest
  @CsvSource({"1, 100", "2, 200", "3, 400", "4, 800", "5, 1600", "6, 3200", "7, 5000", "8, 5000", "1000, 5000",
      "2147483647, 5000"})
  void delay_attempt_doublesFrom100msUpTo5s(int attempt, long millis) {
    assertThat(Backoff.delay(attempt).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void delay_attemptBelowOne_refused(int attempt) {
    assertThatThrownBy(() -> Backoff.delay(attempt)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt must be >= 1");
  }
}
