package io.constellation.schemas;

import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Adds the generated Avro classes to Avro's process-wide list of trusted classes.
 *
 * <p>Why: since Avro 1.11.4, Avro refuses to load a record class by name unless its package is listed in the
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} system property. Besides decoding (which our codecs do without
 * it, see {@code GeneratedClasses}), the generated builders need it: {@code ExecutionResult.newBuilder()...build()}
 * without setting {@code errors}, {@code warnings} or {@code trace} reads the field's default through Avro and
 * fails with "SecurityException: Forbidden io.constellation.schemas.avro.ExecutionError!" in any JVM started
 * without the property (the test JVMs of this build set it, so only production would notice).
 *
 * <p>The codecs install it when their class initialises, so a process that creates a codec before building
 * records needs nothing else; {@link #install()} is for code that builds records first. It only adds trust for
 * the six generated classes, to whatever is already trusted.
 *
 * <p>Thread-safety: {@link #install()} may be called from any thread, any number of times; it runs once.
 */
public final class AvroTrust {
  private AvroTrust() {}

  /** Trusts the generated classes of {@code io.constellation.schemas.avro}; idempotent. */
  public static void install() {
    Installed.touch();
  }

  // Class initialisation runs exactly once, under the JVM's lock: no flag of our own.
  private static final class Installed {
    static {
      ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
          ClassSecurityValidator.getGlobal(),
          ClassSecurityValidator.builder()
              .add(ExecutionRequest.class)
              .add(ExecutionResult.class)
              .add(ExecutionError.class)
              .add(NodeTrace.class)
              .add(ExecutionStatus.class)
              .add(DeadLetter.class)
              .build()));
    }

    private Installed() {}

    static void touch() {}
  }
}
