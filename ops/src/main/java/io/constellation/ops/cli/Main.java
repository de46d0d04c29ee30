package io.constellation.ops.cli;

/** Entry point of the {@code constellation} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(64);
  }
}
