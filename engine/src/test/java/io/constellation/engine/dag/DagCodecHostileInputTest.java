package io.constellation.engine.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever bytes arrive, {@link DagCodec#fromBytes} either returns a DAG or throws {@link
 * UnableToDecodeDagException}: never a NullPointerException, ClassCastException, StackOverflowError or the like.
 */
final class DagCodecHostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] VALID = DagCodec.toBytes(SampleDags.everyOp());

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "null", "true", "42", "\"dag\"", "[]", "{}", "{", "}", "{\"formatVersion\":1}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[],\"outputs\":[]} trailing",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[],\"outputs\":[{\"name\":\"x\",\"node\":0}]}",
      "{\"formatVersion\":\"1\",\"inputs\":[],\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1.0,\"inputs\":[],\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1e999,\"inputs\":[],\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1,\"formatVersion\":1,\"inputs\":[],\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":{},\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[null],\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[{\"name\":1,\"type\":\"Int\"}],\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[{\"name\":\"a\",\"type\":\"Nope\"}],\"nodes\":[],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":\"0\",\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":1,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"bogus\",\"type\":\"Int\"}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"not\",\"args\":[0],\"type\":\"Boolean\"}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"not\",\"args\":[5],\"type\":\"Boolean\"}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"not\",\"args\":[-1],\"type\":\"Boolean\"}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"not\",\"args\":{},\"type\":\"Boolean\"}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"literal\",\"type\":\"Int\",\"value\":1.5}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"literal\",\"type\":\"Int\",\"value\":"
          + "99999999999999999999999}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"literal\",\"type\":\"Float\",\"value\":1e400}],"
          + "\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"literal\",\"type\":\"(Int) => Int\","
          + "\"value\":1}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"literal\",\"type\":\"Int\"}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\","
          + "\"extra\":1}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"param\",\"depth\":0,\"index\":0,"
          + "\"type\":\"Int\"}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"List<Int>\"},"
          + "{\"id\":1,\"op\":\"hof\",\"function\":\"map\",\"args\":[0],\"captures\":[],\"type\":\"List<Int>\","
          + "\"body\":{\"op\":\"capture\",\"index\":0,\"type\":\"Int\"}}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"List<Int>\"},"
          + "{\"id\":1,\"op\":\"hof\",\"function\":\"map\",\"args\":[0],\"captures\":[],\"type\":\"List<Int>\","
          + "\"body\":{\"op\":\"param\",\"depth\":1,\"index\":0,\"type\":\"Int\"}}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"List<Int>\"},"
          + "{\"id\":1,\"op\":\"hof\",\"function\":\"reduce\",\"args\":[0],\"captures\":[],\"type\":\"List<Int>\","
          + "\"body\":{\"op\":\"param\",\"depth\":0,\"index\":0,\"type\":\"Int\"}}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"},"
          + "{\"id\":1,\"op\":\"call\",\"function\":\"f\",\"module\":\"f\",\"args\":[0],\"type\":\"Int\","
          + "\"options\":{\"retry\":-1}}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"},"
          + "{\"id\":1,\"op\":\"call\",\"function\":\"f\",\"module\":\"f\",\"args\":[0],\"type\":\"Int\","
          + "\"options\":{\"backoff\":\"sometimes\"}}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"},"
          + "{\"id\":1,\"op\":\"call\",\"function\":\"f\",\"module\":\"f\",\"args\":[0],\"type\":\"Int\","
          + "\"fallback\":1}],\"outputs\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"}],"
          + "\"outputs\":[],\"labels\":{\"nodes\":[{\"label\":7,\"line\":1,\"column\":1}]}}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"}],"
          + "\"outputs\":[],\"labels\":[]}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"}],"
          + "\"outputs\":[],\"labels\":{\"nodes\":[],\"warnings\":[]}}",
      "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":\"Int\"}],"
          + "\"outputs\":[],\"labels\":{}}"})
  void fromBytes_invalidDocument_throwsUnableToDecode(String text) {
    assertThatThrownBy(() -> DagCodec.fromBytes(text.getBytes(StandardCharsets.UTF_8)))
        .isExactlyInstanceOf(UnableToDecodeDagException.class).hasMessageStartingWith("Unable to decode DAG: ");
  }

  @Test
  void fromBytes_null_throwsUnableToDecode() {
    assertThatThrownBy(() -> DagCodec.fromBytes(null)).isExactlyInstanceOf(UnableToDecodeDagException.class);
    assertThatThrownBy(() -> DagCodec.fromJson(null)).isExactlyInstanceOf(UnableToDecodeDagException.class);
  }

  @Test
  void fromBytes_invalidUtf8_throwsUnableToDecode() {
    byte[] bytes = "{\"formatVersion\":1,\"inputs\":[{\"name\":\"\",\"type\":\"Int\"}],\"nodes\":[],\"outputs\":[]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[bytes.length + 2];
    int at = "{\"formatVersion\":1,\"inputs\":[{\"name\":\"".length();
    System.arraycopy(bytes, 0, broken, 0, at);
    broken[at] = (byte) 0xC3;
    broken[at + 1] = (byte) 0x28;
    System.arraycopy(bytes, at, broken, at + 2, bytes.length - at);
    assertThatThrownBy(() -> DagCodec.fromBytes(broken)).isExactlyInstanceOf(UnableToDecodeDagException.class);
  }

  @Test
  void fromBytes_everyTruncation_throwsUnableToDecode() {
    for (int length = 0; length < VALID.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(VALID, length);
      assertThatThrownBy(() -> DagCodec.fromBytes(prefix)).as("prefix of %d bytes", length)
          .isExactlyInstanceOf(UnableToDecodeDagException.class);
    }
  }

  @Test
  void fromBytes_deepNesting_throwsUnableToDecode() {
    String arrays = "[".repeat(200_000) + "]".repeat(200_000);
    String objects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
    String tree = deepTree(5_000);
    for (String text : List.of(arrays, objects, tree)) {
      assertThatThrownBy(() -> DagCodec.fromBytes(text.getBytes(StandardCharsets.UTF_8)))
          .isExactlyInstanceOf(UnableToDecodeDagException.class);
    }
  }

  @Test
  void fromBytes_deepTypeRendering_throwsUnableToDecode() {
    String type = "List<".repeat(1_000_000) + "Int" + ">".repeat(1_000_000);
    String text = "{\"formatVersion\":1,\"inputs\":[{\"name\":\"x\",\"type\":\"" + type
        + "\"}],\"nodes\":[],\"outputs\":[]}";
    assertThatThrownBy(() -> DagCodec.fromBytes(text.getBytes(StandardCharsets.UTF_8)))
        .isExactlyInstanceOf(UnableToDecodeDagException.class).hasMessageContaining("$.inputs[0].type");
  }

  @Test
  void fromBytes_hugeNumbers_throwUnableToDecode() {
    for (String number : List.of("9".repeat(100_000), "1e999999999", "-" + "9".repeat(30), "1" + "0".repeat(19))) {
      String text = "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"literal\",\"type\":\"Int\","
          + "\"value\":" + number + "}],\"outputs\":[]}";
      assertThatThrownBy(() -> DagCodec.fromBytes(text.getBytes(StandardCharsets.UTF_8))).as(number.substring(0,
          Math.min(20, number.length()))).isExactlyInstanceOf(UnableToDecodeDagException.class);
    }
  }

  @Test
  void fromBytes_errorMessage_namesThePath() {
    String text = new String(VALID, StandardCharsets.UTF_8).replace("\"op\":\"compare\",\"operator\":\">=\"",
        "\"op\":\"compare\",\"operator\":\"%\"");
    assertThatThrownBy(() -> DagCodec.fromBytes(text.getBytes(StandardCharsets.UTF_8)))
        .isExactlyInstanceOf(UnableToDecodeDagException.class)
        .hasMessage("Unable to decode DAG: $.nodes[4].body.operator: unexpected value '%'");
  }

  @Property(tries = 300)
  void fromBytes_randomBytes_decodeOrThrowUnableToDecode(@ForAll @Size(max = 200) byte[] bytes) {
    assertDecodesOrRejects(bytes);
  }

  @Property(tries = 500)
  void fromBytes_byteLevelMutationsOfAValidDag_decodeOrThrowUnableToDecode(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int mutations) {
    Random random = new Random(seed);
    byte[] bytes = VALID.clone();
    for (int i = 0; i < mutations; i++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(3)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes[at] = (byte) "{}[]\",:0123456789-.e ntfalse".charAt(random.nextInt(27));
        default -> {
          int end = Math.min(bytes.length, at + random.nextInt(20));
          byte[] shorter = new byte[bytes.length - (end - at)];
          System.arraycopy(bytes, 0, shorter, 0, at);
          System.arraycopy(bytes, end, shorter, at, bytes.length - end);
          bytes = shorter;
        }
      }
    }
    assertDecodesOrRejects(bytes);
  }

  @Property(tries = 500)
  void fromBytes_structuralMutationsOfAValidDag_decodeOrThrowUnableToDecode(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    JsonNode document = JSON.readTree(VALID);
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(document, containers);
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      JsonNode target = containers.get(random.nextInt(containers.size()));
      JsonNode replacement = randomValue(random);
      if (target instanceof ObjectNode object && object.size() > 0) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(4) == 0) {
          object.remove(name);
        } else {
          object.set(name, replacement);
        }
      } else if (target instanceof ArrayNode array && array.size() > 0) {
        int index = random.nextInt(array.size());
        if (random.nextInt(4) == 0) {
          array.remove(index);
        } else {
          array.set(index, replacement);
        }
      }
    }
    assertDecodesOrRejects(JSON.writeValueAsBytes(document));
  }

  // ----------------------------------------------------------------------------------------------- helpers

  private static void assertDecodesOrRejects(byte[] bytes) {
    try {
      Dag dag = DagCodec.fromBytes(bytes);
      // Whatever was accepted must be a well-formed DAG: it re-encodes and decodes to itself.
      assertThat(DagCodec.fromBytes(DagCodec.toBytes(dag))).isEqualTo(dag);
    } catch (UnableToDecodeDagException expected) {
      assertThat(expected.getMessage()).startsWith("Unable to decode DAG: ");
    }
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      for (JsonNode child : node) collectContainers(child, out);
    }
  }

  private static JsonNode randomValue(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(12)) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextInt(5) - 1);
      case 3 -> f.numberNode(random.nextLong());
      case 4 -> f.numberNode(random.nextDouble());
      case 5 -> f.textNode("Int");
      case 6 -> f.textNode("List<{ stars: Int, text: String }>");
      case 7 -> f.textNode("capture");
      case 8 -> f.arrayNode().add(0).add(1);
      case 9 -> f.objectNode().put("op", "param").put("depth", 0).put("index", 0).put("type", "Int");
      case 10 -> f.objectNode();
      default -> f.textNode("\u0000\"\\");
    };
  }

  /** A hof whose body nests {@code depth} levels of {@code not}. */
  private static String deepTree(int depth) {
    String body = "{\"op\":\"param\",\"depth\":0,\"index\":0,\"type\":\"Boolean\"}";
    StringBuilder nested = new StringBuilder();
    nested.append("{\"op\":\"not\",\"type\":\"Boolean\",\"args\":[".repeat(depth)).append(body)
        .append("]}".repeat(depth));
    return "{\"formatVersion\":1,\"inputs\":[],\"nodes\":[{\"id\":0,\"op\":\"input\",\"name\":\"a\",\"type\":"
        + "\"List<Boolean>\"},{\"id\":1,\"op\":\"hof\",\"function\":\"all\",\"args\":[0],\"captures\":[],"
        + "\"type\":\"Boolean\",\"body\":" + nested + "}],\"outputs\":[]}";
  }
}
