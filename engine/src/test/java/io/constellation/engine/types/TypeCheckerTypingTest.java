package io.constellation.engine.types;

import static io.constellation.engine.types.TestAst.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.Diagnostic;
import io.constellation.engine.syntax.Ast;
import io.constellation.engine.syntax.Ast.BinaryOp;
import org.junit.jupiter.api.Test;

final class TypeCheckerTypingTest {
  private static final Ast.TypeExpr REVIEW = recordType("text", t("String"), "stars", t("Int"));

  /** The rendered type of assignment {@code y} in a pipeline {@code decls..., y = expr, out y}. */
  private static String typeOf(Ast.Expr expr, Ast.Decl... before) {
    Ast.Decl[] all = new Ast.Decl[before.length + 2];
    System.arraycopy(before, 0, all, 0, before.length);
    all[before.length] = let("y", expr);
    all[before.length + 1] = out("y");
    TypedPipeline typed = check(all);
    assertThat(typed.errors()).isEmpty();
    return typed.assignments().get("y").value().type().render();
  }

  @Test
  void literals_andCollections() {
    assertThat(typeOf(num(1))).isEqualTo("Int");
    assertThat(typeOf(dec(2.5))).isEqualTo("Float");
    assertThat(typeOf(interp("a", num(1), "b"))).isEqualTo("String");
    assertThat(typeOf(list())).isEqualTo("List<Nothing>");
    assertThat(typeOf(list(num(1), str("a")))).isEqualTo("List<Int | String>");
    assertThat(typeOf(rec("b", str("x"), "a", num(1)))).isEqualTo("{ a: Int, b: String }");
  }

  @Test
  void arithmetic_promotesMixedToFloat() {
    assertThat(typeOf(bin(BinaryOp.MULTIPLY, num(1), num(2)))).isEqualTo("Int");
    assertThat(typeOf(bin(BinaryOp.DIVIDE, num(1), dec(2.0)))).isEqualTo("Float");
    assertThat(typeOf(bin(BinaryOp.LT, num(1), dec(2.0)))).isEqualTo("Boolean");
    assertThat(typeOf(bin(BinaryOp.GE, str("a"), str("b")))).isEqualTo("Boolean");
    assertThat(typeOf(bin(BinaryOp.EQ, num(1), dec(1.0)))).isEqualTo("Boolean");
  }

  @Test
  void fieldAccessAndProjection_workPerElementOnLists() {
    Ast.Decl reviews = in("rs", t("List", REVIEW));
    assertThat(typeOf(field(v("rs"), "stars"), reviews)).isEqualTo("List<Int>");
    assertThat(typeOf(project(v("rs"), "text"), reviews)).isEqualTo("List<{ text: String }>");
    assertThat(typeOf(field(v("r"), "text"), in("r", REVIEW))).isEqualTo("String");
  }

  @Test
  void recordMerge_rightWins_andBroadcastsOverLists() {
    Ast.Decl reviews = in("rs", t("List", REVIEW));
    assertThat(typeOf(bin(BinaryOp.ADD, v("rs"), rec("stars", str("many"))), reviews))
        .isEqualTo("List<{ stars: String, text: String }>");
  }

  @Test
  void typeAliases_expand_andSeqIsList() {
    assertThat(typeOf(v("x"), typeDef("R", REVIEW), in("x", t("Seq", t("R")))))
        .isEqualTo("List<{ stars: Int, text: String }>");
    assertThat(typeOf(v("x"), in("x", mergeType(recordType("a", t("Int")), recordType("a", t("String"))))))
        .isEqualTo("{ a: String }");
  }

  @Test
  void conditionals_useLub() {
    assertThat(typeOf(ifElse(bool(true), num(1), dec(2.5)))).isEqualTo("Float | Int");
    assertThat(typeOf(branch(bool(true), num(1), bool(false), str("a"), num(3)))).isEqualTo("Int | String");
    assertThat(typeOf(when(num(1), bool(true)))).isEqualTo("Optional<Int>");
  }

  @Test
  void coalesce_unwrapsOptional_orStaysOptional() {
    Ast.Decl o = in("o", t("Optional", t("Int")));
    assertThat(typeOf(coalesce(v("o"), num(0)), o)).isEqualTo("Int");
    assertThat(typeOf(coalesce(v("o"), v("o")), o)).isEqualTo("Optional<Int>");
    assertThat(typeOf(when(v("o"), bool(true)), o)).isEqualTo("Optional<Int>");
  }

  @Test
  void genericFunctions_inferT() {
    assertThat(typeOf(call("list-first", list(num(1), num(2))))).isEqualTo("Int");
    assertThat(typeOf(call("list-concat", list(num(1)), list(str("a"))))).isEqualTo("List<Int | String>");
    assertThat(typeOf(call("list-sum", list(num(1), dec(2.0))))).isEqualTo("Float");
    assertThat(typeOf(call("list-sum", list()))).isEqualTo("Int");
    assertThat(typeOf(call("list-contains", list(dec(1.0)), num(1)))).isEqualTo("Boolean");
  }

  @Test
  void listSum_rejectsNonNumbers() {
    TypedPipeline typed = check(let("y", call("list-sum", list(str("a")))), out("y"));
    assertThat(typed.errors()).extracting(Diagnostic::message)
        .containsExactly("Type mismatch: expected List<Int> or List<Float>, got List<String>");
  }

  @Test
  void hofs_typeTheLambdaParameterFromTheList() {
    Ast.Decl reviews = in("rs", t("List", REVIEW));
    assertThat(typeOf(call("map", v("rs"), lambda(field(v("r"), "stars"), "r")), reviews)).isEqualTo("List<Int>");
    assertThat(typeOf(call("filter", v("rs"), lambda(bin(BinaryOp.GT, field(v("r"), "stars"), num(3)), "r")),
        reviews)).isEqualTo("List<{ stars: Int, text: String }>");
    assertThat(typeOf(call("any", v("rs"), lambda(bool(true), "r")), reviews)).isEqualTo("Boolean");
  }

  @Test
  void hof_predicateMustBeBoolean_andSecondArgumentMustBeLambda() {
    TypedPipeline notBoolean = check(let("y", call("filter", list(num(1)), lambda(num(1), "x"))), out("y"));
    assertThat(notBoolean.errors()).extracting(Diagnostic::message)
        .containsExactly("Type mismatch: expected Boolean, got Int");
    TypedPipeline notLambda = check(let("y", call("map", list(num(1)), num(2))), out("y"));
    assertThat(notLambda.errors()).extracting(Diagnostic::message)
        .containsExactly("Type mismatch: expected (Int) => U, got Int");
  }

  @Test
  void hof_annotatedParameterMustAcceptElementType() {
    TypedPipeline typed = check(let("y", call("map", list(num(1)), typedLambda(v("x"), "x", t("String")))),
        out("y"));
    assertThat(typed.errors()).extracting(Diagnostic::message)
        .containsExactly("Type mismatch: expected String, got Int");
  }

  @Test
  void match_bindsFieldsAsLubOverCoveredMembers() {
    Ast.Decl u = in("u", unionType(recordType("a", t("Int")), recordType("a", t("String"), "b", t("Int")),
        t("Int")));
    assertThat(typeOf(match(v("u"), fieldsArm(v("a"), "a"), isArm("Int", str("n"))), u))
        .isEqualTo("Int | String");
  }

  @Test
  void onErrorWrap_changesCallType() {
    Ast.Expr call = callWith("Uppercase", java.util.List.of(opt("on_error", word("wrap"))), str("a"));
    assertThat(typeOf(call)).isEqualTo("{ isRight: Boolean, left: Optional<String>, right: Optional<String> }");
  }

  @Test
  void unusedAssignment_isWarnedAndLeftOut() {
    TypedPipeline typed = check(let("a", at(1, 1), num(1)), let("b", at(2, 1), num(2)), out("b"));
    assertThat(typed.ok()).isTrue();
    assertThat(typed.warnings()).extracting(Diagnostic::message, Diagnostic::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("unused assignment 'a'", 1));
    assertThat(typed.assignments()).containsOnlyKeys("b");
  }

  @Test
  void lambdaCapture_countsAsUse() {
    TypedPipeline typed = check(let("k", num(3)),
        let("y", call("filter", list(num(1)), lambda(bin(BinaryOp.GT, v("x"), v("k")), "x"))), out("y"));
    assertThat(typed.warnings()).isEmpty();
  }

  @Test
  void sourceAndSinkAnnotations_warn() {
    TypedPipeline typed = check(in("x", at(2, 1), t("Int"), annotation("source", at(1, 1))),
        out("x", at(4, 1), annotation("sink", at(3, 1))));
    assertThat(typed.ok()).isTrue();
    assertThat(typed.warnings()).extracting(Diagnostic::message).containsExactly(
        "Annotation '@source' is ignored by the batch runtime", "Annotation '@sink' is ignored by the batch runtime");
  }
}
