package io.constellation.engine.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.spi.ModuleRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec on DAGs the compiler really produces: lambdas, closures, match, options, interpolation, sharing. */
final class CompiledDagCodecTest {
  private static final Compiler COMPILER = Compiler.create(ModuleRegistry.standard());

  @ParameterizedTest
  @ValueSource(strings = {
      "in text: String\nup = Uppercase(text)\nn = WordCount(up)\nout up\nout n",
      """
      type Review = { text: String, stars: Int }
      in reviews: List<Review>
      in minStars: Optional<Int>
      use stdlib.collection
      use stdlib.list as l
      threshold = minStars ?? 4
      good = filter(reviews, (r) => r.stars >= threshold)
      texts = map(good, (r) => Trim(r.text))
      top = Uppercase(l.list-first(texts) when not l.list-is-empty(texts) ?? "none")
            with retry: 2, timeout: 500ms, delay: 1s, backoff: linear, cache: 1min, cache_backend: "mem",
                 throttle: 10/1s, concurrency: 3, lazy, priority: high, fallback: "n/a"
      nested = map(reviews, (r) => any(texts, (t) => t == r.text and r.stars > threshold))
      out top
      out texts
      out nested
      """,
      """
      type Circle = { radius: Float }
      type Rect = { width: Float, height: Float }
      in shape: Circle | Rect
      in label: String | Int
      area = match shape {
        { radius } -> 3.14159 * radius * radius,
        { width, height } -> width * height
      }
      name = match label {
        is String -> "shape ${label}",
        _ -> "shape #${label} \\"q\\""
      }
      out area
      out name
      """,
      """
      in a: Int
      in b: Float
      in flag: Boolean
      r = { x: a, y: "s", z: [1, 2, 3] }
      p = r[x, y]
      m = r + { w: true }
      c = branch { flag -> a * 2, a > 3 -> a - 1, otherwise -> a / 1 }
      f = if (flag and not (a == 1) or a != 2) b + 1.5 else 0.0 - 2.5
      s = stdlib.math.add(a, -9223372036854775808) with on_error: wrap
      out p
      out m
      out c
      out s
      out r
      out f
      """})
  void compiledDag_roundTripsToAnEqualDagWithTheSameHash(String source) {
    CompileResult compiled = COMPILER.compile(source);
    assertThat(compiled.errors()).isEmpty();
    Dag dag = compiled.get().dag();
    Dag copy = DagCodec.fromBytes(DagCodec.toBytes(dag));
    assertThat(copy).isEqualTo(dag);
    assertThat(DagCodec.toJson(copy)).isEqualTo(DagCodec.toJson(dag));
    assertThat(DagCodec.structuralHash(copy)).isEqualTo(compiled.get().structuralHash());
    for (int id = 0; id < dag.nodes().size(); id++) {
      for (int arg = 0; arg < dag.nodes().get(id).args().size(); arg++) {
        Node original = dag.nodes().get(id).args().get(arg);
        int originalId = indexOf(dag, original);
        assertThat(copy.nodes().get(id).args().get(arg)).isSameAs(copy.nodes().get(originalId));
      }
    }
    assertThat(DagDiagram.dot(dag)).contains("n" + dag.outputs().get(0).node() + " -> out0;");
    assertThat(DagDiagram.mermaid(dag)).contains("n" + dag.outputs().get(0).node() + " --> out0");
  }

  private static int indexOf(Dag dag, Node node) {
    for (int i = 0; i < dag.nodes().size(); i++) {
      if (dag.nodes().get(i) == node) return i;
    }
    throw new AssertionError("operand not in the node list: " + node.op());
  }
}
