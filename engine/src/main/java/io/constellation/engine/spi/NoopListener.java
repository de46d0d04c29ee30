package io.constellation.engine.spi;

/** The do-nothing {@link ExecutionListener}; the runtime compares against it to skip tracing. */
enum NoopListener implements ExecutionListener {
  INSTANCE;

  @Override
  public void onNode(NodeTrace trace) {}
}
