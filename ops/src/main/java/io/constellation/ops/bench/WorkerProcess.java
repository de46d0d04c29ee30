package io.constellation.ops.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker node in its own JVM, started from this process's class path ({@code constellation worker ...}), so that
 * its heap and resident memory can be measured apart from the broker and the load generator.
 *
 * <p>Thread-safety: {@link #sampleHeap()} may run on a sampler thread while the owner waits; everything else
 * belongs to the thread that started it.
 */
final class WorkerProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String nodeId;
  private final int adminPort;
  private final Process process;
  private final Path log;
  private volatile long peakHeapBytes;

  private WorkerProcess(String nodeId, int adminPort, Process process, Path log) {
    this.nodeId = nodeId;
    this.adminPort = adminPort;
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(String nodeId, int adminPort, String bootstrapServers, String topicPrefix,
      int maxConcurrency, String heap, Map<String, String> env, Path logDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, heap, "-XX:+UseG1GC"));
    // Extra JVM options for the worker processes, e.g. a flight recording while investigating a figure.
    String extra = System.getenv("CONSTELLATION_BENCH_WORKER_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().replace("{node}", nodeId).split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.constellation.ops.cli.Main", "worker",
        "--node-id", nodeId, "--port", Integer.toString(adminPort), "--bootstrap-servers", bootstrapServers,
        "--topic-prefix", topicPrefix, "--max-concurrency", Integer.toString(maxConcurrency)));
    Path log = logDir.resolve(nodeId + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new WorkerProcess(nodeId, adminPort, builder.start(), log);
  }

  String nodeId() {
    return nodeId;
  }

  /** Waits until {@code /health/ready} answers 200. */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) throw new IOException("worker " + nodeId + " exited: " + tail());
      try {
        HttpResponse<Void> response = HTTP.send(request("/health/ready"), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException("worker " + nodeId + " not ready after " + timeout + ": " + tail());
  }

  /** Reads the worker's current heap use from its Prometheus metrics and keeps the largest value seen. */
  void sampleHeap() {
    try {
      String text = HTTP.send(request("/metrics/prometheus"), HttpResponse.BodyHandlers.ofString()).body();
      for (String line : text.split("\n")) {
        if (line.startsWith("jvm_memory_heap_used ")) {
          long used = (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
          if (used > peakHeapBytes) peakHeapBytes = used;
        }
      }
    } catch (IOException | RuntimeException e) {
      // a missed sample only lowers the peak estimate
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long peakHeapBytes() {
    return peakHeapBytes;
  }

  /** The process's peak resident set size (VmHWM), or -1 when the platform does not say. */
  long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** CPU time the process has used so far, or -1 when the platform does not say. */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  boolean alive() {
    return process.isAlive();
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .timeout(Duration.ofSeconds(2)).GET().build();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** SIGTERM (the worker drains and commits), then a forced stop if it has not exited within 40 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
