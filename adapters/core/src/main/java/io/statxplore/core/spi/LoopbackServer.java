package io.statxplore.core.spi;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The loopback HTTP server under each bundled emulator. */
public final class LoopbackServer {
  static {
    // The JDK server writes headers and body separately; with Nagle on, every small answer waits
    // for the client's delayed ACK (40 ms on Linux). Read once, when the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private LoopbackServer() {
  }

  /** An unstarted server on a free loopback port. */
  public static HttpServer create() {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a server on loopback", e);
    }
  }

  /**
   * A server on a free loopback port, started, that answers every path with {@code handler} on
   * {@code threads} daemon threads named {@code name}.
   */
  public static Running start(String name, int threads, HttpHandler handler) {
    final HttpServer server = create();
    final ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      final Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    return new Running(server, executor);
  }

  /** A started server and its threads; closing stops both. */
  public record Running(HttpServer server, ExecutorService executor) implements AutoCloseable {
    /** Scheme, loopback address and port, e.g. {@code http://127.0.0.1:41234}. */
    public String origin() {
      return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    @Override public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
