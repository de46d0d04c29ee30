package io.constellation.engine.spi;

import io.constellation.engine.json.CanonicalJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The functions a pipeline may call: signatures for the compiler, implementations for the runtime (LANGUAGE.md
 * 6.1). Immutable once built.
 *
 * <p>Thread-safety: instances are immutable and safe to share.
 */
public final class ModuleRegistry {
  private final Map<String, FunctionSignature> byQualifiedName;
  private final Map<String, List<FunctionSignature>> bySimpleName;
  private final Map<String, ModuleFunction> byModuleName;
  private final Set<String> nonBlockingModules;
  private final String registryHash;

  private ModuleRegistry(List<Module> modules) {
    Map<String, FunctionSignature> qualified = new TreeMap<>(CanonicalJson::compareCodePoints);
    Map<String, List<FunctionSignature>> simple = new LinkedHashMap<>();
    Map<String, ModuleFunction> implementations = new LinkedHashMap<>();
    Set<String> nonBlocking = new HashSet<>();
    for (Module module : modules) {
      FunctionSignature signature = module.signature();
      if (qualified.putIfAbsent(signature.qualifiedName(), signature) != null) {
        throw new IllegalArgumentException("function registered twice: " + signature.qualifiedName());
      }
      simple.computeIfAbsent(signature.name(), k -> new ArrayList<>()).add(signature);
      implementations.put(signature.module(), module.implementation());
      if (module.nonBlocking()) nonBlocking.add(signature.module());
    }
    simple.replaceAll((k, v) -> List.copyOf(v));
    this.byQualifiedName = Collections.unmodifiableMap(qualified);
    this.bySimpleName = Map.copyOf(simple);
    this.byModuleName = Map.copyOf(implementations);
    this.nonBlockingModules = Set.copyOf(nonBlocking);
    this.registryHash = CanonicalJson.sha256(hashDocument(qualified.values()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The standard library and the bundled example modules (LANGUAGE.md 6.3 and 12). */
  public static ModuleRegistry standard() {
    return builder().addStandard().build();
  }

  /** {@link #standard()} plus every module of every {@link ModuleProvider} on the class path. */
  public static ModuleRegistry discover(ClassLoader loader) {
    return builder().addStandard().addProviders(loader).build();
  }

  /** Every signature, sorted by qualified name. */
  public Collection<FunctionSignature> signatures() {
    return byQualifiedName.values();
  }

  public Optional<FunctionSignature> find(String qualifiedName) {
    return Optional.ofNullable(byQualifiedName.get(qualifiedName));
  }

  /** Every signature with this simple name, in any namespace or none. */
  public List<FunctionSignature> withSimpleName(String name) {
    return bySimpleName.getOrDefault(name, List.of());
  }

  /** True when {@code namespace} equals, or is a dotted-segment prefix of, a registered namespace. */
  public boolean isNamespace(String namespace) {
    for (FunctionSignature signature : byQualifiedName.values()) {
      String ns = signature.namespace();
      if (ns != null && (ns.equals(namespace) || ns.startsWith(namespace + "."))) return true;
    }
    return false;
  }

  /** The implementation bound to a module name. */
  public Optional<ModuleFunction> implementation(String moduleName) {
    return Optional.ofNullable(byModuleName.get(moduleName));
  }

  /** True when the module bound to this name was declared {@link Module.Builder#nonBlocking()}. */
  public boolean isNonBlocking(String moduleName) {
    return nonBlockingModules.contains(moduleName);
  }

  /** SHA-256 over every signature (LANGUAGE.md 11.4). */
  public String registryHash() {
    return registryHash;
  }

  private static String hashDocument(Collection<FunctionSignature> sorted) {
    StringBuilder out = new StringBuilder("[");
    boolean first = true;
    for (FunctionSignature signature : sorted) {
      if (!first) out.append(',');
      first = false;
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("module", CanonicalJson.string(signature.module()));
      fields.put("name", CanonicalJson.string(signature.name()));
      fields.put("namespace", signature.namespace() == null ? "null" : CanonicalJson.string(signature.namespace()));
      StringBuilder params = new StringBuilder("[");
      for (int i = 0; i < signature.parameters().size(); i++) {
        FunctionSignature.Parameter p = signature.parameters().get(i);
        if (i > 0) params.append(',');
        params.append(CanonicalJson.object(Map.of(
            "name", CanonicalJson.string(p.name()), "type", CanonicalJson.string(p.type().render()))));
      }
      fields.put("params", params.append(']').toString());
      fields.put("returns", CanonicalJson.string(signature.returns().render()));
      out.append(CanonicalJson.object(fields));
    }
    return out.append(']').toString();
  }

  /** Collects modules; a qualified name may be registered once. */
  public static final class Builder {
    private final List<Module> modules = new ArrayList<>();

    private Builder() {}

    public Builder add(Module module) {
      modules.add(module);
      return this;
    }

    public Builder addAll(Collection<Module> more) {
      modules.addAll(more);
      return this;
    }

    public Builder addStandard() {
      modules.addAll(io.constellation.engine.stdlib.StandardLibrary.modules());
      modules.addAll(io.constellation.engine.stdlib.ExampleModules.modules());
      return this;
    }

    public Builder addProviders(ClassLoader loader) {
      for (ModuleProvider provider : ServiceLoader.load(ModuleProvider.class, loader)) {
        modules.addAll(provider.modules());
      }
      return this;
    }

    public ModuleRegistry build() {
      return new ModuleRegistry(modules);
    }
  }
}
