package io.statxplore.jdbc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay in front of a loopback HTTP server, to see what the server sees of its clients:
 * each connection, and whether the client has closed it.
 */
final class Relay implements AutoCloseable {
  private final ServerSocket listener;
  private final URI target;
  private final List<CountDownLatch> closedByClient = Collections.synchronizedList(new ArrayList<>());

  /** A relay to the server of {@code baseUrl}. */
  Relay(String baseUrl) {
    this.target = URI.create(baseUrl);
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon(() -> {
      while (!listener.isClosed()) {
        try {
          relay(listener.accept());
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** {@code baseUrl} reached through this relay. */
  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort() + target.getRawPath();
  }

  int connections() {
    return closedByClient.size();
  }

  /** Whether every client has closed its connection, waiting up to {@code timeout} for it. */
  boolean allClosedByClients(Duration timeout) throws InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    for (CountDownLatch closed : List.copyOf(closedByClient)) {
      if (!closed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

  private void relay(Socket client) throws IOException {
    final Socket server = new Socket(target.getHost(), target.getPort());
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicBoolean serverClosed = new AtomicBoolean();
    closedByClient.add(closed);
    for (Socket[] direction : new Socket[][] {{client, server}, {server, client}}) {
      daemon(() -> {
        // A side that ends first closed the connection; the relay then closes the other side too.
        if (pump(direction[0], direction[1]) == client) {
          if (!serverClosed.get()) {
            closed.countDown();
          }
        } else {
          serverClosed.set(true);
        }
        closeBoth(client, server);
      });
    }
  }

  /** Copies until a side ends; returns that side. */
  private static Socket pump(Socket from, Socket to) {
    final byte[] buffer = new byte[1 << 14];
    final InputStream in;
    final OutputStream out;
    try {
      in = from.getInputStream();
      out = to.getOutputStream();
    } catch (IOException e) {
      return from;
    }
    while (true) {
      final int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        return from;
      }
      if (n < 0) {
        return from;
      }
      try {
        out.write(buffer, 0, n);
      } catch (IOException e) {
        return to;
      }
    }
  }

  private static void closeBoth(Socket a, Socket b) {
    try (a; b) {
      // closed by try
    } catch (IOException e) {
      // already closed
    }
  }

  private static void daemon(Runnable task) {
    final Thread t = new Thread(task, "relay");
    t.setDaemon(true);
    t.start();
  }

  @Override public void close() throws IOException {
    listener.close();
  }
}
