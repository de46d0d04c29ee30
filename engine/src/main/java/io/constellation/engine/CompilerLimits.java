package io.constellation.engine;

/**
 * Bounds on what the compiler accepts, so no input can exhaust it: source size in bytes (UTF-8), number of syntax
 * nodes, and expression/type nesting depth. Exceeding one is a compile error, never an exception.
 */
public record CompilerLimits(int maxSourceBytes, int maxNodes, int maxDepth) {
  public static final CompilerLimits DEFAULTS = new CompilerLimits(1 << 20, 10_000, 200);

  public CompilerLimits {
    if (maxSourceBytes < 1) throw new IllegalArgumentException("maxSourceBytes must be >= 1, was " + maxSourceBytes);
    if (maxNodes < 1) throw new IllegalArgumentException("maxNodes must be >= 1, was " + maxNodes);
    if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be >= 1, was " + maxDepth);
  }
}
