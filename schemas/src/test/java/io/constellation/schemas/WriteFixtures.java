package io.constellation.schemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the Avro fixtures of {@code src/test/resources/fixtures/}: the bytes of {@link Samples}' records as
 * written by the schema version released when the fixture was made. Run by hand, once per released version,
 * from the schemas module directory:
 *
 * <pre>{@code java -cp <test classpath> io.constellation.schemas.WriteFixtures src/test/resources/fixtures v1}</pre>
 *
 * <p>Never run by the build (its name is not a test's), and it refuses to overwrite: the point of a fixture is
 * that it was written by an older release, and {@code SchemaEvolutionTest} checks every later version reads it.
 */
final class WriteFixtures {
  private WriteFixtures() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) throw new IllegalArgumentException("usage: WriteFixtures <fixtures dir> <version: v1, v2 or v3>");
    Path dir = Path.of(args[0]);
    String version = args[1];
    switch (version) {
      case "v1" -> {
        write(dir.resolve("request.v1.avro"), new RequestCodec().encode(Samples.fullRequest(), Encoding.AVRO));
        write(dir.resolve("result.v1.avro"), new ResultCodec().encode(Samples.fullResult(), Encoding.AVRO));
        write(dir.resolve("deadletter.v1.avro"), new DeadLetterCodec().encode(Samples.fullDeadLetter()));
      }
      // v2 added cacheTtlMs and fromCache; DeadLetter did not change, so it has no v2 fixture.
      case "v2" -> {
        write(dir.resolve("request.v2.avro"), new RequestCodec().encode(Samples.fullRequestV2(), Encoding.AVRO));
        write(dir.resolve("request.v2.json"), new RequestCodec().encode(Samples.fullRequestV2(), Encoding.JSON));
        write(dir.resolve("result.v2.avro"), new ResultCodec().encode(Samples.fullResultV2(), Encoding.AVRO));
      }
      // v3 added the result's source and inputs (kept for replay); only ExecutionResult changed.
      case "v3" -> {
        write(dir.resolve("result.v3.avro"), new ResultCodec().encode(Samples.fullResultV3(), Encoding.AVRO));
        write(dir.resolve("result.v3.json"), new ResultCodec().encode(Samples.fullResultV3(), Encoding.JSON));
      }
      default -> throw new IllegalArgumentException("no fixtures defined for version " + version);
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    if (Files.exists(file)) throw new IllegalStateException(file + " exists; fixtures are never regenerated");
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    System.out.println("wrote " + file + " (" + bytes.length + " bytes)");
  }
}
