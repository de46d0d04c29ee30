package io.constellation.engine.parse;

import io.constellation.engine.json.CanonicalJson;
import java.util.List;

/**
 * The source hash of LANGUAGE.md 11.2: SHA-256 of the canonical JSON array of the lexemes in order. Comments and
 * whitespace are not tokens, so they never change it; a string literal contributes its quotes, its non-empty raw
 * text pieces (escapes undecoded, CR LF read as LF) and, as separate lexemes, {@code ${}, the tokens of each
 * interpolation and {@code }}.
 */
final class SourceHash {
  private SourceHash() {}

  static String of(List<Token> tokens) {
    StringBuilder json = new StringBuilder(tokens.size() * 8).append('[');
    boolean first = true;
    for (Token t : tokens) {
      if (t.kind() == TokenKind.EOF || t.kind() == TokenKind.ERROR) continue;
      if (t.kind() == TokenKind.STRING_TEXT && t.text().isEmpty()) continue;
      if (!first) json.append(',');
      CanonicalJson.appendString(json, t.text());
      first = false;
    }
    return CanonicalJson.sha256(json.append(']').toString());
  }
}
