package io.constellation.engine.spi;

import java.util.List;

/**
 * Contributes modules from a user's jar. Implementations are found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/io.constellation.engine.spi.ModuleProvider}.
 */
public interface ModuleProvider {
  List<Module> modules();
}
