package io.constellation.submitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.schemas.avro.ExecutionRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RequestsTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00.123456Z");
  private static final InstantSource CLOCK = InstantSource.fixed(NOW);

  @Test
  void build_defaults_randomIdPriority50Attempt1SubmittedNow() {
    ExecutionRequest request = Requests.source("in x: Int\nout x").clock(CLOCK).build();

    assertThat(request.getSource()).isEqualTo("in x: Int\nout x");
    assertThat(request.getExecutionId()).hasSize(36);
    assertThat(request.getInputs()).isEqualTo("{}");
    assertThat(request.getPriority()).isEqualTo(50);
    assertThat(request.getAttempt()).isEqualTo(1);
    assertThat(request.getNode()).isNull();
    assertThat(request.getDeadline()).isNull();
    assertThat(request.getReplayOf()).isNull();
    assertThat(request.getSubmittedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00.123Z"));
    assertThat(request.getMetadata()).isEmpty();
    assertThat(request.getCacheTtlMs()).isNull();
  }

  @Test
  void cacheTtl_isCarriedInMilliseconds() {
    ExecutionRequest request = Requests.source("in x: Int\nout x").cacheTtl(Duration.ofMinutes(5)).build();
    ExecutionRequest longest = Requests.source("s").cacheTtl(Requests.MAX_CACHE_TTL).build();

    assertThat(request.getCacheTtlMs()).isEqualTo(300_000L);
    assertThat(longest.getCacheTtlMs()).isEqualTo(365L * 24 * 3600 * 1000);
  }

  @Test
  void cacheTtl_outOfRange_isRefusedNamingTheField() {
    Requests requests = Requests.source("s");

    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofNanos(999_999), Duration.ofMillis(-1),
        Duration.ofDays(366), Duration.ofSeconds(Long.MAX_VALUE)}) {
      assertThatThrownBy(() -> requests.cacheTtl(bad)).as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cacheTtl must be from 1 ms to 365 days");
    }
  }

  @Test
  void build_twice_givesDistinctRandomIds() {
    Requests builder = Requests.source("out x");
    assertThat(builder.build().getExecutionId()).isNotEqualTo(builder.build().getExecutionId());
  }

  @Test
  void inputs_areCanonicalJson_keysSortedNumbersExact() {
    ObjectNode more = new ObjectMapper().createObjectNode().put("b", true);
    ExecutionRequest request = Requests.source("s")
        .input("z", "text")
        .input("a", 12345678901234L)
        .input("m", new BigDecimal("1.5"))
        .input("n", (String) null)
        .inputs(more)
        .build();

    assertThat(request.getInputs()).isEqualTo("{\"a\":12345678901234,\"b\":true,\"m\":1.5,\"n\":null,\"z\":\"text\"}");
  }

  @Test
  void input_laterCallWithSameName_overrides() {
    assertThat(Requests.source("s").input("x", 1).input("x", "two").build().getInputs()).isEqualTo("{\"x\":\"two\"}");
  }

  @Test
  void allFields_areCarried() {
    ExecutionRequest request = Requests.source("s").clock(CLOCK)
        .executionId("exec-1")
        .node("node-a")
        .priority(90)
        .deadline(Duration.ofSeconds(30))
        .attempt(2)
        .replayOf("exec-0")
        .metadata("team", "pricing")
        .build();

    assertThat(request.getExecutionId()).isEqualTo("exec-1");
    assertThat(request.getNode()).isEqualTo("node-a");
    assertThat(request.getPriority()).isEqualTo(90);
    assertThat(request.getDeadline()).isEqualTo(Instant.parse("2026-11-29T10:00:30.123Z"));
    assertThat(request.getAttempt()).isEqualTo(2);
    assertThat(request.getReplayOf()).isEqualTo("exec-0");
    assertThat(request.getMetadata()).containsEntry("team", "pricing");
  }

  @Test
  void deadline_instant_isUsedAsIs() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    assertThat(Requests.source("s").deadline(at).build().getDeadline()).isEqualTo(at);
  }

  @Test
  void badArguments_areRefusedNamingTheField() {
    Requests builder = Requests.source("s");
    assertThatThrownBy(() -> builder.priority(101)).hasMessage("priority must be between 0 and 100, was 101");
    assertThatThrownBy(() -> builder.priority(-1)).hasMessageContaining("was -1");
    assertThatThrownBy(() -> builder.attempt(0)).hasMessage("attempt must be >= 1, was 0");
    assertThatThrownBy(() -> builder.node(" ")).hasMessageContaining("node must not be blank");
    assertThatThrownBy(() -> builder.executionId("")).hasMessageContaining("executionId must not be blank");
    assertThatThrownBy(() -> builder.deadline(Duration.ZERO)).hasMessageContaining("deadline must be a positive");
    assertThatThrownBy(() -> builder.deadline(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.input("x", Double.NaN)).hasMessageContaining("must be finite");
    assertThatThrownBy(() -> builder.input("", 1)).hasMessageContaining("name must not be empty");
    assertThatThrownBy(() -> Requests.source(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void build_numberBeyondDouble_isRefusedWithClearMessage() {
    Requests builder = Requests.source("s").input("x", new BigDecimal("1e400"));
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputs cannot be written as JSON");
  }

  @Test
  void file_readsTheSource(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.cst");
    Files.writeString(file, "in x: Int\nout x\n");
    assertThat(Requests.file(file).build().getSource()).isEqualTo("in x: Int\nout x\n");
  }

  @Test
  void file_namesThePipelineAfterTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("order-pricing.cst");
    Files.writeString(file, "in x: Int\nout x\n");
    assertThat(Requests.file(file).build().getMetadata()).containsEntry("pipeline", "order-pricing");
    assertThat(Requests.file(file).metadata("pipeline", "mine").build().getMetadata()).containsEntry("pipeline", "mine");
  }

  @Test
  void file_missing_throwsIOException(@TempDir Path dir) {
    assertThatThrownBy(() -> Requests.file(dir.resolve("nope.cst"))).isInstanceOf(IOException.class);
  }
}
