package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of query values: each bad value is an IllegalArgumentException naming the field. */
final class ExecutionQueryTest {

  @Test
  void builder_defaults_matchEverythingFirstHundred() {
    ExecutionQuery query = ExecutionQuery.all();

    assertThat(query.statuses()).isEmpty();
    assertThat(query.pipeline()).isEmpty();
    assertThat(query.node()).isEmpty();
    assertThat(query.since()).isEmpty();
    assertThat(query.until()).isEmpty();
    assertThat(query.ids()).isEmpty();
    assertThat(query.limit()).isEqualTo(100);
    assertThat(query.offset()).isZero();
  }

  @Test
  void builder_statuses_caseInsensitiveUpperCasedAndDeduplicated() {
    ExecutionQuery query = ExecutionQuery.builder().status("failed").status(" Expired ").status("FAILED").build();
    assertThat(query.statuses()).containsExactly("FAILED", "EXPIRED");

    ExecutionQuery replaced = query.toBuilder().statuses(List.of("completed")).build();
    assertThat(replaced.statuses()).containsExactly("COMPLETED");
  }

  @Test
  void builder_nullOrBlankValues_meanNoFilter() {
    ExecutionQuery query = ExecutionQuery.builder().status(null).status("").pipeline("  ").node(null).since(null)
        .until(null).build();

    assertThat(query).isEqualTo(ExecutionQuery.all());
  }

  @Test
  void builder_values_strippedAndKept() {
    Instant since = Instant.parse("2025-01-01T00:00:00Z");
    ExecutionQuery query = ExecutionQuery.builder().pipeline(" checkout ").node("node-1").since(since)
        .until(since.plusSeconds(1)).ids(List.of("a", "b", "a")).limit(10_000).offset(10_000_000).build();

    assertThat(query.pipeline()).isEqualTo(Optional.of("checkout"));
    assertThat(query.node()).contains("node-1");
    assertThat(query.since()).contains(since);
    assertThat(query.until()).contains(since.plusSeconds(1));
    assertThat(query.ids()).containsExactly("a", "b");
    assertThat(query.toBuilder().build()).isEqualTo(query);
  }

  @ParameterizedTest
  @ValueSource(strings = {"done", "'; drop table executions; --", "COMPLETED,FAILED", "fäiled"})
  void status_unknown_rejectedNamingTheChoices(String status) {
    assertThatThrownBy(() -> ExecutionQuery.builder().status(status))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("status must be one of COMPLETED, FAILED, REJECTED, EXPIRED (any case), was '");
  }

  @Test
  void strings_tooLongOrWithControlCharacters_rejected() {
    String huge = "x".repeat(10_000);
    assertRejected(b -> b.pipeline(huge), "pipeline must be at most 256 characters, was 10000");
    assertRejected(b -> b.node(huge), "node must be at most 256 characters, was 10000");
    assertRejected(b -> b.ids(List.of(huge)), "id must be at most 256 characters, was 10000");
    assertRejected(b -> b.status(huge), "status must be at most 256 characters, was 10000");
    assertRejected(b -> b.pipeline("a\0b"), "pipeline must not contain control characters, found U+0000 at index 1");
    assertRejected(b -> b.node("a\nb"), "node must not contain control characters, found U+000A at index 1");
    assertThat(ExecutionQuery.builder().pipeline("x".repeat(256)).build().pipeline()).isPresent();
  }

  @Test
  void numbers_outOfRange_rejected() {
    assertRejected(b -> b.limit(0), "limit must be between 1 and 10000, was 0");
    assertRejected(b -> b.limit(10_001), "limit must be between 1 and 10000, was 10001");
    assertRejected(b -> b.limit(Integer.MAX_VALUE), "limit must be between 1 and 10000, was 2147483647");
    assertRejected(b -> b.offset(-1), "offset must be between 0 and 10000000, was -1");
    assertRejected(b -> b.offset(Integer.MAX_VALUE), "offset must be between 0 and 10000000, was 2147483647");
    assertRejected(b -> b.offset(Integer.MIN_VALUE), "offset must be between 0 and 10000000, was -2147483648");
  }

  @Test
  void instants_outOfRangeOrReversed_rejected() {
    assertRejected(b -> b.since(Instant.MAX), "since must be between 0001-01-01T00:00:00Z and");
    assertRejected(b -> b.until(Instant.MIN), "until must be between");
    assertRejected(b -> b.since(Instant.ofEpochSecond(10)).until(Instant.ofEpochSecond(5)),
        "since must not be after until");
    assertThat(ExecutionQuery.builder().since(Instant.EPOCH).until(Instant.EPOCH).build().since()).isPresent();
  }

  @Test
  void ids_tooManyOrBlank_rejected() {
    assertRejected(b -> b.ids(Collections.nCopies(10_001, "a")), "ids must name at most 10000 executions, was 10001");
    assertRejected(b -> b.ids(List.of("a", " ")), "id must not be blank");
  }

  private static void assertRejected(UnaryOperator<ExecutionQuery.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(ExecutionQuery.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
