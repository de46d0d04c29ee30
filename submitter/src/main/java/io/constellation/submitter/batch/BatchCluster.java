package io.constellation.submitter.batch;

import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.submitter.ConstellationClient;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What a batch needs from the cluster; {@link ConstellationClient} in production, a fake in tests. */
interface BatchCluster {
  CompletableFuture<ExecutionResult> submit(ExecutionRequest request);

  /** Results already published since {@code since} whose execution id passes {@code executionIds}. */
  long scanResults(Predicate<String> executionIds, Instant since, Consumer<ExecutionResult> found);

  static BatchCluster of(ConstellationClient client) {
    return new BatchCluster() {
      @Override
      public CompletableFuture<ExecutionResult> submit(ExecutionRequest request) {
        return client.submit(request);
      }

      @Override
      public long scanResults(Predicate<String> executionIds, Instant since, Consumer<ExecutionResult> found) {
        return client.scanResults(executionIds, since, found);
      }
    };
  }
}
