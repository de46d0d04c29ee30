package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class HistorySettingsTest {

  @Test
  void fromEnv_urlOnly_defaultsUserPasswordAndPool() {
    HistorySettings settings = HistorySettings.fromEnv(Map.of("POSTGRES_URL", " jdbc:postgresql://db:5432/history "));

    assertThat(settings).isEqualTo(new HistorySettings("jdbc:postgresql://db:5432/history", "postgres", "", 4));
  }

  @Test
  void fromEnv_everyVariable_used() {
    HistorySettings settings = HistorySettings.fromEnv(Map.of("POSTGRES_URL", "jdbc:postgresql://db/h",
        "POSTGRES_USER", "constellation", "POSTGRES_PASSWORD", " s3cret ", "POSTGRES_POOL_SIZE", "12"));

    assertThat(settings).isEqualTo(new HistorySettings("jdbc:postgresql://db/h", "constellation", " s3cret ", 12));
  }

  @Test
  void fromEnv_missingUrl_namesTheVariableAndAnExample() {
    assertThatThrownBy(() -> HistorySettings.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("POSTGRES_URL is required: the execution history's PostgreSQL, like"
            + " jdbc:postgresql://localhost:5432/postgres");
  }

  @Test
  void fromEnv_badUrl_namesTheVariableAndRedactsThePassword() {
    assertThatThrownBy(() -> HistorySettings.fromEnv(Map.of("POSTGRES_URL", "postgres://db/h?password=hunter2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("POSTGRES_URL must look like jdbc:postgresql://host:port/database, was"
            + " 'postgres://db/h?password=***'");
  }

  @Test
  void fromEnv_badPoolSize_namesTheVariable() {
    assertThatThrownBy(() -> HistorySettings.fromEnv(Map.of("POSTGRES_URL", "jdbc:postgresql://db/h",
        "POSTGRES_POOL_SIZE", "0"))).hasMessage("POSTGRES_POOL_SIZE must be between 1 and 100, was 0");
    assertThatThrownBy(() -> HistorySettings.fromEnv(Map.of("POSTGRES_URL", "jdbc:postgresql://db/h",
        "POSTGRES_POOL_SIZE", "many"))).hasMessage("POSTGRES_POOL_SIZE must be a whole number, was 'many'");
  }

  @Test
  void toString_neverShowsThePassword() {
    HistorySettings settings = new HistorySettings("jdbc:postgresql://db/h?user=u&password=inurl", "u", "secret", 2);

    assertThat(settings.toString()).doesNotContain("secret").doesNotContain("inurl")
        .isEqualTo("HistorySettings[jdbc:postgresql://db/h?user=u&password=***, user u, maxPoolSize 2]");
  }
}
