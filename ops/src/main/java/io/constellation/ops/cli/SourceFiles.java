package io.constellation.ops.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the files a command names, refusing what is missing, too large or not UTF-8 with a usage error. */
final class SourceFiles {
  private SourceFiles() {}

  static String read(String name, long maxBytes, String what) {
    Path path = Path.of(name);
    try {
      if (!Files.isRegularFile(path)) throw new UsageException(what + " not found: " + name);
      long size = Files.size(path);
      if (size > maxBytes) {
        throw new UsageException(what + " " + name + " is " + size + " bytes, over the limit of " + maxBytes);
      }
      byte[] bytes = Files.readAllBytes(path);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(what + " " + name + " is not valid UTF-8");
    } catch (IOException e) {
      throw new UsageException("cannot read " + what + " " + name + ": " + e.getMessage());
    }
  }
}
