package io.constellation.ops.cli;

/**
 * A command that cannot go on for a reason outside the command line (the cluster is unreachable, a file cannot be
 * written): the message says what happened and what to try; {@link Main} prints it and exits with
 * {@link #exitCode()}.
 */
final class CommandException extends RuntimeException {
  private final int exitCode;

  CommandException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  static CommandException unavailable(String message) {
    return new CommandException(Main.EXIT_UNAVAILABLE, message);
  }
}
