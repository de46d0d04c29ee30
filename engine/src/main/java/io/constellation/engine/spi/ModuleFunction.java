package io.constellation.engine.spi;

import java.util.Map;

/**
 * The implementation of a module. It receives its arguments as parameter name to value (LANGUAGE.md 8.1:
 * String, Long, Double, Boolean, List, Optional, Map) and returns a value of the declared return type. It may
 * block: the runtime calls it on a virtual thread. A thrown exception fails the attempt with its message.
 */
@FunctionalInterface
public interface ModuleFunction {
  Object invoke(Map<String, Object> arguments) throws Exception;
}
