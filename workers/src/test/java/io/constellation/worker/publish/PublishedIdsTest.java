package io.constellation.worker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class PublishedIdsTest {

  @Test
  void add_beyondCapacity_forgetsTheOldest() {
    PublishedIds ids = new PublishedIds(3);
    ids.add("a");
    ids.add("b");
    ids.add("c");
    ids.add("d");
    assertThat(ids.contains("a")).isFalse();
    assertThat(ids.contains("d")).isTrue();
    assertThat(ids.size()).isEqualTo(3);
  }

  @Test
  void contains_doesNotKeepAnIdLonger() {
    PublishedIds ids = new PublishedIds(3);
    ids.add("a");
    ids.add("b");
    ids.add("c");
    assertThat(ids.contains("a")).isTrue();
    ids.add("d");
    assertThat(ids.contains("a")).isFalse(); // still the earliest committed
    assertThat(ids.contains("b")).isTrue();
  }

  @Test
  void create_zeroCapacity_isRefused() {
    assertThatThrownBy(() -> new PublishedIds(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
