package io.constellation.engine.spi;

import io.constellation.engine.types.Type;
import java.util.List;

/**
 * The static face of a function (LANGUAGE.md 6.1): optional dotted namespace, name, typed parameters, return type
 * and the module name that binds its implementation at run time. Generic signatures use {@link
 * Type.TypeVariable}s {@code T} and {@code U}.
 */
public record FunctionSignature(String namespace, String name, List<Parameter> parameters, Type returns,
    String module) {

  public FunctionSignature {
    parameters = List.copyOf(parameters);
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("name must not be empty");
    if (module == null || module.isEmpty()) throw new IllegalArgumentException("module must not be empty");
  }

  public record Parameter(String name, Type type) {}

  /** {@code namespace.name}, or {@code name} without a namespace. */
  public String qualifiedName() {
    return namespace == null ? name : namespace + "." + name;
  }

  /** {@code name(a: T, b: U) -> R}. */
  public String render() {
    StringBuilder out = new StringBuilder(qualifiedName()).append('(');
    for (int i = 0; i < parameters.size(); i++) {
      if (i > 0) out.append(", ");
      out.append(parameters.get(i).name()).append(": ").append(parameters.get(i).type().render());
    }
    return out.append(") -> ").append(returns.render()).toString();
  }
}
