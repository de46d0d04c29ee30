package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.submitter.ConstellationClient;
import io.constellation.submitter.Requests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures the latency the gateway adds to a run: the same pipeline and inputs, run {@code runs} times through the
 * Java client and {@code runs} times through {@code POST /run}, one at a time and alternating (so drift in the
 * cluster's speed affects both sides alike), after {@code warmup} untimed rounds of each.
 *
 * <pre>{@code
 * LatencyReport report = GatewayLatency.measure(client, gateway.uri(), apiKey, source, inputs, 500, 50);
 * System.out.println(report);   // direct p50/p99, gateway p50/p99, added p50/p99
 * }</pre>
 *
 * <p>Not for tests' assertions: timings depend on the machine. Thread-safety: stateless.
 */
public final class GatewayLatency {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private GatewayLatency() {}

  /**
   * Latencies in milliseconds.
   *
   * @param runs        timed runs each way
   * @param directP50   client round trip, median
   * @param directP99   client round trip, 99th percentile
   * @param gatewayP50  HTTP round trip through the gateway, median
   * @param gatewayP99  HTTP round trip through the gateway, 99th percentile
   */
  public record LatencyReport(int runs, double directP50, double directP99, double gatewayP50, double gatewayP99) {
    public double addedP50() {
      return gatewayP50 - directP50;
    }

    public double addedP99() {
      return gatewayP99 - directP99;
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%d sequential runs each way: client p50 %.2f ms, p99 %.2f ms;"
          + " gateway p50 %.2f ms, p99 %.2f ms; added p50 %.2f ms, p99 %.2f ms", runs, directP50, directP99,
          gatewayP50, gatewayP99, addedP50(), addedP99());
    }
  }

  /**
   * Runs the comparison; throws {@link IllegalStateException} when a run fails or does not complete (the figures
   * would mean nothing).
   */
  public static LatencyReport measure(ConstellationClient client, URI gateway, String apiKey, String source,
      ObjectNode inputs, int runs, int warmup) throws InterruptedException {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(gateway, "gateway");
    if (runs < 1 || warmup < 0) throw new IllegalArgumentException("runs must be >= 1 and warmup >= 0");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ObjectNode body = GatewayJson.object().put("source", source);
    body.set("inputs", inputs);
    byte[] json = GatewayJson.write(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/run")).timeout(RUN_TIMEOUT)
        .header("Content-Type", "application/json");
    if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
    HttpRequest post = request.POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    for (int i = 0; i < warmup; i++) {
      direct(client, source, inputs);
      viaGateway(http, post);
    }
    long[] direct = new long[runs];
    long[] viaGateway = new long[runs];
    for (int i = 0; i < runs; i++) {
      direct[i] = direct(client, source, inputs);
      viaGateway[i] = viaGateway(http, post);
    }
    return new LatencyReport(runs, percentile(direct, 50), percentile(direct, 99), percentile(viaGateway, 50),
        percentile(viaGateway, 99));
  }

  private static long direct(ConstellationClient client, String source, ObjectNode inputs)
      throws InterruptedException {
    long started = System.nanoTime();
    try {
      ExecutionResult result = client.submit(Requests.source(source).inputs(inputs).build())
          .get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long nanos = System.nanoTime() - started;
      if (result.getStatus() != ExecutionStatus.COMPLETED) {
        throw new IllegalStateException("a benchmark run ended " + result.getStatus() + ": " + result.getErrors());
      }
      return nanos;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a benchmark run through the client failed: " + e, e);
    }
  }

  private static long viaGateway(HttpClient http, HttpRequest post) throws InterruptedException {
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - started;
      if (response.statusCode() != 200 || !response.body().contains("\"status\":\"COMPLETED\"")) {
        throw new IllegalStateException("a benchmark run through the gateway answered " + response.statusCode()
            + ": " + Texts.shortenMessage(response.body()));
      }
      return nanos;
    } catch (IOException e) {
      throw new IllegalStateException("a benchmark run through the gateway failed: " + e, e);
    }
  }

  /** Nearest-rank percentile, in milliseconds. */
  static double percentile(long[] nanos, int percent) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
  }
}
