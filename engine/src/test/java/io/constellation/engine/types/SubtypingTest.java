package io.constellation.engine.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SubtypingTest {
  private static final Type A_INT = Type.record(Map.of("a", Type.INT));
  private static final Type A_INT_B_STRING = Type.record(Map.of("a", Type.INT, "b", Type.STRING));

  @Test
  void nothing_isSubtypeOfEverything() {
    assertThat(Subtyping.isSubtype(Type.NOTHING, Type.STRING)).isTrue();
    assertThat(Subtyping.isSubtype(Type.list(Type.NOTHING), Type.list(A_INT))).isTrue();
    assertThat(Subtyping.isSubtype(Type.INT, Type.NOTHING)).isFalse();
  }

  @Test
  void int_isNotFloat_butIsUnderNumericSubtyping() {
    assertThat(Subtyping.isSubtype(Type.INT, Type.FLOAT)).isFalse();
    assertThat(Subtyping.isNumericSubtype(Type.INT, Type.FLOAT)).isTrue();
    assertThat(Subtyping.isNumericSubtype(Type.list(Type.INT), Type.list(Type.FLOAT))).isTrue();
    assertThat(Subtyping.compatible(Type.FLOAT, Type.INT)).isTrue();
    assertThat(Subtyping.compatible(Type.STRING, Type.INT)).isFalse();
  }

  @Test
  void records_widthAndDepth() {
    assertThat(Subtyping.isSubtype(A_INT_B_STRING, A_INT)).isTrue();
    assertThat(Subtyping.isSubtype(A_INT, A_INT_B_STRING)).isFalse();
    assertThat(Subtyping.isSubtype(Type.record(Map.of("a", Type.NOTHING)), A_INT)).isTrue();
  }

  @Test
  void maps_keysInvariant_valuesCovariant() {
    assertThat(Subtyping.isSubtype(Type.map(Type.STRING, A_INT_B_STRING), Type.map(Type.STRING, A_INT))).isTrue();
    assertThat(Subtyping.isSubtype(Type.map(A_INT_B_STRING, Type.INT), Type.map(A_INT, Type.INT))).isFalse();
  }

  @Test
  void unions_leftEveryMember_rightSomeMember() {
    Type intOrString = Type.union(Type.INT, Type.STRING);
    assertThat(Subtyping.isSubtype(Type.INT, intOrString)).isTrue();
    assertThat(Subtyping.isSubtype(intOrString, Type.INT)).isFalse();
    assertThat(Subtyping.isSubtype(intOrString, Type.union(List.of(Type.STRING, Type.BOOLEAN, Type.INT)))).isTrue();
  }

  @Test
  void functions_contravariantParameters() {
    Type takesRecord = new Type.FunctionType(List.of(A_INT), Type.BOOLEAN);
    Type takesWider = new Type.FunctionType(List.of(A_INT_B_STRING), Type.BOOLEAN);
    assertThat(Subtyping.isSubtype(takesRecord, takesWider)).isTrue();
    assertThat(Subtyping.isSubtype(takesWider, takesRecord)).isFalse();
  }

  @Test
  void lub_picksSupertype_elseNormalisedUnion() {
    assertThat(Subtyping.lub(Type.INT, Type.FLOAT).render()).isEqualTo("Float | Int");
    assertThat(Subtyping.lub(A_INT_B_STRING, A_INT)).isEqualTo(A_INT);
    assertThat(Subtyping.lub(Type.NOTHING, Type.STRING)).isEqualTo(Type.STRING);
    assertThat(Subtyping.lub(List.of(Type.STRING, Type.INT, Type.STRING)).render()).isEqualTo("Int | String");
  }

  @Test
  void union_isNormalised() {
    assertThat(Type.union(Type.STRING, Type.INT)).isEqualTo(Type.union(Type.INT, Type.STRING));
    assertThat(Type.union(List.of(Type.INT, Type.union(Type.STRING, Type.INT)))).isEqualTo(
        Type.union(Type.INT, Type.STRING));
    assertThat(Type.union(Type.INT, Type.INT)).isEqualTo(Type.INT);
  }

  @Test
  void merge_recordsRightWins_listsElementWise() {
    Type left = Type.record(Map.of("a", Type.INT, "b", Type.INT));
    Type right = Type.record(Map.of("b", Type.STRING));
    assertThat(Subtyping.merge(left, right).render()).isEqualTo("{ a: Int, b: String }");
    assertThat(Subtyping.merge(Type.list(left), right).render()).isEqualTo("List<{ a: Int, b: String }>");
    assertThat(Subtyping.merge(left, Type.list(right))).isEqualTo(Type.list(Subtyping.merge(left, right)));
    assertThat(Subtyping.merge(Type.INT, right)).isNull();
  }

  @Test
  void suggestions_levenshteinOverCodePoints_tiesByCodePointOrder() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("a\uD83D\uDE00", "a")).isEqualTo(1);
    assertThat(Suggestions.closest("cat", List.of("cut", "bat", "dog"))).isEqualTo("bat");
    assertThat(Suggestions.closest("abc", List.of("xyz"))).isNull();
    assertThat(Suggestions.closest("ab", List.of("abcd", "a"))).isEqualTo("a");
  }
}
