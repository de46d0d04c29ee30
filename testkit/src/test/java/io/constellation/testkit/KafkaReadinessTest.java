package io.constellation.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.testkit.KafkaReadiness.ClusterAnswer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The readiness check accepts only our cluster, with no broker involved. */
final class KafkaReadinessTest {

  private static final String OURS = "OurClusterId0000000000";

  @Test
  void await_brokerReportsAnotherClusterId_failsAtOnceNamingBothIds() {
    AtomicInteger calls = new AtomicInteger();
    KafkaReadiness.ClusterProbe someoneElse = timeout -> {
      calls.incrementAndGet();
      return new ClusterAnswer("TheirClusterId00000000", 1);
    };

    assertThatThrownBy(() -> KafkaReadiness.await(someoneElse, "127.0.0.1:9092", OURS, Duration.ofSeconds(30)))
        .isInstanceOf(TestkitException.class)
        .hasMessageContaining("127.0.0.1:9092")
        .hasMessageContaining("TheirClusterId00000000")
        .hasMessageContaining(OURS)
        .hasMessageContaining("another Kafka broker holds the port");
    assertThat(calls).hasValue(1); // a wrong cluster is definite: no waiting until the timeout
  }

  @Test
  void await_brokerNotReadyThenOurs_passes() {
    var answers = new ArrayDeque<>(List.of(new ClusterAnswer(null, 0), new ClusterAnswer(OURS, 0)));
    AtomicInteger failures = new AtomicInteger(2);
    KafkaReadiness.ClusterProbe warmingUp = timeout -> {
      if (failures.getAndDecrement() > 0) {
        throw new TimeoutException("connection refused");
      }
      return answers.isEmpty() ? new ClusterAnswer(OURS, 1) : answers.poll();
    };

    KafkaReadiness.await(warmingUp, "127.0.0.1:1", OURS, Duration.ofSeconds(30));

    assertThat(answers).isEmpty();
  }

  @Test
  void await_brokerNeverAnswers_timesOutWithTheLastFailure() {
    KafkaReadiness.ClusterProbe down = timeout -> {
      throw new TimeoutException("connection refused");
    };

    assertThatThrownBy(() -> KafkaReadiness.await(down, "127.0.0.1:1", OURS, Duration.ofMillis(300)))
        .isInstanceOf(TestkitException.class)
        .hasMessageContaining("timed out after 300 ms waiting for the Kafka broker at 127.0.0.1:1")
        .hasMessageContaining("connection refused");
  }

  @Test
  void verify_table() {
    assertThat(KafkaReadiness.verify("b", OURS, new ClusterAnswer(OURS, 1))).isTrue();
    assertThat(KafkaReadiness.verify("b", OURS, new ClusterAnswer(OURS, 0))).isFalse();
    assertThat(KafkaReadiness.verify("b", OURS, new ClusterAnswer(null, 1))).isFalse();
    assertThatThrownBy(() -> KafkaReadiness.verify("b", OURS, new ClusterAnswer("", 1)))
        .isInstanceOf(TestkitException.class);
  }
}
