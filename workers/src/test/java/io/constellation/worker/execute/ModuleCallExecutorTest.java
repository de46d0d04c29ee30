package io.constellation.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Blocking module calls start with the log context of the execution that made them, and are stopped on close. */
class ModuleCallExecutorTest {
  private final ModuleCallExecutor calls = new ModuleCallExecutor("test-call-");

  @AfterEach
  void close() {
    calls.close();
    MDC.clear();
  }

  @Test
  void aCallStartsWithTheContextItWasHandedOverWithAndNothingElse() throws Exception {
    MDC.put("executionId", "e-1");
    CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
    calls.execute(() -> seen.complete(MDC.getCopyOfContextMap()));
    MDC.put("executionId", "e-2"); // later changes on the caller do not reach the call
    assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(Map.entry("executionId", "e-1"));

    MDC.clear();
    CompletableFuture<Map<String, String>> empty = new CompletableFuture<>();
    calls.execute(() -> empty.complete(MDC.getCopyOfContextMap()));
    assertThat(empty.get(10, TimeUnit.SECONDS)).isNullOrEmpty();
  }

  @Test
  void aBlockingModuleOfAnExecutionLogsUnderItsExecutionId() {
    AtomicReference<String> loggedAs = new AtomicReference<>();
    AtomicReference<String> thread = new AtomicReference<>();
    ModuleRegistry modules = ModuleRegistry.builder().addStandard()
        .add(Module.builder("Spy").param("text", Type.STRING).returns(Type.STRING).implementation(args -> {
          loggedAs.set(MDC.get(ExecutionLogContext.EXECUTION_ID));
          thread.set(Thread.currentThread().getName());
          return args.get("text");
        }).build())
        .build();
    ExecutionRequest request = ExecutionRequest.newBuilder().setExecutionId("e-42")
        .setSource("in text: String\nx = Spy(text)\nout x").setInputs("{\"text\":\"hi\"}").build();
    ExecutionResult result;
    try (PipelineRuntime runtime = PipelineRuntime.builder(modules).executor(calls).build();
         ExecutionLogContext ignored = ExecutionLogContext.enter("node-1", request)) {
      result = RequestExecutor.nodeLocal(Compiler.create(modules), runtime, new ResultFactory("node-1"),
          InstantSource.system()).execute(request, null);
    }
    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(thread.get()).startsWith("test-call-");
    assertThat(loggedAs.get()).isEqualTo("e-42");
  }

  @Test
  void closeInterruptsCallsStillRunning() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    calls.execute(() -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
        interrupted.complete(false);
      } catch (InterruptedException e) {
        interrupted.complete(true);
      }
    });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    calls.close();
    assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
  }
}
