package io.constellation.engine.runtime;

import static io.constellation.engine.runtime.TestDag.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.dag.Node;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class FailureTest {
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger interrupted = new AtomicInteger();
  private final ModuleRegistry modules = ModuleRegistry.builder().addStandard()
      .add(Module.builder("Slow").param("text", Type.STRING).returns(Type.STRING).implementation(args -> {
        slowStarted.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          interrupted.incrementAndGet();
          throw e;
        }
        return "slow";
      }).build())
      .add(Module.builder("FailAfterSlowStarts").param("text", Type.STRING).returns(Type.STRING)
          .implementation(args -> {
            slowStarted.await();
            throw new IllegalArgumentException("sibling failed");
          }).build())
      .build();
  private final PipelineRuntime runtime = PipelineRuntime.builder(modules).build();

  @AfterEach
  void close() {
    release.countDown();
    runtime.close();
  }

  @Test
  void siblingFailure_settlesConsumerWhileSlowModuleStillRuns() throws Exception {
    TestDag dag = new TestDag();
    Node slow = dag.let("slow", TestDag.call("Slow", Type.STRING, CallOptions.NONE, null, lit("a")));
    Node failing = dag.let("bad", TestDag.call("FailAfterSlowStarts", Type.STRING, CallOptions.NONE, null, lit("b")));
    Node both = dag.let("both", TestDag.stdlib("stdlib.string", "concat", Type.STRING, slow, failing));
    ExecutionResult result = runtime.executeAsync(dag.out("both", both).build(), Map.of(), ExecutionOptions.none())
        .get(30, TimeUnit.SECONDS);
    assertThat(release.getCount()).isEqualTo(1); // the slow module was never released
    assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.node()).isEqualTo("bad");
      assertThat(e.message()).isEqualTo("Module 'FailAfterSlowStarts' execution failed: sibling failed");
    });
  }

  @Test
  void otherOutputs_stillReturnedWhenOneFails() {
    TestDag dag = new TestDag();
    Node bad = dag.let("bad", new Node.Arith("/", lit(1L), lit(0L), Type.INT));
    Node good = dag.let("good", TestDag.stdlib("stdlib.math", "add", Type.INT, lit(1L), lit(2L)));
    Node dependent = dag.let("dep", new Node.Arith("+", bad, lit(1L), Type.INT));
    ExecutionResult result = runtime.execute(dag.out("bad", bad).out("dep", dependent).out("good", good).build(),
        Map.of());
    assertThat(result.outputs()).containsOnlyKeys("good");
    assertThat(result.errors()).singleElement().extracting(ExecutionError::node).isEqualTo("bad");
  }

  @Test
  void deadline_failsUnsettledNodesWithExecutionTimeout() {
    TestDag dag = new TestDag();
    Node slow = dag.let("slow", TestDag.call("Slow", Type.STRING, CallOptions.NONE, null, lit("a")));
    Node upper = dag.let("up", TestDag.call("Uppercase", "Uppercase", Type.STRING, slow));
    Node quick = dag.let("quick", lit("q"));
    ExecutionResult result = runtime.execute(dag.out("up", upper).out("quick", quick).build(), Map.of(),
        ExecutionOptions.withDeadline(Duration.ofMillis(100)));
    assertThat(result.outputs()).containsOnlyKeys("quick");
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("EXECUTION_TIMEOUT");
      assertThat(e.message()).isEqualTo("Execution timed out after 100ms");
      assertThat(e.node()).isEqualTo("slow");
    });
  }

  @Test
  void deadline_async_alsoExpires() throws Exception {
    TestDag dag = new TestDag();
    Node slow = dag.let("slow", TestDag.call("Slow", Type.STRING, CallOptions.NONE, null, lit("a")));
    ExecutionResult result = runtime.executeAsync(dag.out("slow", slow).build(), Map.of(),
        ExecutionOptions.withDeadline(Duration.ofMillis(50))).get(30, TimeUnit.SECONDS);
    assertThat(result.errors()).singleElement().extracting(ExecutionError::code).isEqualTo("EXECUTION_TIMEOUT");
  }

  @Test
  void closedRuntime_rejectsExecutions() {
    runtime.close();
    runtime.close();
    TestDag dag = new TestDag();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.execute(dag.out("x", lit(1L)).build(), Map.of()))
        .isInstanceOf(IllegalStateException.class);
  }
}
