package io.constellation.submitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.dag.DagCodec;
import io.constellation.engine.Diagnostic;
import java.util.List;

/**
 * The JSON verdict on a pipeline source, shared by {@code constellation compile --json} and the gateway's
 * {@code POST /compile}:
 * <pre>{@code
 * {"status": "ok"|"rejected", "errors": [{"code", "message", "node": null, "line", "column", "snippet"}],
 *  "warnings": [{"message", "line", "column", "snippet"}], "sourceHash": "...",
 *  "structuralHash": "...", "registryHash": "...", "dag": {...},
 *  "modules": [{"id", "function", "module", "options"}]}          (the last four only when ok)
 * }</pre>
 */
public final class CompileReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CompileReport() {}

  public static ObjectNode toJson(CompileResult compiled) {
    ObjectNode document = JSON.objectNode();
    document.put("status", compiled.ok() ? "ok" : "rejected");
    document.set("errors", errors(compiled.errors()));
    document.set("warnings", warnings(compiled.warnings()));
    document.put("sourceHash", compiled.sourceHash());
    if (compiled.ok()) {
      CompiledPipeline pipeline = compiled.get();
      document.put("structuralHash", pipeline.structuralHash());
      document.put("registryHash", pipeline.registryHash());
      JsonNode dag = dag(pipeline);
      document.set("dag", dag);
      ArrayNode calls = document.putArray("modules");
      for (JsonNode node : dag.path("nodes")) {
        if ("call".equals(node.path("op").asText())) {
          ObjectNode call = calls.addObject();
          call.set("id", node.get("id"));
          call.set("function", node.get("function"));
          call.set("module", node.get("module"));
          call.set("options", node.has("options") ? node.get("options") : JSON.objectNode());
        }
      }
    }
    return document;
  }

  /** Compile errors: {@code [{"code", "message", "node": null, "line", "column", "snippet"}]}. */
  public static ArrayNode errors(List<Diagnostic> diagnostics) {
    ArrayNode array = JSON.arrayNode();
    for (Diagnostic d : diagnostics) {
      array.addObject().put("code", d.code()).put("message", d.message()).putNull("node")
          .put("line", d.line()).put("column", d.column()).put("snippet", d.snippet());
    }
    return array;
  }

  /** Warnings: {@code [{"message", "line", "column", "snippet"}]}. */
  public static ArrayNode warnings(List<Diagnostic> diagnostics) {
    ArrayNode array = JSON.arrayNode();
    for (Diagnostic d : diagnostics) {
      array.addObject().put("message", d.message()).put("line", d.line()).put("column", d.column())
          .put("snippet", d.snippet());
    }
    return array;
  }

  private static JsonNode dag(CompiledPipeline pipeline) {
    try {
      return MAPPER.readTree(DagCodec.toJson(pipeline.dag()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the DAG codec wrote JSON that does not parse", e);
    }
  }
}
