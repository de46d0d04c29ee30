package io.constellation.ops.cli;

import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleProvider;
import io.constellation.engine.types.Type;
import java.util.List;
import java.util.Locale;

/** A user module shipped the way users ship theirs: a provider listed in META-INF/services. */
public final class ShoutModules implements ModuleProvider {
  @Override
  public List<Module> modules() {
    return List.of(Module.builder("Shout")
        .namespace("acme.text")
        .param("text", Type.STRING)
        .param("times", Type.INT)
        .returns(Type.STRING)
        .implementation(args -> ((String) args.get("text")).toUpperCase(Locale.ROOT)
            + "!".repeat((int) (long) (Long) args.get("times")))
        .build());
  }
}
