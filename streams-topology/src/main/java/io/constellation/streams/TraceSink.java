package io.constellation.streams;

import io.constellation.schemas.avro.ExecutionResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Hands each decoded result to its task's {@link TraceBuffer}; forwards nothing. */
final class TraceSink implements Processor<String, ExecutionResult, Void, Void> {
  private TraceBuffer buffer;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    buffer = context.getStateStore(TraceBuffer.NAME);
  }

  @Override
  public void process(Record<String, ExecutionResult> record) {
    buffer.append(record.value());
  }
}
