package io.constellation.worker.state;

import io.constellation.engine.CompileResult;
import io.constellation.engine.Compiler;
import io.constellation.engine.Diagnostic;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the {@link CompilationStore} at start-up from the {@code .cst} files of one directory (not recursive), so
 * the first requests for common pipelines are cache hits. A file that cannot be read or does not compile is logged
 * with its errors and skipped; warming never fails the node's start.
 *
 * <p>Thread-safety: stateless apart from its collaborators, which are thread-safe.
 */
public final class CacheWarmer {

  /** Most files read from the directory; the rest are skipped with a warning. */
  public static final int MAX_FILES = 10_000;
  /** Largest file read (the compiler's own source limit is 1 MiB). */
  public static final long MAX_FILE_BYTES = 1 << 20;

  /** One file that was skipped, and why. */
  public record Skipped(Path file, List<String> errors) {
    public Skipped {
      errors = List.copyOf(errors);
    }
  }

  /** Outcome of one warming run. */
  public record Report(int compiled, int alreadyCached, List<Skipped> skipped) {
    public Report {
      skipped = List.copyOf(skipped);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(CacheWarmer.class);

  private final Compiler compiler;
  private final CompilationStore store;

  public CacheWarmer(Compiler compiler, CompilationStore store) {
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Compiles every regular {@code *.cst} file of {@code directory} into the store.
   *
   * @throws IllegalArgumentException if {@code directory} is not a readable directory
   */
  public Report warm(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("cache warming directory does not exist or is not a directory: " + directory);
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.cst")) {
      for (Path file : stream) {
        if (files.size() >= MAX_FILES) {
          LOG.warn("cache warming: more than {} .cst files in {}; the rest are skipped", MAX_FILES, directory);
          break;
        }
        files.add(file);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list cache warming directory " + directory + ": " + e, e);
    }
    files.sort(null);
    int compiled = 0;
    int alreadyCached = 0;
    List<Skipped> skipped = new ArrayList<>();
    for (Path file : files) {
      String source;
      try {
        source = read(file);
      } catch (IOException | IllegalArgumentException e) {
        skipped.add(skip(file, List.of(e.getMessage() == null ? e.toString() : e.getMessage())));
        continue;
      }
      long hitsBefore = store.localHits() + store.remoteHits();
      CompileResult result = store.compile(compiler, source);
      if (!result.ok()) {
        skipped.add(skip(file, result.errors().stream().map(Diagnostic::render).toList()));
      } else if (store.localHits() + store.remoteHits() > hitsBefore) {
        alreadyCached++;
      } else {
        compiled++;
      }
    }
    LOG.info("cache warming from {}: {} compiled, {} already cached, {} skipped", directory, compiled,
        alreadyCached, skipped.size());
    return new Report(compiled, alreadyCached, skipped);
  }

  private static Skipped skip(Path file, List<String> errors) {
    LOG.warn("cache warming: skipping {}: {}", file, String.join("; ", errors));
    return new Skipped(file, errors);
  }

  private static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("not a regular file");
    }
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("file is " + size + " bytes, over the " + MAX_FILE_BYTES + " byte limit");
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("file is not valid UTF-8");
    }
  }
}
