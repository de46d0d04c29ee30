package io.constellation.submitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.submitter.gateway.Api.Answer;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /openapi.json} describes exactly the routes the gateway serves. */
@ExtendWith(GatewayCluster.Extension.class)
final class GatewayOpenApiTest {

  private static Set<String> documented(JsonNode document) {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        operations.add(methods.next().toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }
    return operations;
  }

  @Test
  void openApi_documentsEveryServedRoute_andNothingElse(GatewayCluster cluster) {
    Answer answer = cluster.api().get("/openapi.json");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode document = answer.json();
    assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
    Set<String> served = cluster.gateway().routes().stream().map(r -> r.method() + " " + r.template())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented(document)).isEqualTo(served);
  }

  @Test
  void openApi_marksExactlyTheOpenRoutesAsNeedingNoKey(GatewayCluster cluster) {
    JsonNode paths = cluster.api().get("/openapi.json").json().get("paths");

    for (Route route : cluster.gateway().routes()) {
      JsonNode operation = paths.get(route.template()).get(route.method().toLowerCase(Locale.ROOT));
      boolean documentedOpen = operation.has("security") && operation.get("security").isEmpty();
      assertThat(documentedOpen).as(route.method() + " " + route.template()).isEqualTo(!route.needsKey());
      if (route.needsKey()) {
        assertThat(operation.get("responses").has("401")).as(route.template() + " documents 401").isTrue();
      }
    }
  }

  @Test
  void openApi_everyReferenceResolves(GatewayCluster cluster) {
    JsonNode document = cluster.api().get("/openapi.json").json();
    Set<String> missing = new TreeSet<>();
    collectMissingRefs(document, document, missing);

    assertThat(missing).isEmpty();
  }

  private static void collectMissingRefs(JsonNode root, JsonNode node, Set<String> missing) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && root.at(ref.asText().substring(1)).isMissingNode()) missing.add(ref.asText());
      node.elements().forEachRemaining(child -> collectMissingRefs(root, child, missing));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectMissingRefs(root, child, missing));
    }
  }
}
