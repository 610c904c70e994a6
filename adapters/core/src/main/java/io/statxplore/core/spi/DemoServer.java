package io.statxplore.core.spi;

import io.statxplore.core.http.Secret;

import static java.util.Objects.requireNonNull;

/**
 * An API's bundled emulator, running on loopback for a {@code demo=true} connection, which
 * stops it when it closes.
 *
 * @param baseUrl the emulator's base URL
 * @param apiKey the key the emulator accepts
 * @param server the running emulator
 */
public record DemoServer(String baseUrl, Secret apiKey, AutoCloseable server) implements AutoCloseable {
  public DemoServer {
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(apiKey, "apiKey");
    requireNonNull(server, "server");
  }

  @Override public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the demo server at " + baseUrl, e);
    }
  }
}
