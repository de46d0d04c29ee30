package io.constellation.testkit;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Lifecycle of one Testcontainers container that can be stopped and started again on the same host port with
 * the same file system, for fault tests.
 *
 * <p>Testcontainers maps to random host ports and removes a container on stop, so a restart would change the
 * address (and lose Kafka's advertised listener). Instead the container port is bound to a host port chosen
 * up front, and stop/start are plain {@code docker stop}/{@code docker start} of the same container; only
 * {@link #close()} removes it.
 *
 * <p>Thread-safety: thread-safe; lifecycle calls are serialised.
 */
final class DockerContainer {

  private final GenericContainer<?> container;
  private final int hostPort;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private ServiceState state = ServiceState.CREATED; // guarded by lock

  DockerContainer(String name, GenericContainer<?> container, int containerPort) {
    this.name = name;
    this.container = container;
    this.hostPort = Ports.free();
    container.setPortBindings(List.of(hostPort + ":" + containerPort));
  }

  int hostPort() {
    return hostPort;
  }

  GenericContainer<?> container() {
    return container;
  }

  boolean running() {
    lock.lock();
    try {
      return state == ServiceState.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /** Creates and starts the container, or restarts it; then runs {@code awaitReady}. */
  void start(Runnable awaitReady) {
    lock.lock();
    try {
      switch (state.requireOpen(name)) {
        case RUNNING -> {
          return;
        }
        case CREATED -> container.start();
        case STOPPED -> DockerClientFactory.instance().client()
            .startContainerCmd(container.getContainerId()).exec();
        case CLOSED -> throw new IllegalStateException(name + " is closed");
      }
      awaitReady.run();
      state = ServiceState.RUNNING;
    } catch (RuntimeException e) {
      if (e instanceof TestkitException || e instanceof IllegalStateException) {
        throw e;
      }
      throw new TestkitException(name + " container could not start on host port " + hostPort + ": "
          + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    lock.lock();
    try {
      if (state == ServiceState.RUNNING) {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
        state = ServiceState.STOPPED;
      }
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      if (state != ServiceState.CLOSED) {
        state = ServiceState.CLOSED;
        container.stop(); // removes the container and its volumes
      }
    } finally {
      lock.unlock();
    }
  }
}
