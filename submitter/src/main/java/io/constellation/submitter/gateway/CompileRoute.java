package io.constellation.submitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.CompileResult;
import io.constellation.engine.CompiledPipeline;
import io.constellation.engine.Compiler;
import io.constellation.engine.Diagnostic;
import io.constellation.engine.dag.DagCodec;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /compile {"source": "..."}}: checks a pipeline without running it. Always 200 for a well-formed
 * request, the verdict in the body, in the shape of {@code constellation compile --json}:
 * <pre>{@code
 * {"status": "ok"|"rejected", "errors": [{"code", "message", "node": null, "line", "column", "snippet"}],
 *  "warnings": [{"message", "line", "column", "snippet"}], "sourceHash": "...",
 *  "structuralHash": "...", "registryHash": "...", "dag": {...},
 *  "modules": [{"id", "function", "module", "options"}]}          (the last four only when ok)
 * }</pre>
 *
 * <p>Thread-safety: thread-safe (the compiler is immutable).
 */
final class CompileRoute {
  private static final Set<String> FIELDS = Set.of("source");

  private final Compiler compiler;

  CompileRoute(Compiler compiler) {
    this.compiler = compiler;
  }

  Response compile(GatewayRequest request) throws IOException {
    request.query(Set.of());
    String source = BodyFields.of(request.jsonBody(), FIELDS).requiredString("source");
    return Response.ok(document(compiler.compile(source)));
  }

  static ObjectNode document(CompileResult compiled) {
    ObjectNode document = GatewayJson.object();
    document.put("status", compiled.ok() ? "ok" : "rejected");
    document.set("errors", errors(compiled.errors()));
    document.set("warnings", warnings(compiled.warnings()));
    document.put("sourceHash", compiled.sourceHash());
    if (compiled.ok()) {
      CompiledPipeline pipeline = compiled.get();
      document.put("structuralHash", pipeline.structuralHash());
      document.put("registryHash", pipeline.registryHash());
      JsonNode dag = GatewayJson.parseTrusted(DagCodec.toJson(pipeline.dag()), "the DAG codec's output");
      document.set("dag", dag);
      ArrayNode calls = document.putArray("modules");
      for (JsonNode node : dag.path("nodes")) {
        if ("call".equals(node.path("op").asText())) {
          ObjectNode call = calls.addObject();
          call.set("id", node.get("id"));
          call.set("function", node.get("function"));
          call.set("module", node.get("module"));
          call.set("options", node.has("options") ? node.get("options") : GatewayJson.object());
        }
      }
    }
    return document;
  }

  private static ArrayNode errors(List<Diagnostic> diagnostics) {
    ArrayNode array = GatewayJson.MAPPER.createArrayNode();
    for (Diagnostic d : diagnostics) {
      array.addObject().put("code", d.code()).put("message", d.message()).putNull("node")
          .put("line", d.line()).put("column", d.column()).put("snippet", d.snippet());
    }
    return array;
  }

  private static ArrayNode warnings(List<Diagnostic> diagnostics) {
    ArrayNode array = GatewayJson.MAPPER.createArrayNode();
    for (Diagnostic d : diagnostics) {
      array.addObject().put("message", d.message()).put("line", d.line()).put("column", d.column())
          .put("snippet", d.snippet());
    }
    return array;
  }
}
