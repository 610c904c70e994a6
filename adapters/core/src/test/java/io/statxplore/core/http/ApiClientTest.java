package io.statxplore.core.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import okhttp3.HttpUrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one HTTP client: headers, status and content-type checks, and failures named clearly. */
class ApiClientTest {
  private static final String KEY = "k-1234-secret";
  private final MockWebServer server = new MockWebServer();
  private ApiClient client;

  @BeforeEach void start() throws IOException {
    server.start();
    client = client(server.url("/api/v1"), Duration.ofSeconds(5));
  }

  private static ApiClient client(HttpUrl base, Duration timeout) {
    return client(base, timeout, 0);
  }

  static ApiClient client(HttpUrl base, Duration timeout, int retries) {
    return client(base, timeout, retries, KeyTransport.header("APIKey", ""));
  }

  private static ApiClient client(HttpUrl base, Duration timeout, int retries, KeyTransport transport) {
    return new ApiClient(new ClientSettings(base, "Test API", transport, Secret.of(KEY), "de", timeout, retries,
        body -> body.has("message") ? new ApiError(null, body.path("type").asText(null), body.get("message").asText()) : null));
  }

  @AfterEach void stop() {
    client.close();
    server.close();
  }

  private void enqueue(int code, String contentType, String body) {
    server.enqueue(new MockResponse.Builder().code(code).setHeader("Content-Type", contentType).body(body).build());
  }

  @Test void sendsKeyLanguageAndJsonBody() throws Exception {
    enqueue(200, "application/json", "{\"ok\":true}");
    try (ApiResponse r = client.post(client.url("table"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), CallScope.NONE)) {
      assertEquals("{\"ok\":true}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
      assertEquals("POST /table", r.request());
    }
    final RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/api/v1/table", request.getUrl().encodedPath());
    assertEquals(KEY, request.getHeaders().get("APIKey"));
    assertEquals("de", request.getHeaders().get("Accept-Language"));
    assertEquals("application/json", request.getHeaders().get("Accept"));
    assertTrue(request.getHeaders().get("Content-Type").startsWith("application/json"));
    assertEquals("{\"a\":1}", request.getBody().utf8());
  }

  @Test void aKeyTakenAsAQueryParameterGoesInEveryRequestAndIsNeverShown() throws Exception {
    try (ApiClient query = client(server.url("/api/v1"), Duration.ofSeconds(5), 0, KeyTransport.parameter("api_key"))) {
      server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/api/v1/moved?x=1").build());
      enqueue(400, "application/json", "{\"message\":\"no such thing for " + KEY + "\"}");
      final ApiException e = assertThrows(ApiException.class, () -> query.get(query.url("schema")));
      assertEquals("Test API answered HTTP 400 to GET /schema: no such thing for ***", e.getMessage());
      final RecordedRequest first = server.takeRequest(1, TimeUnit.SECONDS);
      assertEquals("/api/v1/schema?api_key=" + KEY, first.getUrl().encodedPath() + "?" + first.getUrl().encodedQuery());
      assertNull(first.getHeaders().get("APIKey"));
      final RecordedRequest moved = server.takeRequest(1, TimeUnit.SECONDS);
      assertEquals("x=1&api_key=" + KEY, moved.getUrl().encodedQuery(), "the key follows a redirect to the same server");
    }
  }

  @Test void errorBodiesKeepTheApiWordsAndLoseTheKey() {
    enqueue(400, "application/json", "{\"message\":\"bad key " + KEY + "\",\"type\":\"X_TYPE\"}");
    final ApiException e = assertThrows(ApiException.class, () -> client.get(client.url("schema")));
    assertEquals("Test API answered HTTP 400 to GET /schema: X_TYPE: bad key ***", e.getMessage());
    assertEquals(ApiErrorKind.BAD_REQUEST, e.kind());
  }

  @Test void statusDecidesTheKindWhenTheBodyDoesNot() {
    final int[] codes = {401, 403, 404, 429, 500, 502, 504};
    final ApiErrorKind[] kinds = {ApiErrorKind.AUTHENTICATION, ApiErrorKind.AUTHENTICATION, ApiErrorKind.NOT_FOUND,
        ApiErrorKind.RATE_LIMITED, ApiErrorKind.SERVER_ERROR, ApiErrorKind.SERVER_ERROR, ApiErrorKind.TIMEOUT};
    for (int i = 0; i < codes.length; i++) {
      enqueue(codes[i], "text/plain", "");
      final ApiException e = assertThrows(ApiException.class, () -> client.get(client.url("x")));
      assertEquals(kinds[i], e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP " + codes[i]) && e.getMessage().contains("an empty body"), e::getMessage);
    }
  }

  @Test void nonJsonSuccessIsRefusedBeforeParsing() {
    enqueue(200, "text/html; charset=utf-8", "<html><title>Maintenance</title><body>back soon</body></html>");
    final ApiException e = assertThrows(ApiException.class, () -> client.get(client.url("info")));
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains("an HTML page titled \"Maintenance\" instead of JSON (HTTP 200)"), e::getMessage);
  }

  @Test void unreachableAndSlowServersAreNamed() throws IOException {
    final int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    final ApiException refused;
    try (ApiClient nowhere = client(HttpUrl.get("http://127.0.0.1:" + port + "/api"), Duration.ofSeconds(2))) {
      refused = assertThrows(ApiException.class, () -> nowhere.get(nowhere.url("schema")));
    }
    assertEquals(ApiErrorKind.CONNECTION, refused.kind());
    assertTrue(refused.getMessage().startsWith("Could not reach Test API at http://127.0.0.1:" + port), refused::getMessage);

    server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{}").build());
    try (ApiClient impatient = client(server.url("/api/v1"), Duration.ofSeconds(1))) {
      final ApiException slow = assertThrows(ApiException.class, () -> impatient.get(impatient.url("schema")));
      assertEquals(ApiErrorKind.TIMEOUT, slow.kind());
      assertTrue(slow.getMessage().contains("did not answer GET /schema within 1 s"), slow::getMessage);
      assertFalse(slow.getMessage().contains(KEY));
    }
  }

  @Test void aReadTimeoutBeforeTheDeadlineIsRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("{}").build());
    enqueue(200, "application/json", "{\"second\":true}");
    try (ApiClient retrying = client(server.url("/api/v1"), Duration.ofMillis(500), 2);
         ApiResponse r = retrying.get(retrying.url("schema"), CallScope.of(10_000, null))) {
      assertEquals("{\"second\":true}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(2, server.getRequestCount());
  }

  @Test void retriesNeverRunPastTheDeadline() {
    for (int i = 0; i < 20; i++) {
      enqueue(503, "text/html", "<html><title>Service Unavailable</title></html>");
    }
    final long start = System.nanoTime();
    try (ApiClient retrying = client(server.url("/api/v1"), Duration.ofSeconds(5), 20)) {
      final ApiException e = assertThrows(ApiException.class,
          () -> retrying.get(retrying.url("schema"), CallScope.of(1200, null)));
      assertEquals(ApiErrorKind.SERVER_ERROR, e.kind());
      assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("Service Unavailable"), e::getMessage);
    }
    final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 1500, millis + " ms");
    assertTrue(server.getRequestCount() >= 2 && server.getRequestCount() < 20, server.getRequestCount() + " requests");
  }

  @Test void aRetryAfterHeaderIsWaitedFor() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1")
        .setHeader("Content-Type", "application/json").body("{\"message\":\"slow down\"}").build());
    enqueue(200, "application/json", "{}");
    final long start = System.nanoTime();
    try (ApiResponse r = client.get(client.url("schema"), CallScope.of(5000, null))) {
      assertEquals("{}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 900);
    assertEquals(2, server.getRequestCount());
  }

  @Test void a429WithoutAResetFailsAtOnce() {
    enqueue(429, "application/json", "{\"message\":\"quota spent\"}");
    final ApiException e = assertThrows(ApiException.class, () -> client.get(client.url("schema")));
    assertEquals(ApiErrorKind.RATE_LIMITED, e.kind());
    assertTrue(e.getMessage().contains("quota spent"), e::getMessage);
    assertEquals(1, server.getRequestCount());
  }
}
