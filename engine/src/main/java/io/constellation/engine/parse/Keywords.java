package io.constellation.engine.parse;

/** The 19 reserved words of LANGUAGE.md 1 and the option names of 7.1. */
final class Keywords {
  private Keywords() {}

  static boolean isReserved(String word) {
    return switch (word) {
      case "type", "in", "out", "if", "else", "true", "false", "use", "as", "and", "or", "not", "when", "branch",
          "otherwise", "with", "lazy", "match", "is" -> true;
      default -> false;
    };
  }

  static boolean isOptionName(String word) {
    return switch (word) {
      case "retry", "timeout", "delay", "backoff", "fallback", "cache", "cache_backend", "throttle", "concurrency",
          "on_error", "lazy", "priority", "batch", "batch_timeout", "checkpoint", "window", "join" -> true;
      default -> false;
    };
  }
}
