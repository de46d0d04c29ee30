package io.constellation.schemas;

import io.constellation.schemas.avro.DeadLetter;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionRequest;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import io.constellation.schemas.avro.NodeTrace;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model our decoders use: {@link SpecificData} that maps our record and enum names straight to the
 * generated classes.
 *
 * <p>Why: since Avro 1.11.4, {@code SpecificData} finds a class by name through {@code ClassSecurityValidator},
 * which refuses any package not listed in the {@code org.apache.avro.SERIALIZABLE_PACKAGES} system property
 * ("Forbidden io.constellation.schemas.avro.ExecutionRequest! This class is not trusted"). Decoding must work in
 * every process without a JVM flag, and a global {@code ClassSecurityValidator.setGlobal} would change other
 * libraries' behaviour; answering the few names we own ourselves needs neither. Other names still go through
 * the validator.
 *
 * <p>Thread-safety: thread-safe, as {@link SpecificData} is once configured.
 */
final class GeneratedClasses extends SpecificData {
  private static final Map<String, Class<?>> CLASSES = Map.of(
      ExecutionRequest.getClassSchema().getFullName(), ExecutionRequest.class,
      ExecutionResult.getClassSchema().getFullName(), ExecutionResult.class,
      ExecutionError.getClassSchema().getFullName(), ExecutionError.class,
      NodeTrace.getClassSchema().getFullName(), NodeTrace.class,
      ExecutionStatus.getClassSchema().getFullName(), ExecutionStatus.class,
      DeadLetter.getClassSchema().getFullName(), DeadLetter.class);

  GeneratedClasses() {
    super(GeneratedClasses.class.getClassLoader());
    addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  @Override
  @SuppressWarnings("rawtypes") // the overridden signature is raw
  public Class getClass(Schema schema) {
    if (schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM) {
      Class<?> known = CLASSES.get(schema.getFullName());
      if (known != null) return known;
    }
    return super.getClass(schema);
  }
}
