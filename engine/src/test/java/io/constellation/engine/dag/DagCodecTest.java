package io.constellation.engine.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.engine.options.CallOptions;
import io.constellation.engine.types.MatchPattern;
import io.constellation.engine.types.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class DagCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void toJson_wordCount_isTheExactCanonicalDocument() {
    assertThat(DagCodec.toJson(SampleDags.wordCount())).isEqualTo(
        "{\"inputs\":[{\"name\":\"text\",\"type\":\"String\"}],"
            + "\"labels\":{\"nodes\":[{\"column\":4,\"label\":\"text\",\"line\":1},"
            + "{\"column\":6,\"label\":\"up\",\"line\":2},{\"column\":5,\"label\":\"n\",\"line\":3}]},"
            + "\"nodes\":[{\"id\":0,\"name\":\"text\",\"op\":\"input\",\"type\":\"String\"},"
            + "{\"args\":[0],\"function\":\"Uppercase\",\"id\":1,\"module\":\"Uppercase\",\"op\":\"call\","
            + "\"options\":{},\"type\":\"String\"},"
            + "{\"args\":[1],\"function\":\"WordCount\",\"id\":2,\"module\":\"WordCount\",\"op\":\"call\","
            + "\"options\":{},\"type\":\"Int\"}],"
            + "\"outputs\":[{\"name\":\"n\",\"node\":2},{\"name\":\"up\",\"node\":1}]}");
  }

  @Test
  void roundTrip_everyOp_rebuildsAnEqualDag() {
    Dag original = SampleDags.everyOp();
    assertThat(DagCodec.fromJson(DagCodec.toJson(original))).isEqualTo(original);
    assertThat(DagCodec.fromBytes(DagCodec.toBytes(original))).isEqualTo(original);
    assertThat(DagCodec.toJson(DagCodec.fromJson(DagCodec.toJson(original)))).isEqualTo(DagCodec.toJson(original));
  }

  @Test
  void roundTrip_sharedNodes_areOneObjectAgain() {
    Dag decoded = DagCodec.fromBytes(DagCodec.toBytes(SampleDags.everyOp()));
    List<Node> nodes = decoded.nodes();
    Node texts = nodes.get(5);
    assertThat(texts).isInstanceOf(Node.Hof.class);
    assertThat(nodes.get(6).args().get(0)).isSameAs(texts);
    assertThat(nodes.get(8).args().get(0)).isSameAs(texts);
    Node.Call top = (Node.Call) nodes.get(13);
    assertThat(top.fallback()).isSameAs(nodes.get(12));
    Node.Hof filter = (Node.Hof) nodes.get(4);
    assertThat(filter.captures().get(0)).isSameAs(nodes.get(3));
    assertThat(filter.args().get(0)).isSameAs(nodes.get(0));
  }

  @Test
  void roundTrip_literals_comeBackAsHostValuesOfTheirType() {
    Dag decoded = DagCodec.fromJson(DagCodec.toJson(SampleDags.everyOp()));
    List<Object> values = decoded.nodes().stream()
        .filter(Node.Literal.class::isInstance).map(n -> ((Node.Literal) n).value()).toList();
    assertThat(values).contains(4L, -0.5, true, Long.MIN_VALUE, "n/a", "none \"quoted\" \\ \n é 😀", 2.5,
        List.of(1L, 2L), java.util.Optional.empty());
    assertThat(values).filteredOn(v -> v instanceof Number).allMatch(v -> v instanceof Long || v instanceof Double);
  }

  @Test
  void roundTrip_trees_keepParamsCapturesAndArms() {
    Dag decoded = DagCodec.fromJson(DagCodec.toJson(SampleDags.everyOp()));
    Node.Hof filter = (Node.Hof) decoded.nodes().get(4);
    Node.Compare body = (Node.Compare) filter.body();
    assertThat(((Node.Field) body.left()).target()).isEqualTo(new Node.Param(0, 0, SampleDags.REVIEW));
    assertThat(body.right()).isEqualTo(new Node.Capture(0, Type.INT));
    Node.Match match = decoded.nodes().stream().filter(Node.Match.class::isInstance).map(Node.Match.class::cast)
        .findFirst().orElseThrow();
    assertThat(match.arms()).extracting(Node.MatchArm::pattern)
        .containsExactly(new MatchPattern.Is(Type.INT), new MatchPattern.Any());
  }

  @Test
  void toJson_nodes_followTheDocumentLayout() throws Exception {
    JsonNode nodes = JSON.readTree(DagCodec.toJson(SampleDags.everyOp())).get("nodes");
    assertThat(nodes.get(0).has("args")).isFalse();
    assertThat(nodes.get(2).get("value").asLong()).isEqualTo(4);
    JsonNode filter = nodes.get(4);
    assertThat(filter.get("captures").toString()).isEqualTo("[3]");
    assertThat(filter.get("body").toString()).isEqualTo("{\"args\":[{\"args\":[{\"depth\":0,\"index\":0,\"op\":\"param\","
        + "\"type\":\"{ stars: Int, text: String }\"}],\"field\":\"stars\",\"op\":\"field\",\"type\":\"Int\"},"
        + "{\"index\":0,\"op\":\"capture\",\"type\":\"Int\"}],\"op\":\"compare\",\"operator\":\">=\","
        + "\"type\":\"Boolean\"}");
    JsonNode top = nodes.get(13);
    assertThat(top.get("fallback").asInt()).isEqualTo(12);
    assertThat(top.get("options").toString()).isEqualTo("{\"backoff\":\"exponential\",\"cacheBackend\":\"redis\","
        + "\"cacheMs\":60000,\"concurrency\":4,\"delayMs\":100,\"lazy\":true,\"onError\":\"log\",\"priority\":80,"
        + "\"retry\":2,\"throttle\":{\"count\":100,\"perMs\":60000},\"timeoutMs\":500}");
    JsonNode match = findOp(nodes, "match");
    assertThat(match.get("arms").toString()).isEqualTo("[{\"body\":{\"op\":\"literal\",\"type\":\"String\",\"value\":"
        + "\"int\"},\"pattern\":{\"is\":\"Int\"}},{\"body\":{\"args\":[{\"index\":0,\"op\":\"capture\",\"type\":"
        + "\"String\"}],\"op\":\"interp\",\"parts\":[\"other \",\"\"],\"type\":\"String\"},\"pattern\":{\"any\":true}}]");
    assertThat(findOp(nodes, "interp").get("parts").toString()).isEqualTo("[\"Hello, \",\"! ${x}\"]");
    assertThat(nodes.get(20).get("op").asText()).isEqualTo("list");
    assertThat(nodes.get(20).has("args")).isFalse();
    JsonNode fieldsArm = nodes.get(37).get("arms").get(0);
    assertThat(fieldsArm.get("pattern").toString()).isEqualTo("{\"fields\":[\"a\",\"b\"]}");
    assertThat(fieldsArm.get("body").get("args").get(0).toString())
        .isEqualTo("{\"depth\":0,\"index\":0,\"op\":\"param\",\"type\":\"Int\"}");
  }

  @Test
  void toBytes_carriesTheFormatVersion_andFromBytesInsistsOnIt() throws Exception {
    byte[] bytes = DagCodec.toBytes(SampleDags.wordCount());
    JsonNode document = JSON.readTree(bytes);
    assertThat(document.get("formatVersion").asInt()).isEqualTo(DagCodec.FORMAT_VERSION);
    String json = DagCodec.toJson(SampleDags.wordCount());
    assertThat(DagCodec.fromJson(json)).isEqualTo(SampleDags.wordCount());
    assertThatThrownBy(() -> DagCodec.fromBytes(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnableToDecodeDagException.class).hasMessageContaining("formatVersion");
    String future = new String(bytes, StandardCharsets.UTF_8).replace("\"formatVersion\":1", "\"formatVersion\":2");
    assertThatThrownBy(() -> DagCodec.fromBytes(future.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnableToDecodeDagException.class).hasMessageContaining("unsupported format version 2");
  }

  @Test
  void structuralHash_isSha256OfTheDocumentWithoutLabels() throws Exception {
    Dag dag = SampleDags.wordCount();
    String hashed = DagCodec.structuralJson(dag);
    assertThat(hashed).doesNotContain("labels").startsWith("{\"inputs\":").contains("\"outputs\":");
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(hashed.getBytes(StandardCharsets.UTF_8));
    assertThat(DagCodec.structuralHash(dag)).isEqualTo(HexFormat.of().formatHex(digest)).hasSize(64);
  }

  @Test
  void structuralHash_survivesARoundTrip() {
    for (Dag dag : List.of(SampleDags.wordCount(), SampleDags.everyOp())) {
      assertThat(DagCodec.structuralHash(DagCodec.fromBytes(DagCodec.toBytes(dag))))
          .isEqualTo(DagCodec.structuralHash(dag));
    }
  }

  @Test
  void structuralHash_ignoresLabels() {
    Dag dag = SampleDags.everyOp();
    Dag relabelled = new Dag(dag.inputs(), dag.nodes(), dag.outputs(),
        new Labels(List.of(new Labels.NodeLabel("other", 99, 98))));
    assertThat(DagCodec.structuralHash(relabelled)).isEqualTo(DagCodec.structuralHash(dag));
    assertThat(DagCodec.toJson(relabelled)).isNotEqualTo(DagCodec.toJson(dag));
  }

  static Stream<Arguments> semanticChanges() {
    return Stream.of(
        change("input type", (d, n) -> new Dag(List.of(new Dag.InputDecl("text", Type.optional(Type.STRING))),
            d.nodes(), d.outputs(), d.labels())),
        change("input name", (d, n) -> {
          Node txt = new Node.Input("txt", Type.STRING);
          return dag(List.of(new Dag.InputDecl("txt", Type.STRING)), List.of(txt, new Node.Call("Uppercase",
              "Uppercase", List.of(txt), CallOptions.NONE, null, Type.STRING)), d);
        }),
        change("extra unused input", (d, n) -> new Dag(List.of(new Dag.InputDecl("text", Type.STRING),
            new Dag.InputDecl("z", Type.INT)), d.nodes(), d.outputs(), d.labels())),
        change("output name", (d, n) -> new Dag(d.inputs(), d.nodes(), List.of(new Dag.Output("loud", 1)),
            d.labels())),
        change("output node", (d, n) -> new Dag(d.inputs(), d.nodes(), List.of(new Dag.Output("up", 0)),
            d.labels())),
        change("function", (d, n) -> dag(d.inputs(), List.of(n.text(), n.up("Lowercase", CallOptions.NONE)), d)),
        change("option", (d, n) -> dag(d.inputs(), List.of(n.text(), n.up("Uppercase",
            new CallOptions(1, null, null, null, null, null, null, null, null, null, null))), d)),
        change("option value", (d, n) -> dag(d.inputs(), List.of(n.text(), n.up("Uppercase",
            new CallOptions(0, null, null, null, null, null, null, null, null, null, null))), d)),
        change("lazy recorded", (d, n) -> dag(d.inputs(), List.of(n.text(), n.up("Uppercase",
            new CallOptions(null, null, null, null, null, null, null, null, null, false, null))), d)),
        change("node type", (d, n) -> dag(d.inputs(), List.of(n.text(), new Node.Call("Uppercase", "Uppercase",
            List.of(n.text()), CallOptions.NONE, null, Type.optional(Type.STRING))), d)),
        change("module name", (d, n) -> dag(d.inputs(), List.of(n.text(), new Node.Call("Uppercase", "Upper2",
            List.of(n.text()), CallOptions.NONE, null, Type.STRING)), d)),
        change("literal argument", (d, n) -> {
          Node lit = new Node.Literal("x", Type.STRING);
          return dag(d.inputs(), List.of(n.text(), lit, new Node.Call("Uppercase", "Uppercase", List.of(lit),
              CallOptions.NONE, null, Type.STRING)), d, 2);
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("semanticChanges")
  void structuralHash_changesWithEverySemanticChange(String what, UnaryOperator<Dag> mutation) {
    Dag base = upOnly();
    Dag changed = mutation.apply(base);
    assertThat(DagCodec.structuralJson(changed)).isNotEqualTo(DagCodec.structuralJson(base));
    assertThat(DagCodec.structuralHash(changed)).isNotEqualTo(DagCodec.structuralHash(base));
  }

  @Test
  void structuralHash_sameDagBuiltTwice_isEqual() {
    assertThat(DagCodec.structuralHash(SampleDags.everyOp())).isEqualTo(DagCodec.structuralHash(SampleDags.everyOp()));
    assertThat(DagCodec.structuralHash(upOnly())).isEqualTo(DagCodec.structuralHash(upOnly()));
  }

  @Test
  void toJson_nodeMissingFromTheList_isRejected() {
    Node stray = new Node.Input("text", Type.STRING);
    Node up = new Node.Call("Uppercase", "Uppercase", List.of(stray), CallOptions.NONE, null, Type.STRING);
    Dag broken = new Dag(List.of(), List.of(new Node.Input("text", Type.STRING), up), List.of(new Dag.Output("up", 1)),
        new Labels(List.of()));
    assertThatThrownBy(() -> DagCodec.toJson(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in dag.nodes()");
  }

  @Test
  void toJson_childListedAfterItsParent_isRejected() {
    Node text = new Node.Input("text", Type.STRING);
    Node up = new Node.Call("Uppercase", "Uppercase", List.of(text), CallOptions.NONE, null, Type.STRING);
    Dag broken = new Dag(List.of(), List.of(up, text), List.of(new Dag.Output("up", 0)), new Labels(List.of()));
    assertThatThrownBy(() -> DagCodec.toJson(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not listed before");
  }

  @Test
  void literalOfUnionType_isTaggedByConformingMember() throws Exception {
    JsonNode nodes = JSON.readTree(DagCodec.toJson(SampleDags.everyOp())).get("nodes");
    JsonNode last = nodes.get(nodes.size() - 1);
    assertThat(last.get("value").toString()).isEqualTo("{\"tag\":\"Float\",\"value\":2.5}");
  }

  // ----------------------------------------------------------------------------------------------- helpers

  /** {@code in text: String; up = Uppercase(text); out up}. */
  private static Dag upOnly() {
    Parts parts = new Parts();
    return new Dag(List.of(new Dag.InputDecl("text", Type.STRING)),
        List.of(parts.text(), parts.up("Uppercase", CallOptions.NONE)), List.of(new Dag.Output("up", 1)),
        new Labels(List.of(new Labels.NodeLabel("text", 1, 4), new Labels.NodeLabel("up", 2, 1))));
  }

  /** Node factories sharing one input node, so a mutation can rebuild the call on the same input. */
  private static final class Parts {
    private final Node text = new Node.Input("text", Type.STRING);

    Node text() {
      return text;
    }

    Node up(String function, CallOptions options) {
      return new Node.Call(function, function, List.of(text), options, null, Type.STRING);
    }
  }

  private interface Mutation {
    Dag apply(Dag dag, Parts parts);
  }

  private static Arguments change(String what, Mutation mutation) {
    UnaryOperator<Dag> operator = d -> mutation.apply(d, new Parts());
    return Arguments.of(what, operator);
  }

  private static Dag dag(List<Dag.InputDecl> inputs, List<Node> nodes, Dag like) {
    return dag(inputs, nodes, like, like.outputs().get(0).node());
  }

  private static Dag dag(List<Dag.InputDecl> inputs, List<Node> nodes, Dag like, int outputNode) {
    return new Dag(inputs, nodes, List.of(new Dag.Output("up", outputNode)), like.labels());
  }

  private static JsonNode findOp(JsonNode nodes, String op) {
    for (JsonNode node : nodes) {
      if (op.equals(node.path("op").asText())) return node;
    }
    throw new AssertionError("no " + op + " node");
  }
}
