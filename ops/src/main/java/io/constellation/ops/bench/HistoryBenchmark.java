package io.constellation.ops.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.ops.local.LocalStack;
import io.constellation.schemas.Topics;
import io.constellation.streams.SinkBenchmark;
import io.constellation.streams.StreamsSettings;
import io.constellation.submitter.gateway.GatewayLatency;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code constellation bench history}: on a local stack (embedded Kafka and PostgreSQL, one worker, the gateway),
 * the trace sink draining a backlog of results into PostgreSQL, the same sink under a steady load with the consumer
 * lag it keeps, and the latency the gateway adds to {@code /run} over the Java client.
 */
public final class HistoryBenchmark {
  /**
   * @param backlog       results pre-filled for the drain
   * @param pacedPerSecond results per second of the steady run
   * @param pacedFor      how long the steady run produces
   * @param nodesPerResult node results per execution (each one a trace row)
   * @param latencyRuns   sequential {@code /run} calls each way
   */
  public record Options(int backlog, int pacedPerSecond, Duration pacedFor, int nodesPerResult, int latencyRuns) {
    public static Options standard() {
      return new Options(100_000, 10_000, Duration.ofSeconds(30), 4, 500);
    }

    public static Options quick() {
      return new Options(10_000, 2_000, Duration.ofSeconds(5), 4, 100);
    }
  }

  /** What was measured. */
  public record Report(SinkBenchmark.Report drain, SinkBenchmark.Report paced, GatewayLatency.LatencyReport gateway) {
    public String toText() {
      return "history sink, drain:  " + drain + "\n"
          + "history sink, paced:  " + paced + "\n"
          + "gateway /run latency: " + gateway + "\n";
    }

    public ObjectNode toJson() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.set("drain", sink(drain));
      json.set("paced", sink(paced));
      ObjectNode latency = json.putObject("gatewayAddedMs");
      latency.put("p50", round(gateway.addedP50()));
      latency.put("p99", round(gateway.addedP99()));
      latency.put("directP50", round(gateway.directP50()));
      latency.put("gatewayP50", round(gateway.gatewayP50()));
      return json;
    }

    private static ObjectNode sink(SinkBenchmark.Report report) {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("executions", report.results());
      json.put("rowsPerSec", Math.round(report.rowsPerSecond()));
      json.put("executionsPerSec", Math.round(report.executionsPerSecond()));
      json.put("lagMedianMs", report.medianLag().toMillis());
      json.put("lagMaxMs", report.maxLag().toMillis());
      json.put("lagMaxRecords", report.maxLagRecords());
      return json;
    }

    private static double round(double value) {
      return Math.round(value * 100) / 100.0;
    }
  }

  private final Options options;
  private final PrintStream progress;

  public HistoryBenchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public Report run() throws InterruptedException {
    Path data = temporaryDirectory();
    LocalStack.Options stackOptions = new LocalStack.Options(1, freePort(), 0, List.of(),
        "hb" + ProcessHandle.current().pid(), 64, Optional.empty(), ModuleRegistry.standard());
    try (LocalStack stack = LocalStack.start(stackOptions, progress::println)) {
      StreamsSettings base = new StreamsSettings(stack.bootstrapServers(), new Topics("sinkbench"), "sinkbench",
          data, StreamsSettings.DEFAULT_COMMIT_INTERVAL, stack.historySettings());
      progress.printf("draining %,d results (1 + %d trace rows each) into PostgreSQL...%n", options.backlog(),
          options.nodesPerResult());
      SinkBenchmark.Report drain = SinkBenchmark.drain(base, stack.history(), options.backlog(),
          options.nodesPerResult());
      progress.println("  " + drain);
      progress.printf("steady load: %,d results/s for %d s...%n", options.pacedPerSecond(),
          options.pacedFor().toSeconds());
      SinkBenchmark.Report paced = SinkBenchmark.paced(base, stack.history(), options.pacedPerSecond(),
          options.pacedFor(), options.nodesPerResult());
      progress.println("  " + paced);
      progress.printf("gateway /run against the Java client, %d runs each...%n", options.latencyRuns());
      ObjectNode inputs = JsonNodeFactory.instance.objectNode().put("text", "hello world");
      GatewayLatency.LatencyReport gateway = GatewayLatency.measure(stack.client(), stack.gatewayUri(), null,
          "in text: String\nout text\n", inputs, options.latencyRuns(), options.latencyRuns() / 2);
      progress.println("  " + gateway);
      return new Report(drain, paced, gateway);
    } finally {
      try {
        LocalStack.deleteRecursively(data);
      } catch (IOException e) {
        progress.println("could not delete " + data + ": " + e.getMessage());
      }
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("constellation-bench-history");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
