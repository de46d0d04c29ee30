package io.constellation.worker.resilience;

import io.constellation.engine.spi.CircuitBreakerRegistry;
import io.constellation.testkit.TestInfrastructure;
import io.constellation.worker.state.RedisState;
import java.time.InstantSource;
import java.util.Locale;
import java.util.UUID;

/**
 * Micro-benchmark (not a test) of the per-call breaker decision: {@link DistributedCircuitBreakers} deciding
 * from its mirror (closed and open circuits) against the engine's local breakers. Run from the workers module:
 * {@code java -cp <test classpath> io.constellation.worker.resilience.CircuitDecisionBenchmark}.
 */
public final class CircuitDecisionBenchmark {
  private static final int CALLS = 20_000_000;
  private static final int ROUNDS = 5;

  private CircuitDecisionBenchmark() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : TestInfrastructure.redis().url();
    try (RedisState redis = RedisState.connect(url, InstantSource.system());
        DistributedCircuitBreakers breakers = DistributedCircuitBreakers.create(redis, InstantSource.system())) {
      String closed = "Bench-closed-" + UUID.randomUUID();
      String open = "Bench-open-" + UUID.randomUUID();
      for (int i = 0; i < 5; i++) {
        breakers.onFailure(open);
      }
      while (breakers.tryAcquirePermission(open)) {
        Thread.onSpinWait(); // until the open message reached the mirror
      }
      CircuitBreakerRegistry local = CircuitBreakerRegistry.local();
      for (int round = 1; round <= ROUNDS; round++) {
        report(round, "distributed, closed", measure(breakers, closed));
        report(round, "distributed, open", measure(breakers, open));
        report(round, "local (engine), closed", measure(local, closed));
      }
    }
    System.exit(0); // the testkit's embedded Redis stops in its shutdown hook
  }

  private static double measure(CircuitBreakerRegistry registry, String module) {
    int permitted = 0;
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      permitted += registry.tryAcquirePermission(module) ? 1 : 0;
    }
    long elapsed = System.nanoTime() - start;
    if (permitted == -1) {
      System.out.println(); // keeps the loop's result alive
    }
    return (double) elapsed / CALLS;
  }

  private static void report(int round, String what, double nanosPerCall) {
    System.out.println(String.format(Locale.ROOT, "round %d  %-24s %8.1f ns/op", round, what, nanosPerCall));
  }
}
