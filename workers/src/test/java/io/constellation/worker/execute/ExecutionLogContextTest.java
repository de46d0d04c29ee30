package io.constellation.worker.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.avro.ExecutionRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

final class ExecutionLogContextTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  private static ExecutionRequest request(String id, Map<String, String> metadata) {
    return ExecutionRequest.newBuilder().setExecutionId(id).setSource("in x: Int\nout x").setInputs("{}")
        .setMetadata(metadata).build();
  }

  @Test
  void enter_putsExecutionNodeAndPipeline_closeRestoresThePreviousContext() {
    MDC.put("requestId", "r-9");
    try (ExecutionLogContext ignored = ExecutionLogContext.enter("node-a", request("e-1", Map.of("pipeline", "p")))) {
      assertThat(MDC.get("executionId")).isEqualTo("e-1");
      assertThat(MDC.get("nodeId")).isEqualTo("node-a");
      assertThat(MDC.get("pipeline")).isEqualTo("p");
      assertThat(MDC.get("requestId")).isEqualTo("r-9");
    }
    assertThat(MDC.get("executionId")).isNull();
    assertThat(MDC.get("requestId")).isEqualTo("r-9");
  }

  @Test
  void enter_unnamedPipeline_leavesNoStalePipelineFromAnEarlierExecution() {
    try (ExecutionLogContext outer = ExecutionLogContext.enter("n", request("e-1", Map.of("pipeline", "p")))) {
      try (ExecutionLogContext inner = ExecutionLogContext.enter("n", request("e-2", Map.of()))) {
        assertThat(MDC.get("executionId")).isEqualTo("e-2");
        assertThat(MDC.get("pipeline")).isNull();
      }
      assertThat(MDC.get("pipeline")).isEqualTo("p");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
