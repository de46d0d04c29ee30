package io.constellation.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared Redis of the test JVM, spoken to in raw RESP so the test trusts no client library. */
@ExtendWith(RedisExtension.class)
final class RedisServiceTest {

  @Test
  void redis_ping_answersPong(RedisService redis) throws IOException {
    assertThat(command(redis, "PING")).isEqualTo("+PONG");
  }

  @Test
  void redis_setThenGet_returnsTheValue(RedisService redis) throws IOException {
    assertThat(command(redis, "SET", "testkit:key", "v\r\nwith CRLF")).isEqualTo("+OK");

    assertThat(command(redis, "GET", "testkit:key")).isEqualTo("v\r\nwith CRLF");
  }

  @Test
  void redis_stopThenStart_refusesConnectionsThenAnswersOnTheSamePort(RedisService redis) throws IOException {
    assumeFalse(redis.external(), "an external server cannot be restarted");
    String url = redis.url();

    redis.stop();
    assertThat(redis.running()).isFalse();
    assertThatThrownBy(() -> command(redis, "PING")).isInstanceOf(ConnectException.class);
    redis.start();

    assertThat(redis.url()).isEqualTo(url);
    assertThat(command(redis, "PING")).isEqualTo("+PONG");
  }

  @Test
  void extension_sharedServiceLeftStopped_isStartedBeforeTheNextTest(RedisService redis) throws IOException {
    assumeFalse(redis.external(), "an external server cannot be restarted");
    redis.stop();

    new RedisExtension().beforeEach(null);

    assertThat(redis.running()).isTrue();
    assertThat(command(redis, "PING")).isEqualTo("+PONG");
  }

  @Test
  void embeddedRedis_closed_cannotStartAgain() {
    EmbeddedRedis redis = EmbeddedRedis.onFreePort().start();
    redis.close();
    redis.close(); // idempotent

    assertThatThrownBy(redis::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void embeddedRedis_portTakenByAnotherProcess_failsNamingThePort() throws IOException {
    try (var squatter = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      EmbeddedRedis redis = EmbeddedRedis.onPort(squatter.getLocalPort());
      try {
        assertThatThrownBy(redis::start)
            .isInstanceOf(TestkitException.class)
            .hasMessageContaining("127.0.0.1:" + squatter.getLocalPort())
            .hasMessageContaining("already in use");
      } finally {
        redis.close();
      }
    }
  }

  @Test
  void embeddedRedis_badPort_isRejected() {
    assertThatThrownBy(() -> EmbeddedRedis.onPort(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, was 70000");
  }

  /** Sends one RESP array command; returns the reply line, or a bulk string's payload. */
  static String command(RedisService redis, String... args) throws IOException {
    URI uri = URI.create(redis.url());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
        line.append((char) b);
      }
      if (line.charAt(0) != '$' || line.toString().equals("$-1")) {
        return line.toString();
      }
      in.read(); // the '\n' after the length
      byte[] payload = in.readNBytes(Integer.parseInt(line.substring(1)));
      return new String(payload, StandardCharsets.UTF_8);
    }
  }
}
