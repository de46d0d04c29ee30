package io.constellation.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SafeTextTest {

  @Test
  void clean_safeText_returnsTheSameInstance() {
    String text = "caf\u00e9 \uD83D\uDE00 'quoted' \t\n";
    assertThat(SafeText.clean(text)).isSameAs(text);
    assertThat(SafeText.clean(null)).isNull();
  }

  @Test
  void clean_nulAndUnpairedSurrogates_replaced() {
    assertThat(SafeText.clean("a\0b")).isEqualTo("a\uFFFDb");
    assertThat(SafeText.clean("x\uD800")).isEqualTo("x\uFFFD");
    assertThat(SafeText.clean("\uDC00x")).isEqualTo("\uFFFDx");
    assertThat(SafeText.clean("\uD800\uD83D\uDE00\uDC00")).isEqualTo("\uFFFD\uD83D\uDE00\uFFFD");
  }

  @Test
  void cleanAndCut_neverSplitsASurrogatePair() {
    assertThat(SafeText.cleanAndCut("ab\uD83D\uDE00", 3)).isEqualTo("ab");
    assertThat(SafeText.cleanAndCut("ab\uD83D\uDE00", 4)).isEqualTo("ab\uD83D\uDE00");
    assertThat(SafeText.cleanAndCut("abcdef", 3)).isEqualTo("abc");
  }
}
