package io.statxplore.core.spi;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackServerTest {
  @Test void startedServerAnswersOnLoopbackUntilClosed() throws Exception {
    final HttpClient http = HttpClient.newHttpClient();
    final URI uri;
    try (LoopbackServer.Running running = LoopbackServer.start("test-loopback", 1, ex -> {
      final byte[] body = ("thread " + Thread.currentThread().getName() + " " + ex.getRequestURI().getPath())
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    })) {
      assertTrue(running.origin().startsWith("http://127.0.0.1:"), running.origin());
      uri = URI.create(running.origin() + "/any/path");
      final HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("thread test-loopback /any/path", r.body());
      assertTrue(running.executor().submit(() -> Thread.currentThread().isDaemon()).get());
    }
    assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString()));
  }
}
