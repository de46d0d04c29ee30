package io.constellation.engine.bench;

/**
 * Sources of the synthetic pipelines the benchmark compiles and runs. Each is written so its DAG has a known
 * number of nodes and no literals that lowering might share or fold away.
 */
final class GeneratedPipelines {
  private GeneratedPipelines() {}

  /** The {@code text_wordcount} pipeline of the original engine's figures. */
  static final String WORD_COUNT = "in text: String\nup = Uppercase(text)\nn = WordCount(up)\nout up\nout n";

  /** An input passed straight to the output: the fixed cost of one execution. */
  static final String EMPTY = "in text: String\nout text";

  /**
   * A chain of exactly {@code nodes} DAG nodes: one Int input, then steps alternating between a stdlib call
   * and arithmetic on the previous step and the input ({@code v2 = stdlib.math.add(v1, x)}, {@code v3 = v2 - x}).
   */
  static String arithmeticChain(int nodes) {
    if (nodes < 2) throw new IllegalArgumentException("nodes must be >= 2, was " + nodes);
    StringBuilder source = new StringBuilder("in x: Int\nv1 = x + x\n");
    for (int i = 2; i < nodes; i++) {
      String previous = "v" + (i - 1);
      source.append('v').append(i).append(" = ").append(i % 2 == 0
          ? "stdlib.math.add(" + previous + ", x)" : previous + " - x").append('\n');
    }
    return source.append("out v").append(nodes - 1).append('\n').toString();
  }

  /** {@code calls} chained {@code stdlib.identity} calls on a String input: calls + 1 nodes. */
  static String identityChain(int calls) {
    StringBuilder source = new StringBuilder("in text: String\ns0 = text\n");
    for (int i = 1; i <= calls; i++) {
      source.append('s').append(i).append(" = stdlib.identity(s").append(i - 1).append(")\n");
    }
    return source.append("out s").append(calls).append('\n').toString();
  }
}
