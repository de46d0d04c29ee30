package io.constellation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON tree in the shape its canonical text parses to: object keys in code-point order. Scalars need no
 * change: canonical text writes integers exactly and other numbers as {@code Double.toString}, which parse back to
 * the same values and node types. So a consumer of the canonical text can take this tree instead of parsing it.
 *
 * <p>Thread-safety: stateless.
 */
final class CanonicalTree {
  private CanonicalTree() {}

  /**
   * {@code object} itself when its keys are already in order (as canonical producers send them), else an ordered
   * copy sharing the scalar nodes.
   */
  static ObjectNode of(ObjectNode object) {
    return isOrdered(object) ? object : (ObjectNode) ordered(object);
  }

  private static boolean isOrdered(JsonNode node) {
    if (node.isObject()) {
      String previous = null;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (previous != null && CanonicalJson.compareCodePoints(previous, field.getKey()) > 0) return false;
        if (!isOrdered(field.getValue())) return false;
        previous = field.getKey();
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (!isOrdered(item)) return false;
      }
    }
    return true;
  }

  private static JsonNode ordered(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.size());
      node.fieldNames().forEachRemaining(names::add);
      names.sort(CanonicalJson::compareCodePoints);
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (String name : names) copy.set(name, ordered(node.get(name)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode item : node) copy.add(ordered(item));
      return copy;
    }
    return node; // scalar nodes are immutable
  }
}
