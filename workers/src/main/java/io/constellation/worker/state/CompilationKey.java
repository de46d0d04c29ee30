package io.constellation.worker.state;

/**
 * A compilation key, {@code compilation:<sourceHash>:<registryHash>}, as {@link CompilationStore#compilationKey}
 * derives it from source text. Only this package creates one, and only in that form, so a lookup by it skips the
 * check that {@link CompilationStore#find(String)} gives a key string from elsewhere.
 *
 * <p>Thread-safety: immutable.
 */
public final class CompilationKey {
  private final String text;

  CompilationKey(String text) {
    this.text = text;
  }

  /** The key as stored: {@code compilation:<sourceHash>:<registryHash>}. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CompilationKey key && text.equals(key.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
