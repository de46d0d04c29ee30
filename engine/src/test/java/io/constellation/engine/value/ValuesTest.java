package io.constellation.engine.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.engine.types.Type;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ValuesTest {

  @Test
  void equal_numbersStringsListsOptionals() {
    assertThat(Values.equal(1L, 1.0, Type.FLOAT)).isTrue();
    assertThat(Values.equal(-0.0, 0.0, Type.FLOAT)).isTrue();
    assertThat(Values.equal("a", "A", Type.STRING)).isFalse();
    assertThat(Values.equal(List.of(1L, 2L), List.of(1L, 2L), Type.list(Type.INT))).isTrue();
    assertThat(Values.equal(List.of(1L), List.of(1L, 2L), Type.list(Type.INT))).isFalse();
    assertThat(Values.equal(Optional.empty(), Optional.of(1L), Type.optional(Type.INT))).isFalse();
    assertThat(Values.equal(Optional.of(1L), Optional.of(1.0), Type.optional(Type.FLOAT))).isTrue();
  }

  @Test
  void equal_recordsCompareOnlyComparisonTypeFields() {
    Type narrow = Type.record(Map.of("a", Type.INT));
    Type wide = Type.record(Map.of("a", Type.INT, "b", Type.INT));
    assertThat(Values.comparisonType(wide, narrow)).isEqualTo(narrow);
    assertThat(Values.equal(Map.of("a", 1L, "b", 2L), Map.of("a", 1L), narrow)).isTrue();
    assertThat(Values.equal(Map.of("a", 1L, "b", 2L), Map.of("a", 1L, "b", 3L), wide)).isFalse();
    Type union = Type.union(Type.INT, Type.STRING);
    assertThat(Values.equal("1", 1L, union)).isFalse();
    assertThat(Values.equal(Map.of("k", 1L), Map.of("k", 1L), Type.map(Type.STRING, Type.INT))).isTrue();
  }

  @Test
  void compare_codePointsAndMixedNumbers() {
    assertThat(Values.compare("\uFF5E", "\uD83D\uDE00")).isNegative();
    assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive(); // UTF-16 order differs
    assertThat(Values.compare(2L, 1.5)).isPositive();
  }

  @Test
  void render_interpolationForms() {
    assertThat(Values.render(12.0)).isEqualTo("12.0");
    assertThat(Values.render(1.0E-4)).isEqualTo("1.0E-4");
    assertThat(Values.render(Optional.empty())).isEmpty();
    assertThat(Values.render(List.of("a", Optional.of(1L)))).isEqualTo("[a, 1]");
    assertThat(Values.render(Map.of("b", List.of(), "a", Map.of("z", "q")))).isEqualTo("{a: {z: q}, b: []}");
  }

  @Test
  void zero_values() {
    Type record = Type.record(Map.of("s", Type.STRING, "l", Type.list(Type.INT), "o", Type.optional(Type.INT)));
    assertThat(Values.zero(record)).isEqualTo(Map.of("s", "", "l", List.of(), "o", Optional.empty()));
    assertThat(Values.zero(Type.union(Type.STRING, Type.INT))).isEqualTo(0L);
    assertThat(Values.zero(Type.FLOAT)).isEqualTo(0.0);
    assertThat(Values.zero(Type.NOTHING)).isNull();
    assertThat(Values.zero(Type.map(Type.STRING, Type.INT))).isEqualTo(Map.of());
  }

  @Test
  void conforms_andTags() {
    assertThat(Values.conforms(1L, Type.FLOAT)).isFalse();
    assertThat(Values.conforms(Map.of("a", 1L, "b", "x"), Type.record(Map.of("a", Type.INT)))).isTrue();
    assertThat(Values.conforms(List.of(), Type.NOTHING)).isFalse();
    Type wide = Type.record(Map.of("a", Type.INT, "b", Type.STRING));
    Type narrow = Type.record(Map.of("a", Type.INT));
    assertThat(Values.tag(Map.of("a", 1L, "b", "x"), (Type.UnionType) Type.union(narrow, wide))).isEqualTo(wide);
  }

  @Test
  void fromHost_convertsBoxedKinds_rejectsUnknown() {
    assertThat(Values.fromHost(List.of(1, (short) 2, BigInteger.TEN), Type.list(Type.INT)))
        .isEqualTo(List.of(1L, 2L, 10L));
    assertThat(Values.fromHost(1.5f, Type.FLOAT)).isEqualTo(1.5);
    assertThat(Values.fromHost(new String[] {"a"}, Type.list(Type.STRING))).isEqualTo(List.of("a"));
    assertThatThrownBy(() -> Values.fromHost(new Object(), Type.STRING))
        .isInstanceOf(ValueConversionException.class).hasMessage("Cannot convert java.lang.Object to String");
    assertThatThrownBy(() -> Values.fromHost(Double.NaN, Type.FLOAT)).hasMessage("Cannot convert NaN to Float");
  }
}
