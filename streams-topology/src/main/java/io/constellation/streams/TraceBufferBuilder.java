package io.constellation.streams;

import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds each task's {@link TraceBuffer}. The buffer is never logged nor cached: its contents are results whose
 * offsets are not yet committed, so a lost buffer is simply read again.
 */
final class TraceBufferBuilder implements StoreBuilder<TraceBuffer> {
  private final HistorySink sink;
  private final int maxResults;

  TraceBufferBuilder(HistorySink sink, int maxResults) {
    this.sink = sink;
    this.maxResults = maxResults;
  }

  @Override
  public StoreBuilder<TraceBuffer> withCachingEnabled() {
    throw new UnsupportedOperationException("the trace buffer is not cached");
  }

  @Override
  public StoreBuilder<TraceBuffer> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<TraceBuffer> withLoggingEnabled(Map<String, String> config) {
    throw new UnsupportedOperationException("the trace buffer is not logged: unwritten results are read again");
  }

  @Override
  public StoreBuilder<TraceBuffer> withLoggingDisabled() {
    return this;
  }

  @Override
  public TraceBuffer build() {
    return new TraceBuffer(sink, maxResults);
  }

  @Override
  public Map<String, String> logConfig() {
    return Map.of();
  }

  @Override
  public boolean loggingEnabled() {
    return false;
  }

  @Override
  public String name() {
    return TraceBuffer.NAME;
  }
}
