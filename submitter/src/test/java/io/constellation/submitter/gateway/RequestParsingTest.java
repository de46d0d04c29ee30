package io.constellation.submitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.history.ExecutionQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query strings, filters, durations and bodies read at the edge of the gateway. */
final class RequestParsingTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static ApiError errorOf(Runnable call) {
    try {
      call.run();
    } catch (UnableToServeException e) {
      return e.error();
    }
    throw new AssertionError("no error");
  }

  @Test
  void filters_fromQuery_readTheCliForms() {
    ExecutionQuery query = ExecutionFilters.fromQuery(QueryParams.parse(
        "status=failed,EXPIRED&status=rejected&pipeline=checkout&node=n-1&since=2h&until=2026-11-30&limit=5&offset=10"),
        NOW);

    assertThat(query.statuses()).containsExactly("FAILED", "EXPIRED", "REJECTED");
    assertThat(query.pipeline()).contains("checkout");
    assertThat(query.node()).contains("n-1");
    assertThat(query.since()).contains(NOW.minus(Duration.ofHours(2)));
    assertThat(query.until()).contains(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(query.limit()).isEqualTo(5);
    assertThat(query.offset()).isEqualTo(10);
  }

  @Test
  void filters_badValues_areBadRequests() {
    for (String raw : List.of("limit=0", "limit=99999999999999999999", "offset=-1", "status=bogus",
        "since=yesterday", "since=9999999999999d", "pipeline=" + "p".repeat(300), "node=a%00b", "limit=1&limit=2",
        "unknown=1", "pipeline=%E0%A4%A", "since=2026-11-30&until=2026-11-29")) {
      assertThat(errorOf(() -> ExecutionFilters.fromQuery(QueryParams.parse(raw)
          .allowOnly(ExecutionFilters.QUERY_PARAMETERS), NOW))).as(raw).isEqualTo(ApiError.BAD_REQUEST);
    }
  }

  @Test
  void id_thatNoExecutionCanHave_isEmpty() {
    assertThat(ExecutionFilters.id("abc")).contains("abc");
    assertThat(ExecutionFilters.id("x".repeat(257))).isEmpty();
    assertThat(ExecutionFilters.id("a\nb")).isEmpty();
  }

  @Test
  void durations_readTheCliUnits_andRefuseTheRest() {
    assertThat(DurationText.parse("t", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationText.parse("t", "5min")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationText.parse("t", "7d")).isEqualTo(Duration.ofDays(7));
    for (String bad : List.of("", "0s", "5", "-1s", "1y", "PT5S", "1234567890123s")) {
      assertThatThrownBy(() -> DurationText.parse("t", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("t ");
    }
    assertThatThrownBy(() -> DurationText.parse("timeout", "11min", Duration.ofMinutes(10)))
        .hasMessageContaining("at most 10min");
  }

  @Test
  void body_overTheLimit_isRefusedWhileReading_declaredOrNot() throws IOException {
    byte[] bytes = new byte[2048];

    assertThat(BoundedBody.read(new ByteArrayInputStream(bytes), -1, 2048)).hasSize(2048);
    assertThat(errorOf(() -> read(new ByteArrayInputStream(bytes), -1, 2047))).isEqualTo(ApiError.PAYLOAD_TOO_LARGE);
    assertThat(errorOf(() -> read(new ByteArrayInputStream(bytes), 10, 1024))).isEqualTo(ApiError.PAYLOAD_TOO_LARGE);
    assertThat(errorOf(() -> read(InputStream.nullInputStream(), 1_000_000, 1024)))
        .as("a declared length over the limit is refused before reading")
        .isEqualTo(ApiError.PAYLOAD_TOO_LARGE);
  }

  @Test
  void texts_quotedBack_areShortAndSingleLine() {
    assertThat(Texts.shorten("a".repeat(10_000))).hasSize(Texts.MAX_QUOTED + 3);
    assertThat(Texts.shorten("a\nb\u0000c")).isEqualTo("a?b?c");
    assertThat(Texts.shorten("🚀".repeat(100))).startsWith("🚀").endsWith("...");
  }

  private static void read(InputStream in, long declared, int limit) {
    try {
      BoundedBody.read(in, declared, limit);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
