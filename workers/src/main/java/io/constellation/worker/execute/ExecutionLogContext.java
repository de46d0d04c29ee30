package io.constellation.worker.execute;

import io.constellation.schemas.avro.ExecutionRequest;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts an execution's identity into the SLF4J MDC of the thread running it, so every line logged meanwhile names
 * it (with {@code CONSTELLATION_LOG_FORMAT=json} these become fields a log shipper can index):
 * {@value #EXECUTION_ID}, {@value #NODE_ID} and, when the submitter named it, {@value #PIPELINE}.
 *
 * <pre>{@code
 * try (ExecutionLogContext ignored = ExecutionLogContext.enter(nodeId, request)) { ... }
 * }</pre>
 *
 * <p>Closing restores what the thread had under these keys before (other keys are left alone), so nested or reused
 * threads never keep a stale execution id.
 * Blocking module calls run on threads of their own that start with it ({@link ModuleCallExecutor}).
 */
public final class ExecutionLogContext implements AutoCloseable {
  public static final String EXECUTION_ID = "executionId";
  public static final String NODE_ID = "nodeId";
  public static final String PIPELINE = "pipeline";

  private static final String[] KEYS = {EXECUTION_ID, NODE_ID, PIPELINE};

  /** What the thread had under {@link #KEYS} before; restoring only these is cheaper than copying the whole MDC. */
  private final String[] previous;

  private ExecutionLogContext(String[] previous) {
    this.previous = previous;
  }

  /** Enters the context of {@code request} run by {@code nodeId}. */
  public static ExecutionLogContext enter(String nodeId, ExecutionRequest request) {
    String[] previous = new String[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) previous[i] = MDC.get(KEYS[i]);
    ExecutionLogContext context = new ExecutionLogContext(previous);
    MDC.put(EXECUTION_ID, request.getExecutionId());
    MDC.put(NODE_ID, nodeId);
    Map<String, String> metadata = request.getMetadata();
    String pipeline = metadata == null ? null : metadata.get(PIPELINE);
    if (pipeline != null) {
      MDC.put(PIPELINE, pipeline);
    } else {
      MDC.remove(PIPELINE);
    }
    return context;
  }

  @Override
  public void close() {
    for (int i = 0; i < KEYS.length; i++) {
      if (previous[i] == null) {
        MDC.remove(KEYS[i]);
      } else {
        MDC.put(KEYS[i], previous[i]);
      }
    }
  }
}
