package io.constellation.engine.types;

import static io.constellation.engine.types.TestAst.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.Diagnostic;
import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.syntax.Ast.BinaryOp;
import org.junit.jupiter.api.Test;

final class TypeCheckerErrorsTest {

  static void assertOnlyError(TypedPipeline typed, String code, String message, int line, int column) {
    assertThat(typed.ok()).isFalse();
    assertThat(typed.errors()).hasSize(1);
    Diagnostic error = typed.errors().get(0);
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.message()).isEqualTo(message);
    assertThat(error.line()).isEqualTo(line);
    assertThat(error.column()).isEqualTo(column);
  }

  @Test
  void e001_undefinedVariable_suggestsCloseName() {
    TypedPipeline typed = check(in("count", t("Int")), let("y", v("cuont", at(2, 5))), out("y"));
    assertOnlyError(typed, "E001", "Undefined variable: cuont. Did you mean 'count'?", 2, 5);
  }

  @Test
  void e001_selfReference_isUndefined() {
    TypedPipeline typed = check(let("x", bin(BinaryOp.ADD, v("x", at(1, 5)), num(1))), out("x"));
    assertOnlyError(typed, "E001", "Undefined variable: x", 1, 5);
  }

  @Test
  void e001_outputBeforeDefinition_isUndefined() {
    TypedPipeline typed = check(out("x", at(1, 5)), let("x", num(1)));
    assertOnlyError(typed, "E001", "Undefined variable: x", 1, 5);
  }

  @Test
  void e002_undefinedFunction_suggestsCloseName() {
    TypedPipeline typed = check(in("s", t("String")), let("y", call(at(3, 6), "Uppercas", v("s"))), out("y"));
    assertOnlyError(typed, "E002", "Undefined function: Uppercas. Did you mean 'Uppercase'?", 3, 6);
  }

  @Test
  void e002_namespacedNotImported_hintsImport() {
    TypedPipeline typed = check(use("stdlib"), let("y", call(at(2, 5), "add", num(1), num(2))), out("y"));
    assertOnlyError(typed, "E002", "Undefined function: add (did you mean to import stdlib.math.add?)", 2, 5);
  }

  @Test
  void e002_qualifiedUnknownInKnownNamespace_suggestsQualifiedName() {
    TypedPipeline typed = check(let("y", call(at(1, 5), "stdlib.math.ad", num(1), num(2))), out("y"));
    assertOnlyError(typed, "E002", "Undefined function: stdlib.math.ad. Did you mean 'stdlib.math.add'?", 1, 5);
  }

  @Test
  void e003_undefinedType_showsTypeAsWritten() {
    assertOnlyError(check(in("x", t(at(1, 7), "Foo")), out("x")), "E003", "Undefined type: Foo", 1, 7);
    assertOnlyError(check(in("x", t(at(1, 7), "Foo", t("Int"))), out("x")), "E003", "Undefined type: Foo<Int>", 1,
        7);
    assertOnlyError(check(in("x", t(at(1, 7), "Map", t("Int"))), out("x")), "E003", "Undefined type: Map<Int>", 1,
        7);
  }

  @Test
  void e004_useOfUnknownNamespace() {
    TypedPipeline typed = check(use("std", null, at(1, 5)), in("x", t("Int")), out("x"));
    assertOnlyError(typed, "E004", "Undefined namespace: std", 1, 5);
  }

  @Test
  void e004_qualifiedCallOfUnknownNamespace() {
    TypedPipeline typed = check(let("y", call(at(1, 5), "nope.f", num(1))), out("y"));
    assertOnlyError(typed, "E004", "Undefined namespace: nope", 1, 5);
  }

  @Test
  void e005_ambiguousSimpleName_listsSortedCandidates() {
    ModuleRegistry modules = ModuleRegistry.builder().addStandard()
        .add(Module.builder("add").namespace("my.math").param("a", Type.INT).param("b", Type.INT)
            .returns(Type.INT).implementation(args -> 0L).build())
        .build();
    TypedPipeline typed = checkWith(modules, let("y", call(at(2, 5), "add", num(1), num(2))), out("y"));
    assertOnlyError(typed, "E005", "Ambiguous function 'add'. Candidates: my.math.add, stdlib.math.add", 2, 5);
  }

  @Test
  void simpleCall_withoutAnyUse_findsNamespacedFunction() {
    assertThat(check(let("y", call("add", num(1), num(2))), out("y")).ok()).isTrue();
  }

  @Test
  void aliasCall_resolvesThroughAlias() {
    TypedPipeline typed = check(use("stdlib.list", "l", P), in("xs", t("List", t("Int"))),
        let("y", call("l.list-first", v("xs"))), out("y"));
    assertThat(typed.ok()).isTrue();
    assertThat(typed.assignments().get("y").value().type()).isEqualTo(Type.INT);
  }

  @Test
  void e006_invalidProjection_listsAvailableFields() {
    TypedPipeline typed = check(in("r", recordType("text", t("String"), "stars", t("Int"))),
        let("p", new io.constellation.engine.syntax.Ast.Projection(v("r"), java.util.List.of(id("tex", at(1, 9))),
            false, P)), out("p"));
    assertOnlyError(typed, "E006",
        "Invalid projection: field 'tex' not found. Available: stars, text. Did you mean 'text'?", 1, 9);
  }

  @Test
  void e007_invalidFieldAccess_listsAvailableFields() {
    TypedPipeline typed = check(in("r", recordType("text", t("String"), "stars", t("Int"))),
        let("f", field(v("r"), "address", at(2, 7))), out("f"));
    assertOnlyError(typed, "E007", "Invalid field access: field 'address' not found. Available: stars, text", 2, 7);
  }

  @Test
  void e010_argumentTypeMismatch_atArgument() {
    TypedPipeline typed = check(let("y", call("Uppercase", num(5, at(1, 15)))), out("y"));
    assertOnlyError(typed, "E010", "Type mismatch: expected String, got Int", 1, 15);
  }

  @Test
  void e010_intIsNotFloat() {
    TypedPipeline typed = check(let("y", call("stdlib.math.round", num(5, at(1, 20)))), out("y"));
    assertOnlyError(typed, "E010", "Type mismatch: expected Float, got Int", 1, 20);
  }

  @Test
  void e010_incompatibleEquality() {
    TypedPipeline typed = check(let("y", bin(BinaryOp.EQ, num(1), str("a", at(1, 12)))), out("y"));
    assertOnlyError(typed, "E010", "Type mismatch: expected Int, got String", 1, 12);
  }

  @Test
  void e010_exampleMustFitInputType() {
    TypedPipeline typed = check(in("x", at(2, 1), t("Int"), example(str("a", at(1, 10)))), out("x"));
    assertOnlyError(typed, "E010", "Type mismatch: expected Int, got String", 1, 10);
  }

  @Test
  void e012_cannotMergeTypes() {
    TypedPipeline typed = check(in("x", mergeType(t("Int"), recordType("a", t("Int")))), out("x"));
    assertOnlyError(typed, "E012", "Cannot merge types: Int + { a: Int }", 1, 1);
  }

  @Test
  void e013_unsupportedComparison_atOperator() {
    TypedPipeline typed = check(let("y", bin(BinaryOp.LT, bool(true), num(1), at(1, 12))), out("y"));
    assertOnlyError(typed, "E013", "Operator '<' is not supported for types Boolean and Int", 1, 12);
  }

  @Test
  void e014_unsupportedArithmetic_atOperator() {
    TypedPipeline typed = check(let("y", bin(BinaryOp.ADD, str("a"), str("b"), at(1, 9))), out("y"));
    assertOnlyError(typed, "E014", "Arithmetic operator '+' is not supported for types String and String", 1, 9);
  }

  @Test
  void e015_arity() {
    TypedPipeline typed = check(let("y", call(at(1, 5), "Uppercase", str("a"), str("b"))), out("y"));
    assertOnlyError(typed, "E015", "Function Uppercase expects 1 argument(s), got 2", 1, 5);
  }

  @Test
  void e015_fieldAccessOnNonRecord() {
    TypedPipeline typed = check(in("o", t("Optional", recordType("a", t("Int")))),
        let("y", field(v("o"), "a", at(1, 7))), out("y"));
    assertOnlyError(typed, "E015", "Field access requires a record type, got Optional<{ a: Int }>", 1, 7);
  }

  @Test
  void e015_projectionOnNonRecord() {
    TypedPipeline typed = check(let("y", project(num(1), "a")), out("y"));
    assertOnlyError(typed, "E015", "Projection requires a record type, got Int", 1, 1);
  }

  @Test
  void e015_coalesceNeedsOptional() {
    TypedPipeline typed = check(let("y", coalesce(num(1, at(1, 5)), num(2))), out("y"));
    assertOnlyError(typed, "E015", "Left side of ?? must be Optional, got Int", 1, 5);
  }

  @Test
  void e015_lambdaOutsideHof() {
    TypedPipeline typed = check(let("y", lambda(at(1, 5), num(1), "x")), out("y"));
    assertOnlyError(typed, "E015", "Lambda expression cannot be used in this context", 1, 5);
  }

  @Test
  void e015_lambdaArity() {
    TypedPipeline typed = check(let("y", call("map", list(num(1)), lambda(at(1, 14), num(1), "a", "b"))), out("y"));
    assertOnlyError(typed, "E015", "Lambda expects 1 parameter(s), got 2", 1, 14);
  }

  @Test
  void e015_nonExhaustiveMatch() {
    TypedPipeline typed = check(in("u", unionType(t("Int"), t("String"), t("Boolean"))),
        let("y", match(v("u"), isArm("Int", num(1)))), out("y"));
    assertOnlyError(typed, "E015",
        "Non-exhaustive match on type Boolean | Int | String. Missing patterns for: Boolean, String", 1, 1);
  }

  @Test
  void e010_patternCannotMatch() {
    TypedPipeline typed = check(in("u", unionType(t("Int"), t("String"))),
        let("y", match(v("u"), isArm("Float", num(1)), anyArm(num(2)))), out("y"));
    assertOnlyError(typed, "E010", "Pattern is Float cannot match type Int | String", 1, 1);
  }

  @Test
  void e030_duplicates() {
    assertOnlyError(check(in("x", t("Int")), let("x", at(2, 1), num(1)), out("x")), "E030",
        "Duplicate definition: x", 2, 1);
    assertOnlyError(check(in("x", t("Int")), out("x"), out("x", at(3, 5))), "E030", "Duplicate output: x", 3, 5);
    assertOnlyError(check(typeDef("Int", at(1, 6), t("String")), in("x", t("Int")), out("x")), "E030",
        "Duplicate definition: Int", 1, 6);
    assertOnlyError(check(let("r", rec("a", num(1), id("a", at(1, 14)), num(2))), out("r")), "E030",
        "Duplicate field: a", 1, 14);
  }

  @Test
  void checking_stopsAfterFirstFailingDeclaration_reportingAllOfItsErrors() {
    TypedPipeline typed = check(let("a", list(v("p", at(1, 6)), v("q", at(1, 9)))), let("b", v("zz", at(2, 5))),
        out("a"));
    assertThat(typed.errors()).extracting(Diagnostic::message)
        .containsExactly("Undefined variable: p", "Undefined variable: q");
  }

  @Test
  void noCascade_undefinedOperandIsTheOnlyError() {
    TypedPipeline typed = check(let("a", bin(BinaryOp.ADD, v("nope", at(1, 5)), str("s"))), out("a"));
    assertOnlyError(typed, "E001", "Undefined variable: nope", 1, 5);
  }
}
