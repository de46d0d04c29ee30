package io.constellation.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Loopback ports for embedded services.
 *
 * <p>A port picked with {@code ServerSocket(0)} is free only until someone else binds it; callers that
 * picked a port themselves retry with a new one when the service then fails to bind (see
 * {@link #isBindFailure(Throwable)}).
 */
final class Ports {

  private Ports() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new TestkitException("could not reserve a free loopback port: " + e.getMessage(), e);
    }
  }

  /**
   * True when nothing accepts connections on 127.0.0.1:port and the port can be bound. Both checks matter:
   * a listener on 0.0.0.0 answers the connect, a socket in TIME_WAIT only fails the bind.
   */
  static boolean isFree(int port) {
    requireValid(port, "port");
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return false;
    } catch (IOException refused) {
      // nobody answered: now make sure we could bind it ourselves
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Throws a clear error when {@code port} is taken; the name says which setting chose it. */
  static void requireFree(int port, String service) {
    if (!isFree(port)) {
      throw new TestkitException(service + " cannot start: port 127.0.0.1:" + port
          + " is already in use by another process (stop it, or choose another port / port 0 for a free one)");
    }
  }

  static int requireValid(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
    }
    return port;
  }

  /** True when {@code failure} or one of its causes says an address was already in use. */
  static boolean isBindFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && message.contains("Address already in use")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
