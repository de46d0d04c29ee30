package io.constellation.engine.types;

import java.util.List;

/** A checked {@code match} arm pattern, as the checker resolves it and the DAG's match nodes carry it. */
public sealed interface MatchPattern {
  /** {@code {f, g}}: {@code fields} sorted; bindings are indexed in this order. */
  record Fields(List<String> fields) implements MatchPattern {
    public Fields { fields = List.copyOf(fields); }
  }

  /** {@code is N}, with {@code N} expanded. */
  record Is(Type type) implements MatchPattern {}

  /** {@code _}. */
  record Any() implements MatchPattern {}
}
