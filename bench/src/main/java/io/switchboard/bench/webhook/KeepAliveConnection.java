package io.switchboard.bench.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that sends the same prepared POST again and again and reads
 * each answer whole (status, headers, a body sized by Content-Length or chunked). It is the load
 * generator's client: like wrk or autocannon it spends almost no CPU per call, so the 2 cores the
 * benchmark shares go to the application and its database. {@code java.net.http.HttpClient} cost
 * 0.3–1.5 ms of CPU per call here, as much as the server's own work.
 */
final class KeepAliveConnection implements AutoCloseable {

  /** An answer: its status and its body as text. */
  record Answer(int status, String body) {}

  private final InetSocketAddress address;
  private final byte[] request;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveConnection(URI target, String contentType, String body) {
    int port = target.getPort() > 0 ? target.getPort() : 80;
    this.address = new InetSocketAddress(target.getHost(), port);
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + target.getRawPath() + " HTTP/1.1\r\n"
        + "Host: " + target.getHost() + ":" + port + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + content.length + "\r\n"
        + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    this.request = new byte[h.length + content.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(content, 0, request, h.length, content.length);
  }

  /** Sends the request and reads its answer; opens the connection first when none is open. */
  Answer call() throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      socket.connect(address, 5_000);
      in = socket.getInputStream();
      pos = 0;
      limit = 0;
      out = socket.getOutputStream();
    }
    try {
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Answer read() throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closes = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    if (chunked) {
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        copy(size, body);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      copy(length, body);
    } else {
      throw new IOException("an answer with neither Content-Length nor chunked encoding");
    }
    if (closes) {
      close();
    }
    return new Answer(status, body.toString(StandardCharsets.UTF_8));
  }

  private int chunkSize() throws IOException {
    String sizeLine = line();
    int semicolon = sizeLine.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
  }

  private void copy(long length, ByteArrayOutputStream to) throws IOException {
    long left = length;
    while (left > 0) {
      if (pos == limit) {
        fill();
      }
      int n = (int) Math.min(limit - pos, left);
      to.write(buffer, pos, n);
      pos += n;
      left -= n;
    }
  }

  // The connection's own read buffer (no lock per byte, as BufferedInputStream takes).
  private final byte[] buffer = new byte[16 * 1024];
  private int pos;
  private int limit;

  private void fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) {
      throw new IOException("the connection closed inside an answer");
    }
    pos = 0;
    limit = n;
  }

  private final StringBuilder lineBuffer = new StringBuilder(128);

  // A line ending in CRLF, without it.
  private String line() throws IOException {
    lineBuffer.setLength(0);
    while (true) {
      if (pos == limit) {
        fill();
      }
      int b = buffer[pos++] & 0xff;
      if (b == '\n') {
        int end = lineBuffer.length();
        if (end > 0 && lineBuffer.charAt(end - 1) == '\r') {
          lineBuffer.setLength(end - 1);
        }
        return lineBuffer.toString();
      }
      lineBuffer.append((char) b);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    socket = null;
    in = null;
    out = null;
  }
}
