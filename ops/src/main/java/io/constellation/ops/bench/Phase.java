package io.constellation.ops.bench;

import io.constellation.schemas.TopicSetup;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One measured phase of a cluster benchmark: worker processes ({@link WorkerProcess}) on their own fresh topics,
 * and a client that submits to them. Shared by {@link ClusterBenchmark} and {@link StateBenchmark}.
 *
 * <p>Thread-safety: not thread-safe; one benchmark thread owns a phase. Its heap sampler thread only reads the
 * workers' metrics. {@link #close()} reports each worker's memory to the sink, then stops the client and workers.
 */
final class Phase implements AutoCloseable {
  private final String name;
  private final Duration timeout;
  private final Consumer<ClusterBenchmarkReport.WorkerMemory> memorySink;
  private final List<WorkerProcess> workers = new ArrayList<>();
  private final ConstellationClient client;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("bench-heap-sampler").factory());

  /**
   * Creates fresh topics and starts {@code workerCount} workers on them, each with {@code env} added to its
   * environment and {@code workerHeap} as its heap option; returns once every worker is ready.
   *
   * @param timeout how long {@link #throughput} and {@link #latencyAt} wait for the last result
   * @param memorySink receives each worker's peak memory when the phase closes
   */
  Phase(String name, String bootstrap, int workerCount, int maxConcurrency, Map<String, String> env, Path logs,
      String workerHeap, Duration timeout, Consumer<ClusterBenchmarkReport.WorkerMemory> memorySink)
      throws IOException, InterruptedException {
    this.name = name;
    this.timeout = timeout;
    this.memorySink = memorySink;
    Topics topics = new Topics("b" + shortId());
    ensureTopics(bootstrap, topics);
    try {
      for (int i = 1; i <= workerCount; i++) {
        workers.add(WorkerProcess.start(name + "-" + i, freePort(), bootstrap, topics.prefix(), maxConcurrency,
            workerHeap, env, logs));
      }
      for (WorkerProcess worker : workers) worker.awaitReady(Duration.ofSeconds(90));
      this.client = ConstellationClient.builder().bootstrapServers(bootstrap).topics(topics).build();
    } catch (IOException | InterruptedException | RuntimeException e) {
      sampler.shutdownNow();
      workers.forEach(WorkerProcess::close);
      throw e;
    }
    sampler.scheduleAtFixedRate(() -> workers.forEach(WorkerProcess::sampleHeap), 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Submits {@code count} requests as fast as the client takes them; results per second until the last. */
  double throughput(int count, IntFunction<Requests> request) throws InterruptedException {
    List<CompletableFuture<ExecutionResult>> results = new ArrayList<>(count);
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) results.add(client.submit(request.apply(i).build()));
    await(results);
    return count / ((System.nanoTime() - started) / 1e9);
  }

  /** CPU time the worker processes have used so far, summed; -1 when the platform does not say. */
  long workersCpuNanos() {
    long sum = 0;
    for (WorkerProcess worker : workers) {
      long used = worker.cpuNanos();
      if (used < 0) return -1;
      sum += used;
    }
    return sum;
  }

  /** Submits at {@code perSecond} for {@code duration}; enqueue-to-result latency p50 and p99 in ms. */
  double[] latencyAt(double perSecond, Duration duration, IntFunction<Requests> request)
      throws InterruptedException {
    int count = (int) Math.max(1, perSecond * duration.toMillis() / 1000);
    long[] latencies = new long[count];
    List<CompletableFuture<ExecutionResult>> results = new ArrayList<>(count);
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = started + (long) (i * 1e9 / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      int index = i;
      long sent = System.nanoTime();
      results.add(client.submit(request.apply(i).build())
          .whenComplete((result, error) -> latencies[index] = System.nanoTime() - sent));
    }
    await(results);
    Arrays.sort(latencies);
    return new double[] {latencies[count / 2] / 1e6, latencies[Math.min(count - 1, (int) (count * 0.99))] / 1e6};
  }

  private void await(List<CompletableFuture<ExecutionResult>> results) throws InterruptedException {
    try {
      CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(name + ": not every result arrived: " + e, e);
    }
    long failed = results.stream().map(CompletableFuture::join)
        .filter(r -> r.getStatus() != ExecutionStatus.COMPLETED).count();
    if (failed > 0) throw new IllegalStateException(name + ": " + failed + " executions did not complete");
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    for (WorkerProcess worker : workers) {
      worker.sampleHeap();
      memorySink.accept(new ClusterBenchmarkReport.WorkerMemory(name, worker.nodeId(), worker.peakHeapBytes(),
          worker.peakRssBytes()));
    }
    if (client != null) client.close();
    workers.forEach(WorkerProcess::close);
  }

  static void ensureTopics(String bootstrap, Topics topics) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      TopicSetup.ensureTopics(admin, topics, Duration.ofSeconds(60));
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
