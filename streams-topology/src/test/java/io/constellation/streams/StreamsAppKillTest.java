package io.constellation.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The ordering the sink relies on, shown the hard way: the app runs in a child JVM that is killed (SIGKILL, no
 * shutdown) twice while results keep arriving, each time after it has stored some and with more in flight; a
 * restarted app must then store every execution exactly once. Had an offset been committed before its result's row
 * was durable, the kill would lose that row and the count would stay short.
 */
final class StreamsAppKillTest {
  private static final int TOTAL = 10_000;
  private static final Duration WAIT = Duration.ofSeconds(180);

  @Test
  void app_killedMidStreamAndRestarted_everyExecutionStoredOnce() throws Exception {
    try (StreamsFixture f = StreamsFixture.create("kill")) {
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(TOTAL);
      Instant now = Instant.now();
      for (int i = 0; i < TOTAL; i++) {
        ExecutionResult result = TestResults.result("kill-" + i, "kill", "node-" + (i % 3),
            ExecutionStatus.COMPLETED, now, i % 40).build();
        records.add(TestResults.record(f.topics(), result, i));
      }
      AtomicInteger produced = new AtomicInteger();
      // A steady stream rather than a backlog, so that each kill lands while results are arriving and being written.
      Thread producer = Thread.ofPlatform().name("kill-test-producer").start(() -> {
        for (int from = 0; from < TOTAL; from += 100) {
          f.produce(records.subList(from, Math.min(TOTAL, from + 100)), 100);
          produced.set(Math.min(TOTAL, from + 100));
          pause(60);
        }
      });

      Path log = Files.createTempFile("streams-kill-", ".log");
      try {
        long killedAt1 = runAndKill(f, log, 1_500);
        long killedAt2 = runAndKill(f, log, Math.min(killedAt1 + 2_000, TOTAL - 2_000));
        assertThat(killedAt2).as("killed mid-stream, not after the end").isLessThan(TOTAL);
        System.out.printf("kill test: killed with %d and %d of %d executions stored%n", killedAt1, killedAt2, TOTAL);

        producer.join(WAIT.toMillis());
        assertThat(produced.get()).isEqualTo(TOTAL);
        try (StreamsApp app = StreamsApp.start(f.settings(), f.db())) {
          Eventually.until("every execution stored after the kills", WAIT, () -> f.executions() == TOTAL,
              () -> f.executions() + " stored; app: " + app.notReadyReason());
        }
      } finally {
        producer.join(WAIT.toMillis());
        Files.deleteIfExists(log);
      }
      assertThat(f.count("select count(distinct execution_id) from executions")).isEqualTo(TOTAL);
      assertThat(f.count("select count(*) from node_results")).isEqualTo((long) TOTAL * TestResults.NODES);
    }
  }

  /** Starts the app in a child JVM, waits until at least {@code rows} executions are stored, kills it. */
  private static long runAndKill(StreamsFixture f, Path log, long rows) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.constellation.schemas.avro",
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
        "-cp", System.getProperty("java.class.path"), StreamsAppProcess.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(f.env());
    Process child = builder.start();
    try {
      Eventually.until("the child app to store " + rows + " executions", WAIT,
          () -> !child.isAlive() || f.executions() >= rows, () -> f.executions() + " stored");
      assertThat(child.isAlive()).as("child alive; its log: %s", tail(log)).isTrue();
      child.destroyForcibly(); // SIGKILL: no close, no commit, no flush
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return f.executions();
    } finally {
      if (child.isAlive()) child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
