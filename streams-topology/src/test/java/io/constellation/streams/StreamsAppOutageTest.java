package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.testkit.PostgresService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** PostgreSQL going away under the app: it waits, not ready, without dying, and catches up once it is back. */
final class StreamsAppOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @Test
  void postgresDownTenSecondsMidStream_appWaitsNotReadyThenStoresEverything() throws InterruptedException {
    try (StreamsFixture f = StreamsFixture.create("outage")) {
      PostgresService postgres = f.postgres();
      assumeFalse(postgres.external(), "needs a PostgreSQL the test can stop");
      try (StreamsApp app = StreamsApp.start(f.settings(), f.db())) {
        f.produce(results(f, 0, 3_000), 200);
        Eventually.until("the first results stored", WAIT, () -> f.executions() > 0);
        Eventually.until("the app ready", WAIT, app::ready, app::notReadyReason);

        postgres.stop();
        Instant stopped = Instant.now();
        try {
          f.produce(results(f, 3_000, 6_000), 200);
          Eventually.until("the app not ready because of the history", WAIT,
              () -> app.notReadyReason().contains("history database failing"), app::notReadyReason);
          assertThat(app.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
          Duration left = OUTAGE.minus(Duration.between(stopped, Instant.now()));
          if (!left.isNegative()) Thread.sleep(left); // the scenario: ten seconds without PostgreSQL
        } finally {
          postgres.start();
        }
        f.produce(results(f, 6_000, 10_000), 200);

        Eventually.until("all 10,000 stored after recovery", WAIT, () -> f.executions() == 10_000,
            () -> f.executions() + " stored; " + app.notReadyReason());
        Eventually.until("the app ready again", WAIT, app::ready, app::notReadyReason);
        assertThat(app.metrics().writeFailures()).isPositive();
        assertThat(app.metrics().threadsReplaced()).isZero();
      }
      assertThat(f.count("select count(*) from node_results")).isEqualTo(10_000L * TestResults.NODES);
    }
  }

  @Test
  void postgresDownBeyondTheOutageLimit_streamThreadReplacedAndEverythingStored() throws InterruptedException {
    try (StreamsFixture f = StreamsFixture.create("giveup")) {
      PostgresService postgres = f.postgres();
      assumeFalse(postgres.external(), "needs a PostgreSQL the test can stop");
      StreamsSettings settings = f.settings().withHistoryOutageLimit(Duration.ofSeconds(2));
      try (StreamsApp app = StreamsApp.start(settings, f.db())) {
        f.produce(results(f, 0, 500), 100);
        Eventually.until("the first results stored", WAIT, () -> f.executions() > 0);
        Eventually.until("the app ready", WAIT, app::ready, app::notReadyReason);

        postgres.stop();
        try {
          f.produce(results(f, 500, 1_000), 100);
          Eventually.until("a stream thread replaced after the limit", WAIT,
              () -> app.metrics().threadsReplaced() > 0, app::notReadyReason);
        } finally {
          postgres.start();
        }
        Eventually.until("all 1,000 stored after recovery", WAIT, () -> f.executions() == 1_000,
            () -> f.executions() + " stored; " + app.notReadyReason());
        Eventually.until("the app ready again", WAIT, app::ready, app::notReadyReason);
      }
    }
  }

  private static List<ProducerRecord<byte[], byte[]>> results(StreamsFixture f, int from, int to) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(to - from);
    Instant now = Instant.now();
    for (int i = from; i < to; i++) {
      records.add(TestResults.record(f.topics(), TestResults.result("o-" + i, "outage", "node-1",
          ExecutionStatus.COMPLETED, now, 3).build(), i));
    }
    return records;
  }
}
