package io.constellation.submitter.gateway;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ApiKeysTest {
  private final ApiKeys keys = new ApiKeys(List.of("first-key-0123456789", "second-key-0123456789"));

  @Test
  void check_anyConfiguredKey_passes_schemeInAnyCase() {
    assertThatCode(() -> keys.check("Bearer first-key-0123456789")).doesNotThrowAnyException();
    assertThatCode(() -> keys.check("bearer   second-key-0123456789 ")).doesNotThrowAnyException();
    assertThatCode(() -> keys.check("BEARER first-key-0123456789")).doesNotThrowAnyException();
  }

  @Test
  void check_missingOrNotBearer_isUnauthorized() {
    for (String header : new String[] {null, "", "  ", "Bearer", "Bearer ", "Basic Zmlyc3Q6a2V5",
        "first-key-0123456789"}) {
      assertThatThrownBy(() -> keys.check(header)).isInstanceOfSatisfying(UnableToServeException.class,
          e -> org.assertj.core.api.Assertions.assertThat(e.error()).isEqualTo(ApiError.UNAUTHORIZED));
    }
  }

  @Test
  void check_wrongKey_isForbidden() {
    for (String key : new String[] {"first-key-012345678", "first-key-0123456789x", "FIRST-KEY-0123456789", "x"}) {
      assertThatThrownBy(() -> keys.check("Bearer " + key)).isInstanceOfSatisfying(UnableToServeException.class,
          e -> org.assertj.core.api.Assertions.assertThat(e.error()).isEqualTo(ApiError.FORBIDDEN));
    }
  }

  @Test
  void check_noKeysConfigured_letsEverythingThrough() {
    assertThatCode(() -> new ApiKeys(List.of()).check(null)).doesNotThrowAnyException();
  }
}
