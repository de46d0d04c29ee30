package io.constellation.engine.spi;

import io.constellation.engine.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A function signature with its implementation. Declare one with the builder:
 *
 * <pre>{@code
 * Module shout = Module.builder("Shout")
 *     .param("text", Type.STRING)
 *     .returns(Type.STRING)
 *     .implementation(args -> ((String) args.get("text")).toUpperCase(Locale.ROOT) + "!")
 *     .build();
 * }</pre>
 */
public record Module(FunctionSignature signature, ModuleFunction implementation, boolean nonBlocking) {
  public Module {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(implementation, "implementation");
  }

  /** A module that may block (the default): the runtime calls it on a virtual thread. */
  public Module(FunctionSignature signature, ModuleFunction implementation) {
    this(signature, implementation, false);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link Module}; the module name defaults to the qualified function name. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String moduleName;
    private final List<FunctionSignature.Parameter> parameters = new ArrayList<>();
    private Type returns;
    private ModuleFunction implementation;
    private boolean nonBlocking;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** The key that binds the implementation at run time; defaults to the qualified name. */
    public Builder moduleName(String moduleName) {
      this.moduleName = moduleName;
      return this;
    }

    public Builder param(String parameterName, Type type) {
      parameters.add(new FunctionSignature.Parameter(parameterName, type));
      return this;
    }

    public Builder returns(Type type) {
      this.returns = type;
      return this;
    }

    public Builder implementation(ModuleFunction implementation) {
      this.implementation = implementation;
      return this;
    }

    /**
     * Declares that the implementation is quick and never blocks (no I/O, no locks, no sleeping), so the runtime
     * may call it on the demanding thread instead of handing it to a virtual thread.
     */
    public Builder nonBlocking() {
      this.nonBlocking = true;
      return this;
    }

    public Module build() {
      if (returns == null) throw new IllegalStateException("module " + name + ": returns(type) is required");
      if (implementation == null) {
        throw new IllegalStateException("module " + name + ": implementation(...) is required");
      }
      String qualified = namespace == null ? name : namespace + "." + name;
      return new Module(new FunctionSignature(namespace, name, parameters, returns,
          moduleName == null ? qualified : moduleName), implementation, nonBlocking);
    }
  }
}
