package io.constellation.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TopicsTest {
  @Test
  void default_namesEveryTopic() {
    Topics topics = Topics.DEFAULT;

    assertThat(topics.requests()).isEqualTo("constellation.requests");
    assertThat(topics.pinned()).isEqualTo("constellation.requests.pinned");
    assertThat(topics.results()).isEqualTo("constellation.results");
    assertThat(topics.dlq()).isEqualTo("constellation.requests.dlq");
    assertThat(topics.stats()).isEqualTo("constellation.stats");
    assertThat(topics.all()).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void defaultPartitions_perTopic() {
    Topics topics = new Topics("test-1");

    assertThat(topics.defaultPartitions("test-1.requests")).isEqualTo(12);
    assertThat(topics.defaultPartitions("test-1.requests.pinned")).isEqualTo(12);
    assertThat(topics.defaultPartitions("test-1.results")).isEqualTo(12);
    assertThat(topics.defaultPartitions("test-1.requests.dlq")).isEqualTo(3);
    assertThat(topics.defaultPartitions("test-1.stats")).isEqualTo(3);
    assertThatThrownBy(() -> topics.defaultPartitions("constellation.requests"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a topic of prefix 'test-1'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/no", "\u00e9t\u00e9"})
  void new_illegalPrefix_isRefusedWithValue(String prefix) {
    assertThatThrownBy(() -> new Topics(prefix)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic prefix must be");
  }

  @Test
  void new_nullOrTooLongPrefix_isRefused() {
    assertThatThrownBy(() -> new Topics(null)).hasMessageContaining("was null");
    assertThatThrownBy(() -> new Topics("p".repeat(201))).isInstanceOf(IllegalArgumentException.class);
  }
}
