package io.constellation.engine.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * The environment of a lambda or match-arm body (a tree, LANGUAGE.md 11.3): {@code frame} holds the bindings of
 * the innermost binder, {@code outer} the enclosing binders ({@code Param.depth} counts outwards), and
 * {@code captures} resolves {@code Capture} nodes to the values of the enclosing DAG node's captures.
 */
record Env(Object[] frame, Env outer, Captures captures) {

  /** Resolves capture {@code index}; captured outer nodes are demanded on first use. */
  @FunctionalInterface
  interface Captures {
    CompletableFuture<Object> get(int index);
  }

  Object param(int depth, int index) {
    Env env = this;
    for (int i = 0; i < depth; i++) env = env.outer;
    return env.frame[index];
  }
}
