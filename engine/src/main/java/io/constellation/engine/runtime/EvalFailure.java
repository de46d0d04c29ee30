package io.constellation.engine.runtime;

/**
 * A node's failure as it travels through futures. {@code reported} says whether its error has already been
 * recorded for some top-level node: failures raised inside lambda and arm bodies stay unreported until the
 * enclosing top-level node settles and reports them under its own label (LANGUAGE.md 6.4, 9.3), while a reported
 * failure only propagates. Stack traces are not filled: these are expected outcomes, not bugs.
 */
final class EvalFailure extends RuntimeException {
  private final String code;
  private final String module;
  private final boolean reported;

  EvalFailure(String code, String message, String module, boolean reported) {
    super(message, null, false, false);
    this.code = code;
    this.module = module;
    this.reported = reported;
  }

  static EvalFailure of(String code, String message) {
    return new EvalFailure(code, message, null, false);
  }

  static EvalFailure evaluation(String message) {
    return new EvalFailure("EVALUATION_ERROR", message, null, false);
  }

  String code() {
    return code;
  }

  String module() {
    return module;
  }

  boolean reported() {
    return reported;
  }

  EvalFailure asReported() {
    return reported ? this : new EvalFailure(code, getMessage(), module, true);
  }

  /** The failure behind a future's exception; anything unexpected becomes an EVALUATION_ERROR. */
  static EvalFailure from(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof EvalFailure failure) return failure;
    String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    return evaluation("Internal evaluation error: " + message);
  }
}
