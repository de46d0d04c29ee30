package io.constellation.worker.publish;

import io.constellation.schemas.Encoding;
import io.constellation.schemas.ResultCodec;
import io.constellation.schemas.avro.ExecutionError;
import io.constellation.schemas.avro.ExecutionResult;
import io.constellation.schemas.avro.ExecutionStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a result into its record on the results topic: key = executionId, value in the request's encoding, header
 * {@code content-type}.
 *
 * <p>A result too large to publish would fail its transaction on every retry and stall the partition forever, so
 * it is shrunk instead, each step with a warning saying so: first the source and inputs kept for replay are dropped,
 * then the trace, then the outputs and errors, leaving a FAILED result with {@code RESULT_TOO_LARGE}. The executionId always gets an answer.
 *
 * <p>Thread-safety: immutable.
 */
public final class ResultRecords {
  /** Error code of a result whose outputs did not fit in a record. */
  public static final String RESULT_TOO_LARGE = "RESULT_TOO_LARGE";

  private final String topic;
  private final ResultCodec codec;
  private final int maxValueBytes;

  /**
   * @param maxValueBytes largest encoded value published as is; keep it below the producer's
   *                      {@code max.request.size} and the topic's {@code max.message.bytes}
   */
  public ResultRecords(String topic, ResultCodec codec, int maxValueBytes) {
    this.topic = topic;
    this.codec = codec;
    this.maxValueBytes = maxValueBytes;
  }

  public ProducerRecord<byte[], byte[]> toRecord(ExecutionResult result, Encoding encoding) {
    byte[] value = encode(result, encoding);
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
        result.getExecutionId().getBytes(StandardCharsets.UTF_8), value);
    record.headers().add(encoding.header());
    return record;
  }

  /** The encoded value, shrunk as described above when over the limit. */
  byte[] encode(ExecutionResult result, Encoding encoding) {
    byte[] value = codec.encode(result, encoding);
    if (value.length <= maxValueBytes) return value;
    int original = value.length;
    List<String> warnings = new ArrayList<>(result.getWarnings());
    warnings.add("source and inputs dropped: the result was " + original + " bytes, over the " + maxValueBytes
        + "-byte limit; it cannot be replayed from the history");
    ExecutionResult withoutCopy = ExecutionResult.newBuilder(result).setSource(null).setInputs(null)
        .setWarnings(new ArrayList<>(warnings)).build();
    value = codec.encode(withoutCopy, encoding);
    if (value.length <= maxValueBytes) return value;
    ExecutionResult withoutTrace = ExecutionResult.newBuilder(withoutCopy).setTrace(List.of()).build();
    warnings.add("trace dropped: the result was " + original + " bytes, over the " + maxValueBytes + "-byte limit");
    withoutTrace.setWarnings(warnings);
    value = codec.encode(withoutTrace, encoding);
    if (value.length <= maxValueBytes) return value;
    String message = "the result was " + original + " bytes, over the " + maxValueBytes
        + "-byte limit; outputs and errors were dropped (status was " + result.getStatus() + ")";
    ExecutionResult tooLarge = ExecutionResult.newBuilder(withoutCopy)
        .setStatus(ExecutionStatus.FAILED)
        .setOutputs("{}")
        .setErrors(List.of(new ExecutionError(RESULT_TOO_LARGE, message, null, null, null, null)))
        .setWarnings(List.of())
        .setTrace(List.of())
        .build();
    return codec.encode(tooLarge, encoding);
  }
}
