package io.statxplore.core.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that stalls, before its headers or in the middle of a body: the statement's timeout,
 * its cancel and the client's close end the call at once, each with the failure that names it
 * (not a broken connection, not broken JSON), and leave no call open.
 */
class HostileCallTest {
  private final MockWebServer server = new MockWebServer();
  private ApiClient client;

  @BeforeEach void start() throws IOException {
    server.start();
    client = new ApiClient(new ClientSettings(server.url("/api/"), "Test API", KeyTransport.header("APIKey", ""),
        Secret.of("call-key"), null, Duration.ofSeconds(20), 0, body -> null));
  }

  @AfterEach void stop() {
    client.close();
    server.close();
    assertEquals(0, ApiClient.callsInFlight(), "a call was left open");
  }

  /** A body whose first bytes come at once and the rest after 20 s. */
  private void enqueueStalledBody() {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body("{\"cells\":[" + "1,".repeat(20_000) + "1]}").throttleBody(1024, 20, TimeUnit.SECONDS).build());
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Runs {@code action} on another thread after {@code millis}; returns when it ran. */
  private static CompletableFuture<Long> after(long millis, Runnable action) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      action.run();
      return System.nanoTime();
    });
  }

  @Test void aCancelInTheMiddleOfABodyIsACancel() throws Exception {
    enqueueStalledBody();
    final AtomicBoolean flag = new AtomicBoolean();
    try (ApiResponse r = client.get(client.url("table"), new CallScope(null, flag))) {
      final InputStream body = r.body();
      assertEquals('{', body.read());
      final CompletableFuture<Long> cancelled = after(300, () -> CallScope.cancel(flag));
      final ApiException e = assertThrows(ApiException.class, body::readAllBytes);
      assertEquals(ApiErrorKind.CANCELLED, e.kind(), e::getMessage);
      assertEquals("Statement cancelled during GET /table", e.getMessage());
      final long lag = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled.get());
      assertTrue(lag < 300, lag + " ms after the cancel");
    }
  }

  @Test void aBodyThatStallsPastTheDeadlineIsATimeout() throws Exception {
    enqueueStalledBody();
    final long start = System.nanoTime();
    try (ApiResponse r = client.get(client.url("schema"), CallScope.of(1000, null))) {
      final ApiException e = assertThrows(ApiException.class, () -> r.body().readAllBytes());
      assertEquals(ApiErrorKind.TIMEOUT, e.kind(), e::getMessage);
      assertTrue(e.getMessage().contains("did not finish its answer to GET /schema within"), e::getMessage);
    }
    assertTrue(millisSince(start) < 2000, millisSince(start) + " ms with a 1 s timeout");
  }

  @Test void metadataReadWhilePlanningKeepsTheStatementDeadline() {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).body("{}").build());
    final long start = System.nanoTime();
    try (CallScope.Entered statement = CallScope.enter(1000, new AtomicBoolean())) {
      final ApiException e = assertThrows(ApiException.class, () -> client.getMetadata(client.url("schema")));
      assertEquals(ApiErrorKind.TIMEOUT, e.kind(), e::getMessage);
    }
    assertTrue(millisSince(start) < 2000, millisSince(start) + " ms with a 1 s timeout");
  }

  @Test void metadataReadWhilePlanningStopsAtTheStatementsCancel() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).body("{}").build());
    final AtomicBoolean flag = new AtomicBoolean();
    try (CallScope.Entered statement = CallScope.enter(0, flag)) {
      final CompletableFuture<Long> cancelled = after(300, () -> CallScope.cancel(flag));
      final ApiException e = assertThrows(ApiException.class, () -> client.getMetadata(client.url("schema")));
      assertEquals(ApiErrorKind.CANCELLED, e.kind(), e::getMessage);
      final long lag = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled.get());
      assertTrue(lag < 300, lag + " ms after the cancel");
    }
  }

  @Test void closingTheClientEndsTheCallInFlight() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).body("{}").build());
    final CompletableFuture<Long> closed = after(300, client::close);
    final ApiException e = assertThrows(ApiException.class, () -> client.get(client.url("schema")));
    assertEquals(ApiErrorKind.CANCELLED, e.kind(), e::getMessage);
    assertTrue(e.getMessage().contains("The connection was closed during GET /schema"), e::getMessage);
    final long lag = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed.get());
    assertTrue(lag < 300, lag + " ms after the close");
  }
}
