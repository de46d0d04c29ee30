package io.constellation.engine.dag;

/**
 * Thrown by {@link DagCodec#fromJson} and {@link DagCodec#fromBytes} when the input is not a DAG document this
 * version can read: malformed JSON or UTF-8, an unsupported format version, a missing or mistyped member, a bad
 * type rendering, a reference to a missing node, an operand count that does not fit the op. The message names the
 * JSON path ({@code $.nodes[3].args[0]}) and the reason. Retrying the same bytes never helps.
 */
public final class UnableToDecodeDagException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnableToDecodeDagException(String message) {
    super(message);
  }

  public UnableToDecodeDagException(String message, Throwable cause) {
    super(message, cause);
  }
}
