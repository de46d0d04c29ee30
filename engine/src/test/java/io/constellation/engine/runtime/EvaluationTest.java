package io.constellation.engine.runtime;

import static io.constellation.engine.runtime.TestDag.arith;
import static io.constellation.engine.runtime.TestDag.call;
import static io.constellation.engine.runtime.TestDag.lit;
import static io.constellation.engine.runtime.TestDag.stdlib;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.dag.Node;
import io.constellation.engine.json.CanonicalJson;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.engine.types.MatchPattern;
import io.constellation.engine.types.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class EvaluationTest {
  private final AtomicInteger invocations = new AtomicInteger();
  private final ModuleRegistry modules = ModuleRegistry.builder().addStandard()
      .add(Module.builder("Count").param("text", Type.STRING).returns(Type.STRING)
          .implementation(args -> {
            invocations.incrementAndGet();
            return args.get("text");
          }).build())
      .add(Module.builder("Fail").param("text", Type.STRING).returns(Type.STRING)
          .implementation(args -> {
            throw new IllegalStateException("boom " + args.get("text"));
          }).build())
      .build();
  private final PipelineRuntime runtime = PipelineRuntime.builder(modules).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  private ExecutionResult run(CompiledPipeline pipeline) {
    return runtime.execute(pipeline, Map.of());
  }

  private String out(Node node) {
    ExecutionResult result = run(new TestDag().out("x", new TestDag().let("x", node)).build());
    assertThat(result.errors()).isEmpty();
    return CanonicalJson.write(result.outputs().get("x"));
  }

  private ExecutionResult fails(Node node) {
    TestDag dag = new TestDag();
    ExecutionResult result = run(dag.out("x", dag.let("x", node)).build());
    assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
    return result;
  }

  private Node count(String text) {
    return call("Count", "Count", Type.STRING, lit(text));
  }

  @ParameterizedTest
  @CsvSource({
      "+, 9223372036854775807, 1, -9223372036854775808",
      "*, 4611686018427387904, 2, -9223372036854775808",
      "/, -7, 2, -3",
      "/, -9223372036854775808, -1, -9223372036854775808",
      "-, 3, 5, -2"})
  void arith_int_wrapsAndTruncates(String op, long a, long b, long expected) {
    assertThat(out(arith(op, lit(a), lit(b)))).isEqualTo(Long.toString(expected));
  }

  @Test
  void arith_mixed_promotesToFloat() {
    assertThat(out(arith("/", lit(7L), lit(2.0)))).isEqualTo("3.5");
    assertThat(out(arith("+", lit(1.0), lit(1L)))).isEqualTo("2.0");
  }

  @Test
  void arith_divisionByZero_isEvaluationError() {
    ExecutionResult result = fails(arith("/", lit(1L), lit(0L)));
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("EVALUATION_ERROR");
      assertThat(e.message()).isEqualTo("Division by zero");
      assertThat(e.node()).isEqualTo("x");
      assertThat(e.line()).isPositive();
    });
    assertThat(fails(arith("/", lit(1.0), lit(-0.0))).errors().get(0).message()).isEqualTo("Division by zero");
  }

  @Test
  void arith_overflowingFloat_isNonFinite() {
    assertThat(fails(arith("*", lit(1e308), lit(10.0))).errors().get(0).message())
        .isEqualTo("Non-finite Float result");
  }

  @Test
  void compare_strings_useCodePoints() {
    // U+1F600 is above U+FFFF: by UTF-16 units it would sort below U+FF5E.
    Node less = new Node.Compare("<", lit("\uFF5E"), lit("\uD83D\uDE00"), Type.BOOLEAN);
    assertThat(out(less)).isEqualTo("true");
    assertThat(out(new Node.Compare(">=", lit(1L), lit(1.0), Type.BOOLEAN))).isEqualTo("true");
  }

  @Test
  void eq_recordsAtComparisonType_ignoreExtraFields() {
    Type small = Type.record(Map.of("a", Type.INT));
    Type wide = Type.record(Map.of("a", Type.INT, "b", Type.STRING));
    Node left = new Node.RecordOf(List.of("a", "b"), List.of(lit(1L), lit("x")), wide);
    Node right = new Node.RecordOf(List.of("a"), List.of(lit(1.0)), Type.record(Map.of("a", Type.FLOAT)));
    assertThat(out(new Node.Eq(left, right, Type.BOOLEAN))).isEqualTo("true");
    Node other = new Node.RecordOf(List.of("a"), List.of(lit(2L)), small);
    assertThat(out(new Node.Ne(left, other, Type.BOOLEAN))).isEqualTo("true");
  }

  @Test
  void if_evaluatesOnlyTheTakenArm() {
    assertThat(out(new Node.If(lit(true), count("a"), call("Fail", "Fail", Type.STRING, lit("b")), Type.STRING)))
        .isEqualTo("\"a\"");
    assertThat(invocations).hasValue(1);
  }

  @Test
  void branch_stopsAtFirstTrueCondition() {
    Node fail = call("Fail", "Fail", Type.STRING, lit("c"));
    Node node = new Node.Branch(List.of(lit(false), fail, lit(true), count("b"),
        new Node.Eq(fail, lit("x"), Type.BOOLEAN), fail, fail), Type.STRING);
    assertThat(out(node)).isEqualTo("\"b\"");
    assertThat(out(new Node.Branch(List.of(lit(false), fail, count("o")), Type.STRING))).isEqualTo("\"o\"");
  }

  @Test
  void when_falseCondition_isNoneWithoutEvaluatingValue() {
    Type opt = Type.optional(Type.STRING);
    assertThat(out(new Node.When(count("a"), lit(false), opt))).isEqualTo("null");
    assertThat(invocations).hasValue(0);
    assertThat(out(new Node.When(count("a"), lit(true), opt))).isEqualTo("\"a\"");
  }

  @Test
  void coalesce_defaultOnlyOnNone() {
    Type opt = Type.optional(Type.STRING);
    Node some = new Node.When(lit("v"), lit(true), opt);
    assertThat(out(new Node.Coalesce(some, count("d"), Type.STRING))).isEqualTo("\"v\"");
    assertThat(invocations).hasValue(0);
    Node none = new Node.When(lit("v"), lit(false), opt);
    assertThat(out(new Node.Coalesce(none, count("d"), Type.STRING))).isEqualTo("\"d\"");
    Node optionalDefault = new Node.When(lit("w"), lit(true), opt);
    assertThat(out(new Node.Coalesce(none, optionalDefault, opt))).isEqualTo("\"w\"");
  }

  @Test
  void coalesce_failingOptional_fails() {
    Type opt = Type.optional(Type.STRING);
    Node failing = new Node.When(call("Fail", "Fail", Type.STRING, lit("o")), lit(true), opt);
    ExecutionResult result = fails(new Node.Coalesce(failing, lit("d"), Type.STRING));
    assertThat(result.errors()).singleElement().extracting(ExecutionError::code).isEqualTo("MODULE_EXECUTION");
  }

  @Test
  void andOr_shortCircuit() {
    Node failing = new Node.Eq(call("Fail", "Fail", Type.STRING, lit("x")), lit("x"), Type.BOOLEAN);
    assertThat(out(new Node.And(lit(false), failing, Type.BOOLEAN))).isEqualTo("false");
    assertThat(out(new Node.Or(lit(true), failing, Type.BOOLEAN))).isEqualTo("true");
    assertThat(out(new Node.Not(lit(true), Type.BOOLEAN))).isEqualTo("false");
  }

  @Test
  void interp_rendersEveryKind() {
    Node list = new Node.ListOf(List.of(lit("a"), lit("b")), Type.list(Type.STRING));
    Node record = new Node.RecordOf(List.of("b", "a"), List.of(lit(1.0E7), lit("s")),
        Type.record(Map.of("a", Type.STRING, "b", Type.FLOAT)));
    Node none = new Node.When(lit(1L), lit(false), Type.optional(Type.INT));
    Node interp = new Node.Interp(List.of("x=", " l=", " r=", " n=", "!"), List.of(lit(-42L), list, record, none),
        Type.STRING);
    assertThat(out(interp)).isEqualTo("\"x=-42 l=[a, b] r={a: s, b: 1.0E7} n=!\"");
  }

  @Test
  void fieldProjectMerge_recordsAndLists() {
    Type rec = Type.record(Map.of("a", Type.INT, "b", Type.INT));
    Node r1 = new Node.RecordOf(List.of("a", "b"), List.of(lit(1L), lit(2L)), rec);
    Node r2 = new Node.RecordOf(List.of("a", "b"), List.of(lit(3L), lit(4L)), rec);
    Node list = new Node.ListOf(List.of(r1, r2), Type.list(rec));
    assertThat(out(new Node.Field(list, "b", Type.list(Type.INT)))).isEqualTo("[2,4]");
    Type onlyA = Type.record(Map.of("a", Type.INT));
    assertThat(out(new Node.Project(r2, List.of("a"), onlyA))).isEqualTo("{\"a\":3}");
    Type c = Type.record(Map.of("c", Type.INT));
    Node rc = new Node.RecordOf(List.of("c"), List.of(lit(9L)), c);
    Type merged = Type.record(Map.of("a", Type.INT, "b", Type.INT, "c", Type.INT));
    assertThat(out(new Node.Merge(list, rc, Type.list(merged)))).isEqualTo("[{\"a\":1,\"b\":2,\"c\":9},{\"a\":3,\"b\":4,\"c\":9}]");
    Node short1 = new Node.ListOf(List.of(rc), Type.list(c));
    assertThat(fails(new Node.Merge(list, short1, Type.list(merged))).errors().get(0).message())
        .isEqualTo("Cannot merge lists of different lengths (2 and 1)");
  }

  @Test
  void sharedNode_runsOnce() {
    TestDag dag = new TestDag();
    Node shared = dag.let("s", count("a"));
    Node concat = dag.let("c", stdlib("stdlib.string", "concat", Type.STRING, shared, shared));
    ExecutionResult result = run(dag.out("c", concat).out("s", shared).build());
    assertThat(CanonicalJson.write(result.outputs().get("c"))).isEqualTo("\"aa\"");
    assertThat(invocations).hasValue(1);
  }

  @Test
  void inputs_areDecodedAndOutputsSorted() {
    TestDag dag = new TestDag().input("n", Type.INT).input("t", Type.STRING);
    Node sum = dag.let("sum", arith("+", dag.in("n"), lit(1L)));
    ExecutionResult result = runtime.execute(dag.out("z", sum).out("a", dag.in("t")).build(),
        Map.<String, JsonNode>of("n", LongNode.valueOf(41), "t", TextNode.valueOf("hi")));
    assertThat(result.completed()).isTrue();
    assertThat(result.outputs().keySet()).containsExactly("a", "z");
    assertThat(result.outputs().get("z").asLong()).isEqualTo(42);
  }

  @Test
  void hof_mapFilterAllAny() {
    Type ints = Type.list(Type.INT);
    Node list = new Node.ListOf(List.of(lit(1L), lit(2L), lit(3L)), ints);
    Node param = new Node.Param(0, 0, Type.INT);
    Node captured = lit(10L);
    Node body = arith("*", param, new Node.Capture(0, Type.INT));
    assertThat(out(new Node.Hof("map", list, body, List.of(captured), ints))).isEqualTo("[10,20,30]");
    Node odd = new Node.Ne(arith("-", param, arith("*", arith("/", param, lit(2L)), lit(2L))), lit(0L), Type.BOOLEAN);
    assertThat(out(new Node.Hof("filter", list, odd, List.of(), ints))).isEqualTo("[1,3]");
    Node big = new Node.Compare(">", param, lit(1L), Type.BOOLEAN);
    assertThat(out(new Node.Hof("all", list, big, List.of(), Type.BOOLEAN))).isEqualTo("false");
    assertThat(out(new Node.Hof("any", list, big, List.of(), Type.BOOLEAN))).isEqualTo("true");
    Node empty = new Node.ListOf(List.of(), Type.list(Type.NOTHING));
    assertThat(out(new Node.Hof("all", empty, big, List.of(), Type.BOOLEAN))).isEqualTo("true");
    assertThat(out(new Node.Hof("any", empty, big, List.of(), Type.BOOLEAN))).isEqualTo("false");
  }

  @Test
  void hof_any_stopsAtFirstTrue() {
    Type strings = Type.list(Type.STRING);
    Node list = new Node.ListOf(List.of(lit("a"), lit("b"), lit("c")), strings);
    Node body = new Node.Eq(call("Count", "Count", Type.STRING, new Node.Param(0, 0, Type.STRING)), lit("b"),
        Type.BOOLEAN);
    assertThat(out(new Node.Hof("any", list, body, List.of(), Type.BOOLEAN))).isEqualTo("true");
    assertThat(invocations).hasValue(2);
  }

  @Test
  void hof_failingElements_lowestIndexWinsWithHofLabel() {
    Type strings = Type.list(Type.STRING);
    Node list = new Node.ListOf(List.of(lit("a"), lit("b"), lit("c")), strings);
    Node param = new Node.Param(0, 0, Type.STRING);
    Node body = new Node.If(new Node.Eq(param, lit("a"), Type.BOOLEAN), param,
        call("Fail", "Fail", Type.STRING, param), Type.STRING);
    ExecutionResult result = fails(new Node.Hof("map", list, body, List.of(), strings));
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).isEqualTo("Module 'Fail' execution failed: boom b");
      assertThat(e.node()).isEqualTo("x");
      assertThat(e.module()).isEqualTo("Fail");
    });
  }

  @Test
  void hof_nestedLambda_readsOuterParameter() {
    Type ints = Type.list(Type.INT);
    Node outer = new Node.ListOf(List.of(lit(1L), lit(2L)), ints);
    Node inner = new Node.ListOf(List.of(lit(10L), lit(20L)), ints);
    Node innerBody = arith("+", new Node.Param(0, 0, Type.INT), new Node.Param(1, 0, Type.INT));
    Node outerBody = new Node.Hof("map", inner, innerBody, List.of(), ints);
    assertThat(out(new Node.Hof("map", outer, outerBody, List.of(), Type.list(ints))))
        .isEqualTo("[[11,21],[12,22]]");
  }

  @Test
  void match_firstMatchingArm_bindsFieldsInSortedOrder() {
    Type rec = Type.record(Map.of("a", Type.INT, "b", Type.INT));
    Type union = Type.union(rec, Type.STRING);
    Node scrutinee = new Node.RecordOf(List.of("a", "b"), List.of(lit(1L), lit(5L)), rec);
    Node stringArm = new Node.Interp(List.of("s", ""), List.of(new Node.Param(0, 0, Type.STRING)), Type.STRING);
    Node fieldsArm = new Node.Interp(List.of("", "-", ""),
        List.of(new Node.Param(0, 1, Type.INT), new Node.Param(0, 0, Type.INT)), Type.STRING);
    Node match = new Node.Match(new Node.Literal(Map.of("a", 1L, "b", 5L), union),
        List.of(new Node.MatchArm(new MatchPattern.Is(Type.STRING), lit("string")),
            new Node.MatchArm(new MatchPattern.Fields(List.of("a", "b")), fieldsArm),
            new Node.MatchArm(new MatchPattern.Any(), stringArm)), List.of(), Type.STRING);
    assertThat(out(match)).isEqualTo("\"5-1\"");
    Node anyArm = new Node.Match(lit("q"), List.of(new Node.MatchArm(new MatchPattern.Is(Type.INT), lit("int")),
        new Node.MatchArm(new MatchPattern.Any(), new Node.Capture(0, Type.STRING))), List.of(count("cap")),
        Type.STRING);
    assertThat(out(anyArm)).isEqualTo("\"cap\"");
    assertThat(scrutinee).isNotNull();
  }

  @Test
  void listContains_usesLanguageEquality() {
    Node list = new Node.ListOf(List.of(lit(1L), lit(2L)), Type.list(Type.INT));
    assertThat(out(stdlib("stdlib.list", "list-contains", Type.BOOLEAN, list, lit(2.0)))).isEqualTo("true");
    assertThat(out(stdlib("stdlib.list", "list-contains", Type.BOOLEAN, list, lit(3.0)))).isEqualTo("false");
  }

  @Test
  void unionOutput_isTagged() {
    Type union = Type.union(Type.INT, Type.STRING);
    Node value = new Node.If(lit(true), new Node.Literal(3L, union), new Node.Literal("x", union), union);
    assertThat(out(value)).isEqualTo("{\"tag\":\"Int\",\"value\":3}");
  }

  @Test
  void optionalOutput_someIsPayload() {
    Node some = new Node.When(lit(2.0), lit(true), Type.optional(Type.FLOAT));
    assertThat(out(some)).isEqualTo("2.0");
    assertThat(Optional.of(1)).isPresent();
  }

  @Test
  void moduleNotFound_ignoresOptions() {
    CallOptions skip = new CallOptions(null, null, null, null, null, null, null, null, CallOptions.OnError.SKIP,
        null, null);
    ExecutionResult result = fails(TestDag.call("Missing", Type.STRING, skip, null, lit("x")));
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo("MODULE_NOT_FOUND");
      assertThat(e.message()).isEqualTo("Module 'Missing' not found");
      assertThat(e.module()).isEqualTo("Missing");
    });
  }
}
