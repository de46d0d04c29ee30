package io.constellation.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends {@code PING} over a raw socket in RESP and reads the reply: readiness without a Redis client library.
 */
final class RedisPing {

  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_REPLY = 512;

  private RedisPing() {}

  /** The server's first reply line without CRLF: {@code +PONG} when ready, {@code -LOADING ...} etc. when not. */
  static String ping(String host, int port, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      int millis = (int) Math.max(1, timeout.toMillis());
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(PING);
      out.flush();
      return readLine(socket.getInputStream());
    }
  }

  static boolean isPong(String reply) {
    return "+PONG".equals(reply);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int previous = -1;
    while (line.length() < MAX_REPLY) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after reading '" + line + "'");
      }
      if (previous == '\r' && b == '\n') {
        line.setLength(line.length() - 1);
        return line.toString();
      }
      line.append((char) b);
      previous = b;
    }
    throw new IOException("reply longer than " + MAX_REPLY + " bytes without CRLF: not a Redis server?");
  }
}
