package io.statxplore.core.spi;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

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
}
