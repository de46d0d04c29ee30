package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The app against real Kafka and PostgreSQL: every result recorded once, whatever its encoding; garbage skipped. */
final class StreamsAppTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void results_tenThousandMixedEncodingsWithDuplicates_storedOncePerExecution() {
    try (StreamsFixture f = StreamsFixture.create("bulk")) {
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      Instant now = Instant.now();
      int duplicates = 0;
      for (int i = 0; i < 10_000; i++) {
        ExecutionResult result = TestResults.result("bulk-" + i, "bulk-" + (i % 7), "node-" + (i % 3),
            ExecutionStatus.COMPLETED, now, i % 50).build();
        records.add(TestResults.record(f.topics(), result, i));
        if (i % 20 == 0) { // the same execution again, later and in another form: the first one wins
          ExecutionResult again = ExecutionResult.newBuilder(result).setStatus(ExecutionStatus.FAILED).build();
          records.add(TestResults.record(f.topics(), again, i + 1));
          duplicates++;
        }
      }
      f.produce(records, 500);

      try (StreamsApp app = StreamsApp.start(f.settings(), f.db())) {
        Eventually.until("10,000 executions stored", WAIT, () -> f.executions() == 10_000,
            () -> f.executions() + " stored, " + app.metrics().decoded() + " decoded; " + app.notReadyReason());
        int produced = records.size();
        Eventually.until("every record decoded and written", WAIT,
            () -> app.metrics().decoded() == produced && app.metrics().written() >= produced);
        assertThat(app.metrics().undecodable()).isZero();
        assertThat(produced).isEqualTo(10_000 + duplicates);
      }
      assertThat(f.count("select count(distinct execution_id) from executions")).isEqualTo(10_000);
      assertThat(f.count("select count(*) from node_results")).isEqualTo(10_000L * TestResults.NODES);
      assertThat(f.count("select count(distinct execution_id) from node_results")).isEqualTo(10_000);
      assertThat(f.count("select count(*) from executions where status <> 'COMPLETED'")).isZero();
      assertThat(f.count("select count(*) from pipelines")).isEqualTo(7);
    }
  }

  @Test
  void results_poisonRecordsBetweenGoodOnes_skippedAndTheRestRecorded() {
    try (StreamsFixture f = StreamsFixture.create("poison")) {
      byte[] avro = new ResultCodec().encode(TestResults.simple("template"), Encoding.AVRO);
      byte[] randomBytes = new byte[64];
      new Random(7).nextBytes(randomBytes);
      List<ProducerRecord<byte[], byte[]>> poison = List.of(
          TestResults.raw(f.topics(), "p1", randomBytes, null),
          TestResults.raw(f.topics(), "p2", "{\"executionId\": ".getBytes(StandardCharsets.UTF_8), null),
          TestResults.raw(f.topics(), "p3", "{}".getBytes(StandardCharsets.UTF_8), "application/json"),
          TestResults.raw(f.topics(), "p4", avro, "text/plain"),
          TestResults.raw(f.topics(), "p5", Arrays.copyOf(avro, avro.length / 2), "application/avro"),
          TestResults.raw(f.topics(), "p6", new byte[0], null),
          TestResults.raw(f.topics(), "p7", null, null),
          TestResults.raw(f.topics(), "p8", "[1,2,3]".getBytes(StandardCharsets.UTF_8), "application/json"),
          TestResults.raw(f.topics(), "p9", "{\"executionId\":\"x\",\"status\":\"BOGUS\"}".getBytes(
              StandardCharsets.UTF_8), "application/json"));
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        records.add(TestResults.record(f.topics(), TestResults.simple("good-" + i), i));
        if (i % 30 == 0) records.add(poison.get((i / 30) % poison.size()));
      }
      records.addAll(poison);
      long poisonCount = records.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith("p"))
          .count();
      f.produce(records, 50);

      try (StreamsApp app = StreamsApp.start(f.settings(), f.db())) {
        Eventually.until("the 300 good results stored", WAIT, () -> f.executions() == 300,
            () -> f.executions() + " stored; " + app.metrics().undecodable() + " skipped");
        Eventually.until("every poison record skipped", WAIT, () -> app.metrics().undecodable() == poisonCount);
        Eventually.until("the app ready", WAIT, app::ready, app::notReadyReason);
        assertThat(app.metrics().decoded()).isEqualTo(300);
      }
      assertThat(f.count("select count(*) from executions where execution_id like 'good-%'")).isEqualTo(300);
    }
  }
}
