package io.constellation.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

final class PortsTest {

  @Test
  void isFree_portWithAListener_isFalse() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(Ports.isFree(listener.getLocalPort())).isFalse();
    }
  }

  @Test
  void free_returnsABindablePort() {
    int port = Ports.free();

    assertThat(port).isBetween(1, 65_535);
    assertThat(Ports.isFree(port)).isTrue();
  }

  @Test
  void isBindFailure_findsTheCauseAnywhereInTheChain() {
    assertThat(Ports.isBindFailure(new RuntimeException("x", new RuntimeException(new BindException("in use")))))
        .isTrue();
    assertThat(Ports.isBindFailure(new RuntimeException("Socket server failed to bind: Address already in use")))
        .isTrue();
    assertThat(Ports.isBindFailure(new RuntimeException("something else"))).isFalse();
  }
}
