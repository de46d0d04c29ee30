package io.constellation.ops.bench;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.RequestCodec;
import io.constellation.schemas.Topics;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.submitter.Requests;
import io.constellation.testkit.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures the cluster end to end on an embedded broker: the bare exactly-once consume-produce loop ({@link
 * BareLoop}, the ceiling, fed and read while it runs as the workers are), then Constellation for the no-op and
 * the Uppercase/WordCount pipelines with 1 and 2 worker processes, latency at half the no-op peak (after an untimed
 * run at that rate), and an I/O-bound pipeline (a 20 ms module, 256 concurrent) against min(256 / 20 ms, the no-op
 * rate). Workers run in their own JVMs ({@link WorkerProcess}) with a bounded heap, so their memory is theirs
 * alone.
 */
public final class ClusterBenchmark {
  static final String NOOP = "in x: Int\nout x\n";
  static final String WORDCOUNT = "in text: String\nup = Uppercase(text)\nn = WordCount(up)\nout up\nout n\n";
  static final String IO_BOUND = "in x: Int\ny = bench.Sleep(x)\nout y\n";
  private static final int IO_CONCURRENCY = 256;
  private static final int IO_SLEEP_MILLIS = 20;
  private static final int BARE_ROUND_FACTOR = 5;

  /**
   * How much work each phase does: {@code requests} (or {@code ioRequests}) per round, rounds as {@code steady}
   * says; {@code workerHeap} is the JVM option of each worker ({@code -Xmx512m}).
   */
  public record Options(int requests, int ioRequests, SteadyState steady, Duration latencyRun, String workerHeap,
      Duration phaseTimeout) {
    public static Options standard() {
      return new Options(30_000, 60_000, new SteadyState(12, 3, 0.05), Duration.ofSeconds(8), "-Xmx512m",
          Duration.ofMinutes(4));
    }

    public static Options quick() {
      return new Options(2_000, 1_000, new SteadyState(1, 1, 0.05), Duration.ofSeconds(2), "-Xmx512m",
          Duration.ofMinutes(2));
    }
  }

  private final Options options;
  private final PrintStream progress;
  private final List<ClusterBenchmarkReport.WorkerMemory> memory = new ArrayList<>();
  private final List<ClusterBenchmarkReport.PhaseCpu> cpu = new ArrayList<>();

  public ClusterBenchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public ClusterBenchmarkReport run() throws IOException, InterruptedException {
    Path logs = Files.createTempDirectory("constellation-bench-");
    progress.println("starting an embedded broker (worker logs in " + logs + ")");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      String bootstrap = kafka.bootstrapServers();
      // rounds five times larger than a pipeline's: the loop is that much faster, and a round should last a second
      double bare = bareLoop(bootstrap, BARE_ROUND_FACTOR * options.requests());
      double drain = bareDrain(bootstrap, options.requests()); // after the loop's warm-up, which it shares
      progress.printf("bare loop: %,.0f /s end to end, %,.0f /s draining a backlog%n", bare, drain);

      Map<Integer, Double> noop = new HashMap<>();
      Map<Integer, Double> wordcount = new HashMap<>();
      double[] latency = null;
      for (int workers : new int[] {1, 2}) {
        try (Phase phase = phase("noop-" + workers, bootstrap, workers, 16, Map.of(), logs)) {
          noop.put(workers, warmedThroughput("noop-" + workers, phase, options.requests(),
              i -> Requests.source(NOOP).input("x", i)));
          progress.printf("no-op, %d worker(s): %,.0f /s%n", workers, noop.get(workers));
          if (workers == 1) {
            // untimed first: latency settles only after seconds at a steady rate (JIT, the collector's sizing)
            phase.latencyAt(noop.get(1) / 2, options.latencyRun(), i -> Requests.source(NOOP).input("x", i));
            latency = phase.latencyAt(noop.get(1) / 2, options.latencyRun(),
                i -> Requests.source(NOOP).input("x", i));
            progress.printf("latency at %,.0f /s: p50 %.1f ms, p99 %.1f ms%n", noop.get(1) / 2, latency[0],
                latency[1]);
          }
        }
        try (Phase phase = phase("wordcount-" + workers, bootstrap, workers, 16, Map.of(), logs)) {
          wordcount.put(workers, warmedThroughput("wordcount-" + workers, phase, options.requests(),
              i -> Requests.source(WORDCOUNT).input("text", "the quick brown fox " + i)));
          progress.printf("wordcount, %d worker(s): %,.0f /s%n", workers, wordcount.get(workers));
        }
      }
      double ideal = Math.min(IO_CONCURRENCY * 1000.0 / IO_SLEEP_MILLIS, noop.get(1));
      double io;
      try (Phase phase = phase("io-bound", bootstrap, 1, IO_CONCURRENCY,
          Map.of(BenchModules.ENABLE_VARIABLE, "true"), logs)) {
        io = warmedThroughput("io-bound", phase, options.ioRequests(),
            i -> Requests.source(IO_BOUND).input("x", IO_SLEEP_MILLIS));
        progress.printf("I/O-bound: %,.0f /s (ideal %,.0f /s)%n", io, ideal);
      }
      return new ClusterBenchmarkReport(bare, drain, noop, wordcount, latency[0], latency[1], io, ideal, memory,
          cpu);
    }
  }

  /** Steady-state throughput ({@link SteadyState}) of rounds of {@code count} requests, with its CPU per request. */
  private double warmedThroughput(String name, Phase phase, int count, IntFunction<Requests> request)
      throws InterruptedException {
    SteadyState.Round round = () -> phase.throughput(count, request);
    int warmUp = options.steady().warmUp(round);
    long workersBefore = phase.workersCpuNanos();
    long localBefore = localCpuNanos();
    double perSec = options.steady().median(round);
    int measured = count * options.steady().measuredRounds();
    cpu.add(new ClusterBenchmarkReport.PhaseCpu(name,
        perRequestMicros(workersBefore, phase.workersCpuNanos(), measured),
        perRequestMicros(localBefore, localCpuNanos(), measured)));
    progress.printf("  (%s: %d warm-up rounds of %,d)%n", name, warmUp, count);
    return perSec;
  }

  /** CPU time this JVM (the broker, the client, the bare loop) has used so far; -1 when the platform does not say. */
  private static long localCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static double perRequestMicros(long before, long after, int count) {
    return before < 0 || after < 0 ? -1 : (after - before) / 1e3 / count;
  }

  /**
   * The ceiling, measured the way the pipelines are: with the loop {@linkplain BareLoop#join joined}, each round a
   * producer configured like {@link io.constellation.submitter.ConstellationClient}'s sends {@code count} records
   * of the size of a no-op request as fast as it can, the loop copies them, and a {@code read_committed} consumer
   * counts them on the other topic; records per second from the round's first send to its last record counted.
   */
  private double bareLoop(String bootstrap, int count) throws InterruptedException {
    Topics topics = new Topics("bare" + Phase.shortId());
    Phase.ensureTopics(bootstrap, topics);
    byte[] payload = new RequestCodec().encode(Requests.source(NOOP).input("x", 1).build(), Encoding.AVRO);
    try (BareLoop loop = BareLoop.start(bootstrap, topics, options.phaseTimeout());
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clientProducerConfig(bootstrap),
             new ByteArraySerializer(), new ByteArraySerializer())) {
      loop.join(Duration.ofSeconds(60));
      long[] sent = {0};
      SteadyState.Round round = () -> {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
          producer.send(new ProducerRecord<>(topics.requests(), Long.toString(sent[0]++).getBytes(), payload));
        }
        producer.flush();
        return count / ((loop.awaitCount(sent[0]) - started) / 1e9);
      };
      int warmUp = options.steady().warmUp(round);
      long cpuBefore = localCpuNanos();
      double perSec = options.steady().median(round);
      cpu.add(new ClusterBenchmarkReport.PhaseCpu("bare-loop", 0,
          perRequestMicros(cpuBefore, localCpuNanos(), count * options.steady().measuredRounds())));
      progress.printf("  (bare loop: %d warm-up rounds of %,d)%n", warmUp, count);
      return perSec;
    }
  }

  /** The bare loop on a backlog: every record is on the topic before the loop starts (no concurrent producer). */
  private double bareDrain(String bootstrap, int count) throws InterruptedException {
    Topics topics = new Topics("drain" + Phase.shortId());
    Phase.ensureTopics(bootstrap, topics);
    byte[] payload = new RequestCodec().encode(Requests.source(NOOP).input("x", 1).build(), Encoding.AVRO);
    try (KafkaProducer<byte[], byte[]> filler = new KafkaProducer<>(clientProducerConfig(bootstrap),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        filler.send(new ProducerRecord<>(topics.requests(), Integer.toString(i).getBytes(), payload));
      }
      filler.flush();
    }
    try (BareLoop loop = BareLoop.start(bootstrap, topics, options.phaseTimeout())) {
      loop.join(Duration.ofSeconds(60));
      long finished = loop.awaitCount(count);
      return count / ((finished - loop.firstRecordNanos()) / 1e9);
    }
  }

  private Phase phase(String name, String bootstrap, int workerCount, int maxConcurrency, Map<String, String> env,
      Path logs) throws IOException, InterruptedException {
    return new Phase(name, bootstrap, workerCount, maxConcurrency, env, logs, options.workerHeap(),
        options.phaseTimeout(), memory::add);
  }

  /** The settings of {@link io.constellation.submitter.ConstellationClient}'s producer. */
  private static Properties clientProducerConfig(String bootstrap) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return config;
  }

}
