package io.constellation.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One non-blank line of a JSONL inputs file: the inputs it holds, or why it holds none. */
sealed interface JsonlEntry {
  /** 1-based line number in the file (blank lines count). */
  int line();

  record Inputs(int line, ObjectNode inputs) implements JsonlEntry {}

  record Malformed(int line, String reason) implements JsonlEntry {}
}
