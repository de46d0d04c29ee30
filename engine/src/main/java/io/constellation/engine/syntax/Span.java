package io.constellation.engine.syntax;

/**
 * A region of source text: {@code start} inclusive and {@code end} exclusive, as offsets in code points, plus the
 * 1-based line and column (in code points) of the start.
 */
public record Span(int start, int end, int line, int column) {
  public static final Span NONE = new Span(0, 0, 1, 1);

  /** The span from the start of this one to the end of {@code other}. */
  public Span to(Span other) {
    return new Span(start, Math.max(end, other.end), line, column);
  }
}
