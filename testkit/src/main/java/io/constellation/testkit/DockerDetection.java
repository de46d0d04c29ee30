package io.constellation.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.testcontainers.DockerClientFactory;

/**
 * Answers "can Testcontainers run here?" once per owner.
 *
 * <p>Testcontainers' own check logs an ERROR with a stack trace when no Docker is found. So it is asked only
 * when there is a sign of Docker at all (DOCKER_HOST, a Testcontainers config file, or a known socket); on a
 * machine with none, nothing is logged and Testcontainers' classes are not even touched. The answer is
 * memoised, so even a failing check runs once.
 *
 * <p>Thread-safety: thread-safe.
 */
final class DockerDetection {

  private final Map<String, String> env;
  private final ReentrantLock lock = new ReentrantLock();
  private Boolean available; // guarded by lock

  DockerDetection(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  boolean available() {
    lock.lock();
    try {
      if (available == null) {
        available = anySignOfDocker() && askTestcontainers();
      }
      return available;
    } finally {
      lock.unlock();
    }
  }

  private boolean anySignOfDocker() {
    if (env.getOrDefault("DOCKER_HOST", "").isBlank() == false) {
      return true;
    }
    String home = System.getProperty("user.home", "");
    String runtime = env.getOrDefault("XDG_RUNTIME_DIR", "");
    List<Path> signs = List.of(
        Path.of("/var/run/docker.sock"),
        Path.of(home, ".testcontainers.properties"),
        Path.of(home, ".docker", "run", "docker.sock"),
        Path.of(runtime.isBlank() ? "/nonexistent" : runtime, "docker.sock"));
    return signs.stream().anyMatch(Files::exists);
  }

  private static boolean askTestcontainers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false; // a broken Docker set-up means "no Docker": fall back to embedded services
    }
  }
}
