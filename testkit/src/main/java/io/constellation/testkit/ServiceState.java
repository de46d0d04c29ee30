package io.constellation.testkit;

/**
 * Lifecycle of a service the testkit owns.
 *
 * <pre>
 *   CREATED --start--> RUNNING --stop--> STOPPED --start--> RUNNING ...
 *      |                  |                 |
 *      +------------------+--close----------+--> CLOSED (final)
 * </pre>
 */
enum ServiceState {
  CREATED, RUNNING, STOPPED, CLOSED;

  boolean canMoveTo(ServiceState next) {
    return switch (this) {
      case CREATED, STOPPED -> next == RUNNING || next == CLOSED;
      case RUNNING -> next == STOPPED || next == CLOSED;
      case CLOSED -> false;
    };
  }

  /** Fails clearly when a closed service is asked to start again. */
  ServiceState requireOpen(String service) {
    if (this == CLOSED) {
      throw new IllegalStateException(service + " is closed; build a new one");
    }
    return this;
  }
}
