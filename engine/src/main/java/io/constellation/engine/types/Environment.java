package io.constellation.engine.types;

import io.constellation.engine.spi.ModuleRegistry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the declarations so far have defined (LANGUAGE.md 3): the three name spaces (values, types, aliases) and
 * the namespaces imported by {@code use}. It grows as declarations are checked in source order.
 */
final class Environment {
  /** A value in scope: an input or an assignment. */
  record Value(boolean input, Type type) {}

  final ModuleRegistry modules;
  /** Whether the pipeline has a {@code use} anywhere (LANGUAGE.md 6.2): it changes simple-name lookup. */
  final boolean anyUse;
  final Map<String, Value> values = new LinkedHashMap<>();
  final Map<String, Type> types = new HashMap<>();
  final Map<String, String> aliases = new HashMap<>();
  final Set<String> imports = new LinkedHashSet<>();

  Environment(ModuleRegistry modules, boolean anyUse) {
    this.modules = modules;
    this.anyUse = anyUse;
  }
}
