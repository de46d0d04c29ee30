package io.constellation.submitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class GatewaySettingsTest {
  private static final String KEY = "0123456789abcdef0123";

  @Test
  void fromEnv_keysGiven_defaultsToPort8080OnEveryInterface() {
    GatewaySettings settings = GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, " " + KEY + " ,, other-key-0123456789 "));

    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.apiKeys()).containsExactly(KEY, "other-key-0123456789");
    assertThat(settings.maxBodyBytes()).isEqualTo(10 * 1024 * 1024);
    assertThat(settings.runTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.authenticated()).isTrue();
  }

  @Test
  void fromEnv_noKeys_isRefusedNamingTheVariables() {
    assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(GatewaySettings.API_KEYS).hasMessageContaining(GatewaySettings.ALLOW_NO_AUTH);
    assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, " , ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromEnv_noKeysButAllowed_servesOpenOnLoopbackOnly() {
    GatewaySettings settings = GatewaySettings.fromEnv(Map.of(GatewaySettings.ALLOW_NO_AUTH, "true",
        GatewaySettings.PORT, "0"));

    assertThat(settings.authenticated()).isFalse();
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isZero();
  }

  @Test
  void fromEnv_badValues_areRefusedNamingTheVariable() {
    assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, KEY, GatewaySettings.PORT, "70000")))
        .hasMessageContaining(GatewaySettings.PORT).hasMessageContaining("70000");
    assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, KEY,
        GatewaySettings.ALLOW_NO_AUTH, "maybe"))).hasMessageContaining(GatewaySettings.ALLOW_NO_AUTH);
    assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, KEY,
        GatewaySettings.RUN_TIMEOUT, "1y"))).hasMessageContaining(GatewaySettings.RUN_TIMEOUT);
  }

  @Test
  void weakKey_isRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, KEY + ",secret")))
        .hasMessageContaining("key #2").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, "has space in it 0123456789")))
        .hasMessageContaining("key #1");
  }

  @Test
  void toString_neverShowsTheKeys() {
    assertThat(GatewaySettings.fromEnv(Map.of(GatewaySettings.API_KEYS, KEY)).toString())
        .doesNotContain(KEY).contains("1 key(s)");
  }
}
