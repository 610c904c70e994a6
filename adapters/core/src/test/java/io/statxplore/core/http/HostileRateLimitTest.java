package io.statxplore.core.http;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose rate-limit headers are absent, in the past, absurd or spent without a reset: the
 * client never spins, backs off, never waits past the deadline, and never lets a spent budget
 * block a URL beyond the deadline of the statement that heard of it. Each test counts the
 * requests and bounds the time.
 */
class HostileRateLimitTest {
  private final MockWebServer server = new MockWebServer();
  private ApiClient client;

  @BeforeEach void start() throws IOException {
    server.start();
  }

  @AfterEach void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  /** A key of its own: budgets are shared by URL and key, and a later test may get this port again. */
  private ApiClient client(int retries) {
    client = new ApiClient(new ClientSettings(server.url("/api/"), "Test API", KeyTransport.header("APIKey", ""),
        Secret.of(UUID.randomUUID().toString()), null, Duration.ofSeconds(5), retries, body -> null));
    return client;
  }

  private void answer(Function<RecordedRequest, MockResponse> answer) {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        return answer.apply(request);
      }
    });
  }

  private static MockResponse.Builder ok() {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{}");
  }

  private static MockResponse.Builder throttled() {
    return new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
        .body("{\"message\":\"slow down\"}");
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private void get(long timeoutMillis) {
    client.get(client.url("schema"), CallScope.of(timeoutMillis, null)).close();
  }

  @Test void aSpentBudgetWithoutAResetNeitherSpinsNorBlocks() {
    answer(r -> ok().setHeader("X-RateLimit", "10").setHeader("X-RateLimit-Remaining", "0").build());
    client(0);
    final long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      get(3000);
    }
    assertTrue(millisSince(start) < 2000, millisSince(start) + " ms for 5 requests");
    assertEquals(5, server.getRequestCount());
  }

  /** A 429 whose reset is not in the future: each resend waits longer (250 ms, 500 ms, 1 s, halved at worst). */
  @ParameterizedTest @ValueSource(strings = {"Retry-After: 0", "Retry-After: -100", "reset 5 s ago"})
  void a429WithoutAFutureResetBacksOff(String reset) {
    answer(r -> (reset.startsWith("Retry-After") ? throttled().setHeader("Retry-After", reset.substring(13))
        : throttled().setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", Instant.now().minusSeconds(5).toEpochMilli())).build());
    client(3);
    final long start = System.nanoTime();
    final ApiException e = assertThrows(ApiException.class, () -> get(10_000));
    final long millis = millisSince(start);
    assertEquals(ApiErrorKind.RATE_LIMITED, e.kind());
    assertEquals(4, server.getRequestCount(), "one request and three retries");
    assertTrue(millis >= 875 && millis < 5000, millis + " ms");
  }

  @Test void backoffNeverRunsPastTheDeadline() {
    answer(r -> throttled().setHeader("Retry-After", "0").build());
    client(50);
    final long start = System.nanoTime();
    final ApiException e = assertThrows(ApiException.class, () -> get(1500));
    assertEquals(ApiErrorKind.RATE_LIMITED, e.kind());
    assertTrue(millisSince(start) < 2000, millisSince(start) + " ms with a 1.5 s timeout");
    assertTrue(server.getRequestCount() <= 6, server.getRequestCount() + " requests");
  }

  @Test void anAbsurdRetryAfterFailsAtOnceWithTheRateLimitState() {
    answer(r -> throttled().setHeader("Retry-After", "99999999999999999").build());
    client(3);
    final long start = System.nanoTime();
    final ApiException e = assertThrows(ApiException.class, () -> get(5000));
    assertEquals(ApiErrorKind.RATE_LIMITED, e.kind());
    assertEquals("08004", e.toSqlException().getSQLState());
    assertTrue(e.getMessage().contains("slow down\"}\": it resets at") && e.getMessage().contains("days)"),
        e::getMessage);
    assertTrue(millisSince(start) < 1000, millisSince(start) + " ms");
    assertEquals(1, server.getRequestCount());
  }

  @Test void aSpentBudgetBlocksNoLongerThanTheDeadlineOfTheStatementThatSawIt() throws InterruptedException {
    final long inAnHour = Instant.now().plusSeconds(3600).toEpochMilli();
    answer(r -> ok().setHeader("X-RateLimit-Remaining", "0").setHeader("X-RateLimit-Reset", inAnHour).build());
    client(0);
    get(700);
    final ApiException refused = assertThrows(ApiException.class, () -> get(5000));
    assertTrue(refused.getMessage().contains("is spent: it resets at"), refused::getMessage);
    assertEquals(1, server.getRequestCount(), "refused before it was sent");
    Thread.sleep(800);
    get(5000);
    assertEquals(2, server.getRequestCount(), "asked again once the first statement's deadline passed");
  }
}
