package io.constellation.ops.cli;

/** A command line that cannot be carried out as written: the message says what to change. Exit code 64. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
