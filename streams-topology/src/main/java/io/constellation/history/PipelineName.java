package io.constellation.history;

import io.constellation.schemas.avro.ExecutionResult;
import java.util.Map;

/**
 * The name under which an execution's pipeline is recorded, aggregated and filtered: the request's
 * {@code pipeline} metadata when given (the CLI sets it to the file name), else its structural hash, else its
 * source hash (a source that did not compile has no structure), else {@value #UNKNOWN}.
 */
public final class PipelineName {
  /** Metadata key a submitter sets to name the pipeline. */
  public static final String METADATA_KEY = "pipeline";
  /** Name of a pipeline whose result carries neither a name nor a hash. */
  public static final String UNKNOWN = "unknown";
  /** Names longer than this are cut, so one careless client cannot bloat every index entry. */
  public static final int MAX_LENGTH = 200;

  private PipelineName() {}

  public static String of(ExecutionResult result) {
    Map<String, String> metadata = result.getMetadata();
    String named = metadata == null ? null : metadata.get(METADATA_KEY);
    if (named != null && !named.isBlank()) return cut(named.strip());
    if (result.getStructuralHash() != null) return result.getStructuralHash();
    if (result.getSourceHash() != null) return result.getSourceHash();
    return UNKNOWN;
  }

  private static String cut(String name) {
    return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
  }
}
