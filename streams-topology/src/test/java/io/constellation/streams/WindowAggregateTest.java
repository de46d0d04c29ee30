package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

final class WindowAggregateTest {
  private static final Instant T = Instant.parse("2025-01-31T12:00:00Z");

  @Test
  void observation_resultWithAllTimes_durationAndQueue() {
    ExecutionResult result = TestResults.result("e", "p", "n", ExecutionStatus.FAILED, T, 25).build();
    assertThat(Observation.of(result)).isEqualTo(new Observation("FAILED", 25, 10));
  }

  @Test
  void observation_missingOrBackwardsTimes_leftOut() {
    ExecutionResult noStart = ExecutionResult.newBuilder().setExecutionId("e").setStatus(ExecutionStatus.REJECTED)
        .setCompletedAt(T).build();
    assertThat(Observation.of(noStart)).isEqualTo(new Observation("REJECTED", -1, -1));
    ExecutionResult skewed = ExecutionResult.newBuilder(noStart).setQueuedAt(T.plusSeconds(5)).setStartedAt(T)
        .setCompletedAt(T.minusMillis(1)).build();
    assertThat(Observation.of(skewed)).isEqualTo(new Observation("REJECTED", -1, -1));
  }

  @Test
  void serde_roundTrip_countsAndPercentilesKept() {
    Serde<WindowAggregate> serde = WindowAggregate.serde();
    WindowAggregate a = WindowAggregate.empty()
        .add(new Observation("COMPLETED", 10, 1))
        .add(new Observation("COMPLETED", 20, -1))
        .add(new Observation("EXPIRED", -1, -1));
    WindowAggregate back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", a));
    assertThat(back.counts()).containsExactly(Map.entry("COMPLETED", 2L), Map.entry("FAILED", 0L),
        Map.entry("REJECTED", 0L), Map.entry("EXPIRED", 1L));
    assertThat(back.total()).isEqualTo(3);
    assertThat(back.durationMs().p50()).isCloseTo(15, within(0.15));
    assertThat(back.queueMs().p99()).isCloseTo(1, within(0.01));
  }

  @Test
  void observationSerde_roundTrip() {
    Serde<Observation> serde = Observation.serde();
    Observation o = new Observation("COMPLETED", -1, 123_456_789L);
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", o))).isEqualTo(o);
  }

  @Test
  void decoderTimestamp_completedAtUnlessMissingPreEpochOrLaterThanTheRecord() {
    long record = T.toEpochMilli();
    ExecutionResult.Builder b = ExecutionResult.newBuilder().setExecutionId("e").setStatus(ExecutionStatus.COMPLETED);
    assertThat(ResultDecoder.timestamp(b.setCompletedAt(T.minusSeconds(3)).build(), record))
        .isEqualTo(record - 3_000);
    assertThat(ResultDecoder.timestamp(b.setCompletedAt(null).build(), record)).isEqualTo(record);
    assertThat(ResultDecoder.timestamp(b.setCompletedAt(T.plusSeconds(3600)).build(), record)).isEqualTo(record);
    assertThat(ResultDecoder.timestamp(b.setCompletedAt(Instant.EPOCH.minusSeconds(1)).build(), record))
        .isEqualTo(record);
  }
}
