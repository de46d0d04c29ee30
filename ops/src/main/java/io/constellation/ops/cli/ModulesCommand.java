package io.constellation.ops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.constellation.engine.spi.FunctionSignature;
import io.constellation.engine.spi.ModuleRegistry;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code constellation modules}: every function a pipeline can call, with its signature and module name. */
final class ModulesCommand {
  private final PrintStream out;
  private final Map<String, String> env;

  ModulesCommand(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  int run(List<String> args) {
    Arguments parsed = Arguments.parse(args, Set.of("--json"), Set.of("--module-path"));
    if (!parsed.positional().isEmpty()) throw new UsageException("unexpected argument " + parsed.positional().get(0));
    ModuleRegistry registry = Modules.registry(parsed.one("--module-path", null), env);
    if (parsed.has("--json")) {
      ArrayNode all = Json.MAPPER.createArrayNode();
      for (FunctionSignature signature : registry.signatures()) {
        ObjectNode entry = all.addObject();
        entry.put("name", signature.qualifiedName());
        entry.put("namespace", signature.namespace());
        entry.put("function", signature.name());
        entry.put("module", signature.module());
        ArrayNode params = entry.putArray("params");
        for (FunctionSignature.Parameter p : signature.parameters()) {
          params.addObject().put("name", p.name()).put("type", p.type().render());
        }
        entry.put("returns", signature.returns().render());
        entry.put("signature", signature.render());
      }
      ObjectNode document = Json.object();
      document.put("registryHash", registry.registryHash());
      document.set("modules", all);
      out.println(Json.write(document));
    } else {
      int width = 0;
      for (FunctionSignature s : registry.signatures()) width = Math.max(width, s.render().length());
      for (FunctionSignature s : registry.signatures()) {
        out.printf("%-" + width + "s   module %s%n", s.render(), s.module());
      }
      out.println(registry.signatures().size() + " functions");
    }
    return Main.EXIT_OK;
  }
}
