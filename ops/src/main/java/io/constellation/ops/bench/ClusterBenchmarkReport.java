package io.constellation.ops.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The figures of one cluster benchmark run: the bare consume-produce ceiling (end to end, measured as the pipelines
 * are, and draining a backlog, for reference), end-to-end throughput per pipeline
 * and worker count, latency at half load, the I/O-bound run against its ideal, and each worker's memory.
 */
public record ClusterBenchmarkReport(double bareLoopPerSec, double bareDrainPerSec, Map<Integer, Double> noopPerSec,
    Map<Integer, Double> wordcountPerSec, double latencyP50Ms, double latencyP99Ms, double ioBoundPerSec,
    double ioBoundIdealPerSec, List<WorkerMemory> workers, List<PhaseCpu> cpu) {

  public ClusterBenchmarkReport {
    noopPerSec = Map.copyOf(noopPerSec);
    wordcountPerSec = Map.copyOf(wordcountPerSec);
    workers = List.copyOf(workers);
    cpu = List.copyOf(cpu);
  }

  /** Peak heap (sampled from the worker's metrics) and peak resident set size of one worker in one phase. */
  public record WorkerMemory(String phase, String node, long peakHeapBytes, long peakRssBytes) {}

  /**
   * CPU time per request of one timed run: of the worker processes, and of the benchmark's own JVM (the embedded
   * broker and the client, or the whole bare loop); -1 when the platform does not say. It shows where the cores went.
   */
  public record PhaseCpu(String phase, double workersMicros, double brokerAndClientMicros) {}

  /** Best no-op throughput over the bare loop. */
  public double ratioToBareLoop() {
    double best = noopPerSec.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return bareLoopPerSec == 0 ? 0 : best / bareLoopPerSec;
  }

  public String toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    root.put("bareLoopPerSec", Math.round(bareLoopPerSec));
    root.put("bareDrainPerSec", Math.round(bareDrainPerSec));
    ObjectNode noop = root.putObject("noopPerSec");
    noopPerSec.keySet().stream().sorted().forEach(k -> noop.put(k.toString(), Math.round(noopPerSec.get(k))));
    ObjectNode wordcount = root.putObject("wordcountPerSec");
    wordcountPerSec.keySet().stream().sorted()
        .forEach(k -> wordcount.put(k.toString(), Math.round(wordcountPerSec.get(k))));
    root.put("ratioToBareLoop", Math.round(ratioToBareLoop() * 1000) / 1000.0);
    ObjectNode latency = root.putObject("latencyMs");
    latency.put("p50", round1(latencyP50Ms));
    latency.put("p99", round1(latencyP99Ms));
    ObjectNode io = root.putObject("ioBound");
    io.put("perSec", Math.round(ioBoundPerSec));
    io.put("idealPerSec", Math.round(ioBoundIdealPerSec));
    ObjectNode cpuPerRequest = root.putObject("cpuMicrosPerRequest");
    for (PhaseCpu phase : cpu) {
      cpuPerRequest.putObject(phase.phase()).put("workers", round1(phase.workersMicros()))
          .put("brokerAndClient", round1(phase.brokerAndClientMicros()));
    }
    var memory = root.putArray("workers");
    for (WorkerMemory worker : workers) {
      memory.addObject().put("phase", worker.phase()).put("node", worker.node())
          .put("peakHeapMb", mb(worker.peakHeapBytes())).put("peakRssMb", mb(worker.peakRssBytes()));
    }
    return root.toString();
  }

  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("bare consume->produce loop (exactly-once)  %,10.0f /s  (draining a backlog: %,.0f /s)%n",
        bareLoopPerSec, bareDrainPerSec));
    noopPerSec.keySet().stream().sorted().forEach(k -> out.append(String.format(
        "no-op pipeline, %d worker(s)               %,10.0f /s  (%.2f of bare)%n", k, noopPerSec.get(k),
        noopPerSec.get(k) / Math.max(1, bareLoopPerSec))));
    wordcountPerSec.keySet().stream().sorted().forEach(k -> out.append(String.format(
        "Uppercase/WordCount, %d worker(s)          %,10.0f /s%n", k, wordcountPerSec.get(k))));
    out.append(String.format("latency at half load                      p50 %.1f ms, p99 %.1f ms%n", latencyP50Ms,
        latencyP99Ms));
    out.append(String.format("I/O-bound (20 ms module, 256 concurrent)  %,10.0f /s of ideal %,.0f /s (%.0f%%)%n",
        ioBoundPerSec, ioBoundIdealPerSec, 100 * ioBoundPerSec / Math.max(1, ioBoundIdealPerSec)));
    out.append("CPU per request (microseconds)            workers  broker+client\n");
    for (PhaseCpu phase : cpu) {
      out.append(String.format("  %-38s %8.1f %14.1f%n", phase.phase(), phase.workersMicros(),
          phase.brokerAndClientMicros()));
    }
    for (WorkerMemory worker : workers) {
      out.append(String.format("  %-22s %-10s peak heap %6.1f MB, peak RSS %6.1f MB%n", worker.phase(),
          worker.node(), mb(worker.peakHeapBytes()), mb(worker.peakRssBytes())));
    }
    return out.toString();
  }

  private static double mb(long bytes) {
    return bytes < 0 ? -1 : Math.round(bytes / 1048576.0 * 10) / 10.0;
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
