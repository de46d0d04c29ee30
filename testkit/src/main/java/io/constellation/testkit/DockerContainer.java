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
 * <p>Subclasses ({@link ContainerKafka}, {@link ContainerRedis}, {@link ContainerPostgres}) build the container,
 * say when the service in it is ready ({@link #awaitReady()}) and declare their covariant {@code start()} as a
 * call to {@link #startContainer()}.
 *
 * <p>Thread-safety: thread-safe; lifecycle calls are serialised.
 */
abstract class DockerContainer {

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

  final int hostPort() {
    return hostPort;
  }

  final GenericContainer<?> container() {
    return container;
  }

  /** False: the container is ours, so stop and start are allowed. */
  public final boolean external() {
    return false;
  }

  /** True while the container is started. */
  public final boolean running() {
    lock.lock();
    try {
      return state == ServiceState.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /** Creates and starts the container, or restarts it; then waits with {@link #awaitReady()}. */
  final void startContainer() {
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
      awaitReady();
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

  /** Stops the container ({@code docker stop}) and keeps it for a restart; a no-op unless it is running. */
  public final void stop() {
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

  /** Removes the container and its volumes; idempotent. */
  public final void close() {
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

  /** Returns once the service in the started container answers, or throws {@link TestkitException}. */
  abstract void awaitReady();
}
