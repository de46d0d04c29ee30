package io.constellation.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class WorkerConfigTest {

  private final WorkerConfig defaults = WorkerConfig.defaults().withNodeId("n1");

  @Test
  void withMethods_changeOneSettingAndKeepTheRest() {
    WorkerConfig config = defaults.withAdminPort(0).withBootstrapServers("b:1").withTopicPrefix("t")
        .withSchedulerEnabled(false).withStarvationTimeout(Duration.ofSeconds(1)).withMaxRecordBytes(10)
        .withPublishWindow(Duration.ofMillis(5), 7).withDrainTimeout(Duration.ofSeconds(2));

    assertThat(config).isEqualTo(new WorkerConfig("n1", 0, false, 16, Duration.ofSeconds(1), "b:1", "t", 10,
        Duration.ofMillis(5), 7, 64, 32, Duration.ofSeconds(2), Optional.empty(), Optional.empty(), Optional.empty(),
        Duration.ofHours(1)));
  }

  @Test
  void withMaxConcurrency_recomputesDefaultWaterMarks() {
    WorkerConfig config = defaults.withMaxConcurrency(2);

    assertThat(config.maxConcurrency()).isEqualTo(2);
    assertThat(config.highWaterMark()).isEqualTo(8);
    assertThat(config.lowWaterMark()).isEqualTo(4);
    assertThat(config.withWaterMarks(3, 1).highWaterMark()).isEqualTo(3);
  }

  @Test
  void constructor_lowWaterNotBelowHigh_isRejected() {
    assertThatThrownBy(() -> defaults.withWaterMarks(4, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lowWaterMark must be < highWaterMark (4), was 4");
  }

  @Test
  void constructor_invalidFields_nameFieldAndValue() {
    assertThatThrownBy(() -> defaults.withMaxConcurrency(0)).hasMessage("maxConcurrency must be >= 1, was 0");
    assertThatThrownBy(() -> defaults.withAdminPort(-1)).hasMessage("adminPort must be between 0 and 65535, was -1");
    assertThatThrownBy(() -> defaults.withNodeId("")).hasMessageStartingWith("nodeId must be");
    assertThatThrownBy(() -> defaults.withTopicPrefix("a b")).hasMessageStartingWith("topicPrefix must be");
    assertThatThrownBy(() -> defaults.withBootstrapServers(" ")).hasMessage("bootstrapServers must not be blank");
    assertThatThrownBy(() -> defaults.withStarvationTimeout(Duration.ZERO))
        .hasMessage("starvationTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> defaults.withPublishWindow(Duration.ofMillis(1), 0))
        .hasMessage("publishMaxResults must be >= 1, was 0");
    assertThatThrownBy(() -> defaults.withDrainTimeout(Duration.ofSeconds(-1)))
        .hasMessage("drainTimeout must not be negative, was PT-1S");
    assertThatThrownBy(() -> defaults.withDrainTimeout(null)).isInstanceOf(NullPointerException.class);
  }
}
