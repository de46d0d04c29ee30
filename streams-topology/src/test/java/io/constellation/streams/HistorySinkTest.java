package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.history.UnableToWriteHistoryException;
import io.constellation.schemas.avro.ExecutionResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retry, give-up and readiness of the sink, on a fake clock and a fake database. */
final class HistorySinkTest {
  private static final List<ExecutionResult> BATCH = List.of(TestResults.simple("e1"), TestResults.simple("e2"));

  private final FakeClock clock = new FakeClock();
  private final List<Duration> pauses = new ArrayList<>();
  private final StreamsAppMetrics metrics = new StreamsAppMetrics();
  private int failuresLeft;
  private int writes;
  private boolean closing;

  private HistorySink sink(Duration limit) {
    return new HistorySink(batch -> {
      writes++;
      if (failuresLeft-- > 0) throw new UnableToWriteHistoryException("database down", null);
      return batch.size();
    }, limit, clock, delay -> {
      pauses.add(delay);
      clock.advance(delay);
      return closing;
    }, metrics);
  }

  @Test
  void write_databaseFailsThrice_retriesWithBackoffThenUp() {
    HistorySink sink = sink(Duration.ofMinutes(4));
    failuresLeft = 3;
    sink.write(BATCH, sink.generation());
    assertThat(writes).isEqualTo(4);
    assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(sink.condition()).isInstanceOf(HistorySink.Condition.Up.class);
    assertThat(metrics.stored()).isEqualTo(2);
    assertThat(metrics.writeFailures()).isEqualTo(3);
  }

  @Test
  void write_failingPastTheLimit_givesUpAndAbandonsTheGeneration() {
    HistorySink sink = sink(Duration.ofSeconds(30));
    failuresLeft = Integer.MAX_VALUE;
    long generation = sink.generation();
    assertThatThrownBy(() -> sink.write(BATCH, generation)).isInstanceOf(UnableToWriteHistoryException.class)
        .hasMessageContaining("gave up writing 2 traces");
    assertThat(sink.condition()).isInstanceOf(HistorySink.Condition.GaveUp.class);
    assertThat(pauses.stream().mapToLong(Duration::toMillis).sum()).isGreaterThanOrEqualTo(30_000);

    int attempts = writes;
    assertThatThrownBy(() -> sink.write(BATCH, generation)).hasMessageContaining("abandoned");
    assertThat(writes).as("an abandoned generation does not wait again").isEqualTo(attempts);

    failuresLeft = 1; // the replacing thread's buffers get a fresh limit, and the database comes back
    sink.write(BATCH, sink.generation());
    assertThat(sink.condition()).isInstanceOf(HistorySink.Condition.Up.class);
  }

  @Test
  void write_appClosingDuringAnOutage_stopsWaitingAtOnce() {
    HistorySink sink = sink(Duration.ofMinutes(4));
    failuresLeft = Integer.MAX_VALUE;
    closing = true;
    assertThatThrownBy(() -> sink.write(BATCH, sink.generation())).hasMessageContaining("closing");
    assertThat(writes).isEqualTo(1);
    assertThat(sink.condition()).isInstanceOf(HistorySink.Condition.Failing.class);
  }

  @Test
  void write_emptyBatch_nothingWritten() {
    HistorySink sink = sink(Duration.ofMinutes(4));
    sink.write(List.of(), sink.generation());
    assertThat(writes).isZero();
  }

  private static final class FakeClock implements InstantSource {
    private Instant now = Instant.parse("2025-01-31T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
