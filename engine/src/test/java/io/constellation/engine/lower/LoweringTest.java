package io.constellation.engine.lower;

import static io.constellation.engine.types.TestAst.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.dag.Dag;
import io.constellation.engine.dag.Labels;
import io.constellation.engine.dag.Node;
import io.constellation.engine.syntax.Ast.BinaryOp;
import io.constellation.engine.types.MatchPattern;
import io.constellation.engine.types.Type;
import io.constellation.engine.types.TypedPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LoweringTest {

  private static Dag lower(TypedPipeline typed) {
    assertThat(typed.errors()).isEmpty();
    return Lowering.lower(typed);
  }

  @Test
  void ids_arePostOrderFromSortedOutputs_andSharedNodesAreOneObject() {
    Dag dag = lower(check(in("b", t("Int")), in("a", t("Int")), let("x", at(3, 1), bin(BinaryOp.ADD, v("a"), v("b"))),
        let("y", bin(BinaryOp.MULTIPLY, v("x"), v("x"))), out("y"), out("x")));
    assertThat(dag.nodes()).extracting(Node::op).containsExactly("input", "input", "arith", "arith");
    assertThat(((Node.Input) dag.nodes().get(0)).name()).isEqualTo("a");
    assertThat(dag.outputs()).containsExactly(new Dag.Output("x", 2), new Dag.Output("y", 3));
    Node y = dag.nodes().get(3);
    assertThat(y.args().get(0)).isSameAs(dag.nodes().get(2)).isSameAs(y.args().get(1));
    assertThat(dag.inputs()).extracting(Dag.InputDecl::name).containsExactly("a", "b");
    assertThat(dag.labels().of(0)).isEqualTo(new Labels.NodeLabel("a", 1, 1));
    assertThat(dag.labels().of(2).label()).isEqualTo("x");
    assertThat(dag.labels().of(3).label()).isEqualTo("y");
  }

  @Test
  void unusedInputsAndAssignments_haveNoNodes() {
    Dag dag = lower(check(in("used", t("Int")), in("unused", t("String")), let("dead", num(7)), out("used")));
    assertThat(dag.nodes()).hasSize(1);
    assertThat(dag.inputs()).extracting(Dag.InputDecl::name).containsExactly("unused", "used");
    assertThat(dag.nodes()).noneMatch(n -> n instanceof Node.Literal);
  }

  @Test
  void hofBody_isTreeWithParamsAndCapturesInFirstOccurrenceOrder() {
    Dag dag = lower(check(in("k", t("Int")), in("j", t("Int")), in("xs", t("List", t("Int"))),
        let("y", call("map", v("xs"), lambda(
            bin(BinaryOp.ADD, bin(BinaryOp.ADD, v("x"), v("k")), bin(BinaryOp.ADD, v("j"), v("k"))), "x"))),
        out("y")));
    // post-order: args (xs), then captures (k, j), then the hof itself
    assertThat(dag.nodes()).extracting(Node::op).containsExactly("input", "input", "input", "hof");
    Node.Hof hof = (Node.Hof) dag.nodes().get(3);
    assertThat(hof.captures()).extracting(n -> ((Node.Input) n).name()).containsExactly("k", "j");
    assertThat(hof.captures().get(0)).isSameAs(dag.nodes().get(1));
    Node.Arith body = (Node.Arith) hof.body();
    Node.Arith left = (Node.Arith) body.left();
    assertThat(left.left()).isEqualTo(new Node.Param(0, 0, Type.INT));
    assertThat(left.right()).isEqualTo(new Node.Capture(0, Type.INT));
    assertThat(((Node.Arith) body.right()).left()).isEqualTo(new Node.Capture(1, Type.INT));
    assertThat(((Node.Arith) body.right()).right()).isEqualTo(new Node.Capture(0, Type.INT));
    assertThat(hof.type()).isEqualTo(Type.list(Type.INT));
  }

  @Test
  void nestedBinders_countDepthOutward_andNestedHofHasNoOwnCaptures() {
    Dag dag = lower(check(in("xs", t("List", t("Int"))), in("n", t("Int")),
        let("y", call("map", v("xs"), lambda(call("map", v("xs"), lambda(
            bin(BinaryOp.ADD, bin(BinaryOp.ADD, v("a"), v("b")), v("n")), "b")), "a"))),
        out("y")));
    Node.Hof outer = (Node.Hof) dag.nodes().get(dag.nodes().size() - 1);
    assertThat(outer.captures()).extracting(n -> ((Node.Input) n).name()).containsExactly("xs", "n");
    Node.Hof inner = (Node.Hof) outer.body();
    assertThat(inner.list()).isEqualTo(new Node.Capture(0, Type.list(Type.INT)));
    assertThat(inner.captures()).isEmpty();
    Node.Arith sum = (Node.Arith) inner.body();
    Node.Arith ab = (Node.Arith) sum.left();
    assertThat(ab.left()).isEqualTo(new Node.Param(1, 0, Type.INT));
    assertThat(ab.right()).isEqualTo(new Node.Param(0, 0, Type.INT));
    assertThat(sum.right()).isEqualTo(new Node.Capture(1, Type.INT));
  }

  @Test
  void matchArms_bindFieldsInSortedOrder() {
    Dag dag = lower(check(in("r", recordType("b", t("Int"), "a", t("Int"))),
        let("y", match(v("r"), fieldsArm(bin(BinaryOp.SUBTRACT, v("b"), v("a")), "b", "a"))), out("y")));
    Node.Match match = (Node.Match) dag.nodes().get(1);
    assertThat(match.arms().get(0).pattern()).isEqualTo(new MatchPattern.Fields(List.of("a", "b")));
    Node.Arith body = (Node.Arith) match.arms().get(0).body();
    assertThat(body.left()).isEqualTo(new Node.Param(0, 1, Type.INT));
    assertThat(body.right()).isEqualTo(new Node.Param(0, 0, Type.INT));
  }

  @Test
  void call_hasQualifiedNameModuleArgsThenFallback() {
    Dag dag = lower(check(in("s", t("String")), in("t", t("String")),
        let("y", callWith("Uppercase", List.of(opt("retry", number(1)), opt("fallback", expr(v("t")))), v("s"))),
        let("z", call("stdlib.math.add", num(1), num(2))), out("y"), out("z")));
    assertThat(dag.nodes()).extracting(Node::op).containsExactly("input", "input", "call", "literal", "literal",
        "call");
    Node.Call upper = (Node.Call) dag.nodes().get(2);
    assertThat(upper.function()).isEqualTo("Uppercase");
    assertThat(upper.fallback()).isSameAs(dag.nodes().get(1));
    assertThat(upper.options().retry()).isEqualTo(1);
    Node.Call add = (Node.Call) dag.nodes().get(5);
    assertThat(add.function()).isEqualTo("stdlib.math.add");
    assertThat(add.module()).isEqualTo("stdlib.add");
    assertThat(((Node.Literal) add.args().get(0)).value()).isEqualTo(1L);
    assertThat(dag.labels().of(3).label()).isEqualTo("z");
  }

  @Test
  void outputOfInput_pointsAtInputNode() {
    Dag dag = lower(check(in("x", t("Int")), out("x")));
    assertThat(dag.outputs()).containsExactly(new Dag.Output("x", 0));
    assertThat(dag.labels().of(0).label()).isEqualTo("x");
  }

  @Test
  void longChain_lowersWithoutDeepRecursion() {
    int n = 5000;
    List<io.constellation.engine.syntax.Ast.Decl> decls = new java.util.ArrayList<>();
    decls.add(let("a0", num(0)));
    for (int i = 1; i < n; i++) decls.add(let("a" + i, bin(BinaryOp.ADD, v("a" + (i - 1)), num(1))));
    decls.add(out("a" + (n - 1)));
    Dag dag = lower(check(decls.toArray(io.constellation.engine.syntax.Ast.Decl[]::new)));
    assertThat(dag.nodes()).hasSize(2 * n - 1);
    assertThat(dag.outputs().get(0).node()).isEqualTo(2 * n - 2);
  }
}
