package io.constellation.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.Compiler;
import io.constellation.engine.runtime.PipelineRuntime;
import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.Type;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class RequestExecutorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = now::get;
  private final AtomicInteger calls = new AtomicInteger();
  private final ModuleRegistry modules = ModuleRegistry.builder().addStandard()
      .add(Module.builder("Counted").param("text", Type.STRING).returns(Type.STRING)
          .implementation(args -> {
            calls.incrementAndGet();
            return args.get("text");
          }).build())
      .add(Module.builder("Boom").param("text", Type.STRING).returns(Type.STRING)
          .implementation(args -> {
            throw new IllegalStateException("boom on " + args.get("text"));
          }).build())
      .build();
  private final PipelineRuntime runtime = PipelineRuntime.builder(modules).build();
  private final RequestExecutor executor =
      RequestExecutor.nodeLocal(Compiler.create(modules), runtime, new ResultFactory("node-x"), clock);

  @AfterEach
  void close() {
    runtime.close();
  }

  private static ExecutionRequest.Builder request(String source, String inputs) {
    return ExecutionRequest.newBuilder().setExecutionId("e-1").setSource(source).setInputs(inputs)
        .setAttempt(2).setReplayOf("e-0").setMetadata(Map.of("batch", "b-7"));
  }

  @Test
  void execute_validPipeline_completedWithOutputsTraceAndIdentity() {
    ExecutionResult result = executor.execute(
        request("in text: String\nshouted = Uppercase(Counted(text))\nout shouted", "{\"text\":\"hi\"}").build(),
        T0.minusSeconds(1));

    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(result.getOutputs()).isEqualTo("{\"shouted\":\"HI\"}");
    assertThat(result.getErrors()).isEmpty();
    assertThat(result.getNodeId()).isEqualTo("node-x");
    assertThat(result.getExecutionId()).isEqualTo("e-1");
    assertThat(result.getAttempt()).isEqualTo(2);
    assertThat(result.getReplayOf()).isEqualTo("e-0");
    assertThat(result.getMetadata()).containsEntry("batch", "b-7");
    assertThat(result.getQueuedAt()).isEqualTo(T0.minusSeconds(1));
    assertThat(result.getStartedAt()).isEqualTo(T0);
    assertThat(result.getCompletedAt()).isEqualTo(T0);
    assertThat(result.getSourceHash()).isNotBlank();
    assertThat(result.getStructuralHash()).isNotBlank();
    assertThat(result.getTrace()).extracting(t -> t.getName()).contains("shouted");
    assertThat(result.getSource()).isEqualTo("in text: String\nshouted = Uppercase(Counted(text))\nout shouted");
    assertThat(result.getInputs()).isEqualTo("{\"text\":\"hi\"}");
    assertThat(calls).hasValue(1);
  }

  @Test
  void execute_withInputsParsedAtDecoding_answersAsFromTheText() throws Exception {
    ExecutionRequest request = request("in text: String\nin n: Int\nshouted = Uppercase(text)\nout shouted\nout n",
        "{\"n\":7,\"text\":\"hi\"}").build();
    ObjectNode parsed = (ObjectNode) new ObjectMapper().readTree(request.getInputs());

    ExecutionResult fromText = executor.execute(request, T0);
    ExecutionResult fromTree = executor.execute(request, parsed, T0);

    assertThat(fromTree.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(fromTree.getOutputs()).isEqualTo(fromText.getOutputs()).isEqualTo("{\"n\":7,\"shouted\":\"HI\"}");
    assertThat(fromTree.getInputs()).isEqualTo(fromText.getInputs());
    assertThat(fromTree.getErrors()).isEqualTo(fromText.getErrors());
    assertThat(fromTree.getWarnings()).isEqualTo(fromText.getWarnings());
  }

  @Test
  void execute_withNullParsedInputs_parsesTheText() {
    ExecutionResult result = executor.execute(request("in n: Int\nout n", "[1]").build(), null, T0);
    assertThat(result.getErrors()).extracting(ExecutionError::getCode).containsExactly(ResultFactory.INPUT_VALIDATION);
  }

  @Test
  void execute_compileError_rejectedWithCodeLineAndColumn() {
    ExecutionResult result = executor.execute(request("in text: String\nx = Uppercas(text)\nout x", "{}").build(), T0);

    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(result.getErrors()).isNotEmpty();
    ExecutionError error = result.getErrors().get(0);
    assertThat(error.getCode()).isEqualTo("E002");
    assertThat(error.getLine()).isEqualTo(2);
    assertThat(error.getColumn()).isEqualTo(5);
    assertThat(error.getMessage()).contains("Uppercas");
    assertThat(result.getOutputs()).isEqualTo("{}");
  }

  @Test
  void execute_inputOfWrongType_rejectedWithInputValidation() {
    ExecutionResult result = executor.execute(request("in n: Int\nout n", "{\"n\":\"seven\"}").build(), T0);
    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(result.getErrors()).extracting(ExecutionError::getCode).containsExactly("INPUT_VALIDATION");
  }

  @Test
  void execute_inputsNotAnObject_rejectedNamingTheProblem() {
    for (String inputs : new String[] {"[1,2]", "{\"n\":", "42", "nul"}) {
      ExecutionResult result = executor.execute(request("in n: Int\nout n", inputs).build(), T0);
      assertThat(result.getStatus()).as(inputs).isEqualTo(ExecutionStatus.REJECTED);
      assertThat(result.getErrors()).as(inputs).extracting(ExecutionError::getCode)
          .containsExactly(ResultFactory.INPUT_VALIDATION);
      assertThat(result.getInputs()).as("unreadable inputs are not kept for replay").isNull();
      assertThat(result.getSource()).isEqualTo("in n: Int\nout n");
    }
  }

  @Test
  void execute_moduleFails_failedWithTheModuleError() {
    ExecutionResult result = executor.execute(
        request("in text: String\nx = Boom(text)\ny = Uppercase(text)\nout x\nout y", "{\"text\":\"a\"}").build(), T0);
    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(result.getOutputs()).isEqualTo("{\"y\":\"A\"}"); // outputs computed anyway
    assertThat(result.getErrors()).singleElement().satisfies(e -> {
      assertThat(e.getMessage()).contains("boom on a");
      assertThat(e.getModule()).isEqualTo("Boom");
      assertThat(e.getNode()).isEqualTo("x");
    });
  }

  @Test
  void execute_deadlinePassed_expiredWithoutRunning() {
    ExecutionResult result = executor.execute(
        request("in text: String\nx = Counted(text)\nout x", "{\"text\":\"a\"}").setDeadline(T0).build(), T0);
    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.EXPIRED);
    assertThat(result.getErrors()).extracting(ExecutionError::getCode).containsExactly("DEADLINE_EXCEEDED");
    assertThat(result.getStartedAt()).isNull();
    assertThat(calls).hasValue(0);
  }

  @Test
  void execute_deadlineInTheFuture_runs() {
    ExecutionResult result = executor.execute(request("in text: String\nx = Counted(text)\nout x",
        "{\"text\":\"a\"}").setDeadline(T0.plus(Duration.ofMinutes(1))).build(), T0);
    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(calls).hasValue(1);
  }

  @Test
  void isExpired_onlyWithADeadlineNotAfterNow() {
    assertThat(RequestExecutor.isExpired(request("s", "{}").build(), T0)).isFalse();
    assertThat(RequestExecutor.isExpired(request("s", "{}").setDeadline(T0).build(), T0)).isTrue();
    assertThat(RequestExecutor.isExpired(request("s", "{}").setDeadline(T0.plusMillis(1)).build(), T0)).isFalse();
  }

  @Test
  void internalError_failedNamingTheNodeAndException() {
    ExecutionResult result = executor.internalError(request("s", "{}").build(), T0, new IllegalStateException("bug"));
    assertThat(result.getStatus()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(result.getErrors()).singleElement().satisfies(e -> {
      assertThat(e.getCode()).isEqualTo(ResultFactory.INTERNAL_ERROR);
      assertThat(e.getMessage()).contains("node-x").contains("bug");
    });
  }
}
