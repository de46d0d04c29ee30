package io.constellation.engine.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.constellation.engine.options.CallOptions;
import io.constellation.engine.types.Type;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class DagDiagramTest {

  @Test
  void dot_wordCount_drawsNodesEdgesAndOutputs() {
    String dot = DagDiagram.dot(SampleDags.wordCount());
    assertThat(dot).startsWith("digraph dag {\n").endsWith("}\n");
    assertThat(dot).contains(
        "  n0 [label=\"0: input text\\nString (text)\"];\n",
        "  n1 [label=\"1: call Uppercase\\nString (up)\"];\n",
        "  n2 [label=\"2: call WordCount\\nInt (n)\"];\n",
        "  n0 -> n1;\n",
        "  n1 -> n2;\n",
        "  out0 [shape=oval, label=\"out n\"];\n  n2 -> out0;\n",
        "  out1 [shape=oval, label=\"out up\"];\n  n1 -> out1;\n");
    assertThat(dot).doesNotContain("n0 -> n2", "n2 -> n1");
  }

  @Test
  void mermaid_wordCount_drawsNodesEdgesAndOutputs() {
    String mermaid = DagDiagram.mermaid(SampleDags.wordCount());
    assertThat(mermaid).startsWith("flowchart TD\n");
    assertThat(mermaid).contains(
        "  n0[\"0: input text<br/>String (text)\"]\n",
        "  n1[\"1: call Uppercase<br/>String (up)\"]\n",
        "  n0 --> n1\n",
        "  n1 --> n2\n",
        "  out0([\"out n\"])\n  n2 --> out0\n",
        "  out1([\"out up\"])\n  n1 --> out1\n");
  }

  @Test
  void diagrams_everyOp_labelOperatorsLiteralsFallbacksAndCaptures() {
    Dag dag = SampleDags.everyOp();
    String dot = DagDiagram.dot(dag);
    assertThat(dot).contains("n2 [label=\"2: literal 4\\nInt (good)\"]", "29: arith +", "32: compare <",
        "4: hof filter", "22: field .a", "23: project [a]", "21: record {a, b}",
        "n13 [label=\"13: call Uppercase\\nwith retry: 2, timeout: 500ms, delay: 100ms, backoff: exponential,",
        "n12 -> n13 [style=dashed, label=\"fallback\"];", "n3 -> n4 [style=dotted, label=\"capture\"];");
    String mermaid = DagDiagram.mermaid(dag);
    assertThat(mermaid).contains("n12 -. fallback .-> n13", "n3 -. capture .-> n4", "29: arith +",
        "32: compare #lt;", "n0 --> n4", "36: match 2 arms");
  }

  @Test
  void diagrams_quotesAndBackslashesInText_areEscaped() {
    Node literal = new Node.Literal("say \"hi\" \\ <b>\n#1", Type.STRING);
    Dag dag = new Dag(List.of(), List.of(literal), List.of(new Dag.Output("q\"uote", 0)),
        new Labels(List.of(new Labels.NodeLabel("a\"b", 1, 1))));

    String dot = DagDiagram.dot(dag);
    Matcher labels = Pattern.compile("label=\"((?:[^\"\\\\]|\\\\.)*)\"([^\\n]*)").matcher(dot);
    int count = 0;
    while (labels.find()) {
      count++;
      assertThat(labels.group(2)).as("rest of a label line").isIn("];", "]");
    }
    assertThat(count).isEqualTo(2);
    assertThat(dot).contains("literal \\\"say \\\\\\\"hi\\\\\\\" \\\\\\\\ <b>\\\\n#1\\\"", "(a\\\"b)",
        "label=\"out q\\\"uote\"");

    String mermaid = DagDiagram.mermaid(dag);
    for (String line : mermaid.split("\n")) {
      if (line.contains("[\"")) {
        String inside = line.substring(line.indexOf("[\"") + 2, line.lastIndexOf("\"]"));
        assertThat(inside).doesNotContain("\"", "<b>", "\n");
      }
    }
    assertThat(mermaid).contains("#quot;say", "#lt;b#gt;", "a#quot;b", "out q#quot;uote");
  }

  @Test
  void optionsText_everyOption_readsLikeSource() {
    assertThat(DagDiagram.optionsText(SampleDags.ALL_OPTIONS)).isEqualTo("retry: 2, timeout: 500ms, delay: 100ms, "
        + "backoff: exponential, cache: 60000ms, cache_backend: \"redis\", throttle: 100/60000ms, concurrency: 4, "
        + "on_error: log, lazy: true, priority: 80");
    assertThat(DagDiagram.optionsText(CallOptions.NONE)).isEmpty();
  }

  @Test
  void diagrams_longLiteral_isClipped() {
    Node literal = new Node.Literal("x".repeat(500), Type.STRING);
    Dag dag = new Dag(List.of(), List.of(literal), List.of(new Dag.Output("x", 0)), new Labels(List.of()));
    assertThat(DagDiagram.dot(dag)).contains("...").doesNotContain("x".repeat(DagDiagram.MAX_TEXT));
  }
}
