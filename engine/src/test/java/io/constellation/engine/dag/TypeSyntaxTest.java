package io.constellation.engine.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.constellation.engine.types.Type;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TypeSyntaxTest {

  @Property(tries = 1000)
  void parse_renderingOfAnyType_givesTheSameType(@ForAll("types") Type type) {
    assertThat(TypeSyntax.parse(type.render())).isEqualTo(type);
  }

  @org.junit.jupiter.api.Test
  void parse_examplesFromTheReference_buildTheExpectedTypes() {
    assertThat(TypeSyntax.parse("String")).isEqualTo(Type.STRING);
    assertThat(TypeSyntax.parse("Nothing")).isEqualTo(Type.NOTHING);
    assertThat(TypeSyntax.parse("List<{ stars: Int, text: String }>"))
        .isEqualTo(Type.list(Type.record(Map.of("stars", Type.INT, "text", Type.STRING))));
    assertThat(TypeSyntax.parse("{}")).isEqualTo(Type.record(Map.of()));
    assertThat(TypeSyntax.parse("Map<String, Optional<Float>>"))
        .isEqualTo(Type.map(Type.STRING, Type.optional(Type.FLOAT)));
    assertThat(TypeSyntax.parse("Float | Int")).isEqualTo(Type.union(Type.INT, Type.FLOAT));
    assertThat(TypeSyntax.parse("(T) => Boolean"))
        .isEqualTo(new Type.FunctionType(List.of(new Type.TypeVariable("T")), Type.BOOLEAN));
    assertThat(TypeSyntax.parse("() => Int")).isEqualTo(new Type.FunctionType(List.of(), Type.INT));
    assertThat(TypeSyntax.parse("{ is-ok: Boolean, x_1: List<U> }")).isEqualTo(Type.record(Map.of(
        "is-ok", Type.BOOLEAN, "x_1", Type.list(new Type.TypeVariable("U")))));
  }

  @org.junit.jupiter.api.Test
  void parse_functionResult_extendsOverAUnion() {
    assertThat(TypeSyntax.parse("(Int) => Int | String"))
        .isEqualTo(new Type.FunctionType(List.of(Type.INT), Type.union(Type.INT, Type.STRING)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Strin", "List", "List<>", "List<Int", "List<Int, Int>", "Map<Int>",
      "{ a: Int, a: String }", "{ a Int }", "{ a-: Int }", "{ -a: Int }", "Int |", "| Int", "(Int) -> Int",
      "(Int) = > Int", "TT", "t", "Foo", "Int Int", "{ a: Int,, b: Int }", "Optional<Int>>", "{", "(",
      "(Int) => Int | (Int) => Int", "Seq<Int>", "List<List<List<"})
  void parse_invalidRendering_throwsIllegalArgumentWithOffset(String rendering) {
    assertThatThrownBy(() -> TypeSyntax.parse(rendering)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid type rendering at offset ");
  }

  @org.junit.jupiter.api.Test
  void parse_hostileNesting_isRejectedWithoutExhaustingTheStack() {
    String deep = "List<".repeat(100_000) + "Int" + ">".repeat(100_000);
    assertThatThrownBy(() -> TypeSyntax.parse(deep)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than");
    String deepRecords = "{ a: ".repeat(50_000);
    assertThatThrownBy(() -> TypeSyntax.parse(deepRecords)).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void parse_null_isAnIllegalArgument() {
    assertThatThrownBy(() -> TypeSyntax.parse(null)).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  // --------------------------------------------------------------------------------------------- generators

  @Provide
  Arbitrary<Type> types() {
    return Arbitraries.recursive(TypeSyntaxTest::leaves, TypeSyntaxTest::composites, 0, 4);
  }

  private static Arbitrary<Type> leaves() {
    return Arbitraries.of(Type.STRING, Type.INT, Type.FLOAT, Type.BOOLEAN, Type.NOTHING,
        new Type.TypeVariable("T"), new Type.TypeVariable("U"), Type.record(Map.of()));
  }

  private static Arbitrary<Type> composites(Arbitrary<Type> inner) {
    Arbitrary<String> fieldNames = Arbitraries.of("a", "b", "stars", "is-ok", "x_1", "_z", "B", "ide-ranker-v2");
    Arbitrary<Type> nonFunction = inner.filter(t -> !(t instanceof Type.FunctionType));
    return Arbitraries.oneOf(
        inner.map(Type::list),
        inner.map(Type::optional),
        Combinators.combine(inner, inner).as(Type::map),
        Arbitraries.maps(fieldNames, inner).ofMaxSize(4).map(Type::record),
        nonFunction.list().ofMinSize(2).ofMaxSize(4).map(Type::union),
        Combinators.combine(inner.list().ofMaxSize(3), inner).as(Type.FunctionType::new));
  }
}
