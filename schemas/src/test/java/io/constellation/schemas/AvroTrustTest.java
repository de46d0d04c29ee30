package io.constellation.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

final class AvroTrustTest {
  @Test
  void install_trustsGeneratedClassesOnly_andBuildersWithDefaultListsWork() {
    AvroTrust.install();
    AvroTrust.install();

    assertThat(ClassSecurityValidator.getGlobal().isTrusted(DeadLetter.class)).isTrue();
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(AvroTrustTest.class)).isFalse();
    ExecutionResult result = ExecutionResult.newBuilder().setExecutionId("e").setStatus(ExecutionStatus.COMPLETED).build();
    assertThat(result.getErrors()).isEmpty();
    assertThat(result.getTrace()).isEmpty();
  }
}
