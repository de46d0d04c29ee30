package io.constellation.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

final class DoneOffsetsTest {

  @Test
  void encodeThenDecode_roundTrips() {
    TreeSet<Long> done = new TreeSet<>(java.util.List.of(101L, 102L, 103L, 107L, 110L, 111L));
    DoneOffsets.Encoded encoded = DoneOffsets.NONE.encodeAbove(100, done, 3_000);
    assertThat(encoded.text()).isEqualTo("d1:1-3,7,10-11");

    DoneOffsets decoded = DoneOffsets.decode(encoded.text(), 100);
    for (long offset = 95; offset < 115; offset++) {
      assertThat(decoded.contains(offset)).as("offset %d", offset).isEqualTo(done.contains(offset));
    }
  }

  @Test
  void encodeAbove_mergesInheritedRangesWithNewOffsets_andDropsThoseBelowThePosition() {
    DoneOffsets inherited = DoneOffsets.decode("d1:2-4,9", 100); // 102..104, 109
    TreeSet<Long> done = new TreeSet<>(java.util.List.of(105L, 106L, 110L, 99L));
    assertThat(inherited.encodeAbove(103, done, 3_000).text()).isEqualTo("d1:1-3,6-7");
  }

  @Test
  void encodeAbove_nothingAbove_isEmptyText() {
    assertThat(DoneOffsets.NONE.encodeAbove(5, new TreeSet<>(), 3_000).text()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "d1:", "d1:x", "d1:0", "d1:-3", "d1:5,3", "d1:3-1", "d1:1,,2",
      "d1:9223372036854775807", "d1:1-9223372036854775807", "d2:1-3", "{\"json\":true}"})
  void decode_foreignOrMalformedMetadata_readsAsNothingDone(String text) {
    DoneOffsets decoded = DoneOffsets.decode(text, 100);
    assertThat(decoded.contains(101)).isFalse();
    assertThat(decoded.contains(100 + 9223372036854775807L)).isFalse();
  }

  @Test
  void decode_hugeRange_costsNoMemory() {
    DoneOffsets decoded = DoneOffsets.decode("d1:1-1000000000000", 0);
    assertThat(decoded.contains(999_999_999_999L)).isTrue();
  }
}
