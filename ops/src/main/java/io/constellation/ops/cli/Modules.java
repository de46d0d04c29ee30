package io.constellation.ops.cli;

import io.constellation.engine.spi.Module;
import io.constellation.engine.spi.ModuleRegistry;
import io.constellation.ops.bench.BenchModules;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the module registry of a command: the standard library, the bundled modules, and every
 * {@link io.constellation.engine.spi.ModuleProvider} found on the class path or in the jars of
 * {@code --module-path} / {@code CONSTELLATION_MODULE_PATH}.
 */
final class Modules {
  private Modules() {}

  static ModuleRegistry registry(String modulePath, Map<String, String> env) {
    return registry(modulePath, env, List.of());
  }

  /** As {@link #registry(String, Map)}, plus {@code extra} modules of the command itself. */
  static ModuleRegistry registry(String modulePath, Map<String, String> env, List<Module> extra) {
    String path = modulePath != null ? modulePath : env.get("CONSTELLATION_MODULE_PATH");
    ClassLoader parent = Modules.class.getClassLoader();
    boolean benchModules = "true".equals(env.get(BenchModules.ENABLE_VARIABLE));
    if (path == null || path.isBlank()) return registry(parent, benchModules, extra);
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isBlank()) continue;
      Path jar = Path.of(entry);
      if (!Files.isReadable(jar)) throw new UsageException("module path entry not found: " + entry);
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UsageException("bad module path entry " + entry + ": " + e.getMessage());
      }
    }
    // The loader lives as long as the process: the modules it loaded are called until exit.
    @SuppressWarnings("resource")
    URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), parent);
    try {
      return registry(loader, benchModules, extra);
    } catch (java.util.ServiceConfigurationError | IllegalArgumentException e) {
      throw new UsageException("cannot load modules from " + path + ": " + e.getMessage());
    }
  }

  private static ModuleRegistry registry(ClassLoader loader, boolean benchModules, List<Module> extra) {
    ModuleRegistry.Builder builder = ModuleRegistry.builder().addStandard().addProviders(loader).addAll(extra);
    if (benchModules) builder.addAll(BenchModules.modules());
    return builder.build();
  }
}
