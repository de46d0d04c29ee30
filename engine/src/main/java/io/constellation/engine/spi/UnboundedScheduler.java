package io.constellation.engine.spi;

/** The {@link ModuleScheduler} that admits everything at once. */
enum UnboundedScheduler implements ModuleScheduler {
  INSTANCE;

  private static final Slot NO_SLOT = () -> {};

  @Override
  public Slot acquire(int priority) {
    return NO_SLOT;
  }

  @Override
  public boolean isBounded() {
    return false;
  }
}
