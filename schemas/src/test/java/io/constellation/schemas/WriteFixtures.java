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
    if (args.length != 2) throw new IllegalArgumentException("usage: WriteFixtures <fixtures dir> <version, e.g. v1>");
    Path dir = Path.of(args[0]);
    String version = args[1];
    write(dir.resolve("request." + version + ".avro"), new RequestCodec().encode(Samples.fullRequest(), Encoding.AVRO));
    write(dir.resolve("result." + version + ".avro"), new ResultCodec().encode(Samples.fullResult(), Encoding.AVRO));
    write(dir.resolve("deadletter." + version + ".avro"), new DeadLetterCodec().encode(Samples.fullDeadLetter()));
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    if (Files.exists(file)) throw new IllegalStateException(file + " exists; fixtures are never regenerated");
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    System.out.println("wrote " + file + " (" + bytes.length + " bytes)");
  }
}
