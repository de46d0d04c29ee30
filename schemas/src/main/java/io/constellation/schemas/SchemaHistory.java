package io.constellation.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The released versions of each record schema, kept as {@code schema-history/<Name>.v<N>.avsc} resources (v1 is
 * the schema as first released), loaded once at class initialisation.
 *
 * <p>Why: single-object encoding carries only the writer schema's fingerprint, so a reader must know every schema
 * that ever wrote a payload it may still meet (records retained on a topic, dead letters replayed months later).
 * Releasing a schema change means adding the next {@code .v<N>.avsc} here; {@code SchemaEvolutionTest} fails if
 * the current schema is not among them.
 */
final class SchemaHistory {
  static final List<Schema> EXECUTION_REQUEST = load("ExecutionRequest");
  static final List<Schema> EXECUTION_RESULT = load("ExecutionResult");
  static final List<Schema> DEAD_LETTER = load("DeadLetter");

  private SchemaHistory() {}

  /** Every released version of {@code name}, v1 first; versions are numbered without gaps. */
  static List<Schema> load(String name) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String resource = "/schema-history/" + name + ".v" + version + ".avsc";
      try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
        if (in == null) break;
        // A parser per file: every version defines the same named types (ExecutionError, NodeTrace, ...).
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema resource " + resource, e);
      }
    }
    if (versions.isEmpty()) {
      throw new IllegalStateException("no schema history for " + name + ": expected /schema-history/" + name + ".v1.avsc");
    }
    return List.copyOf(versions);
  }
}
