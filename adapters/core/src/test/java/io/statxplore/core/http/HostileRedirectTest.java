package io.statxplore.core.http;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that redirects requests elsewhere: the key goes only to the configured scheme, host
 * and port; a request that carries it is never sent on to another host, another port or from
 * https to http, and a redirect loop is one clear failure.
 */
class HostileRedirectTest {
  private static final String KEY = "redirect-key-5150";
  private static final String BODY = "{\"database\":\"str:database:secret-query\"}";
  private static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();

  /** Where a redirect points. */
  enum Target { OTHER_HOST, OTHER_PORT, HTTPS_TO_HTTP }

  private final List<MockWebServer> servers = new ArrayList<>();
  private final List<ApiClient> clients = new ArrayList<>();

  @AfterEach void stop() {
    clients.forEach(ApiClient::close);
    servers.forEach(MockWebServer::close);
  }

  private MockWebServer server(boolean https) {
    final MockWebServer server = new MockWebServer();
    if (https) {
      server.useHttps(new HandshakeCertificates.Builder().heldCertificate(CERTIFICATE).build().sslSocketFactory());
    }
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    servers.add(server);
    return server;
  }

  private ApiClient client(HttpUrl base, @Nullable String key, int retries) {
    final HandshakeCertificates trust = new HandshakeCertificates.Builder()
        .addTrustedCertificate(CERTIFICATE.certificate()).build();
    final ApiClient client = new ApiClient(new ClientSettings(base, "Test API", KeyTransport.header("APIKey", ""),
        key == null ? null : Secret.of(key), null, Duration.ofSeconds(5), retries, body -> null),
        new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()));
    clients.add(client);
    return client;
  }

  private static MockResponse redirect(int code, HttpUrl location) {
    return new MockResponse.Builder().code(code).setHeader("Location", location.toString()).build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
  }

  /** The same host under its other loopback name. */
  private static String otherName(String host) {
    return host.equals("localhost") ? "127.0.0.1" : "localhost";
  }

  private static ApiResponse send(ApiClient client, boolean post) {
    return post ? client.post(client.url("table"), BODY.getBytes(StandardCharsets.UTF_8), CallScope.NONE)
        : client.get(client.url("schema"));
  }

  /** The requests {@code server} received after its first {@code skip}. */
  private static List<RecordedRequest> received(MockWebServer server, int skip) throws InterruptedException {
    final List<RecordedRequest> all = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      all.add(r);
    }
    return all.subList(Math.min(skip, all.size()), all.size());
  }

  static Stream<Arguments> elsewhere() {
    return Stream.of(301, 302, 307, 308).flatMap(code -> Stream.of(Target.values())
        .flatMap(target -> Stream.of(false, true).map(post -> Arguments.of(code, target, post))));
  }

  @ParameterizedTest(name = "{0} {1} post={2}") @MethodSource("elsewhere")
  void aRedirectElsewhereIsRefusedAndNothingReachesIt(int code, Target target, boolean post) throws Exception {
    final MockWebServer home = server(target == Target.HTTPS_TO_HTTP);
    final HttpUrl base = home.url("/api/");
    // Another host is this server under its other name: a request sent on would arrive here again.
    final MockWebServer foreign = target == Target.OTHER_HOST ? home : server(false);
    final HttpUrl location = target == Target.OTHER_HOST
        ? base.newBuilder().host(otherName(base.host())).addPathSegment("elsewhere").build()
        : foreign.url("/elsewhere").newBuilder().host(base.host()).build();
    home.enqueue(redirect(code, location));
    foreign.enqueue(json("{\"stolen\":true}"));

    final ApiException e = assertThrows(ApiException.class, () -> send(client(base, KEY, 3), post).close());
    assertEquals(ApiErrorKind.CONNECTION, e.kind(), e::getMessage);
    assertTrue(e.getMessage().contains("redirected " + (post ? "POST /table" : "GET /schema") + " (HTTP " + code
        + ") to " + location) && e.getMessage().contains(switch (target) {
          case OTHER_HOST -> "another host";
          case OTHER_PORT -> "another port";
          case HTTPS_TO_HTTP -> "from https to http";
        }), e::getMessage);

    final List<RecordedRequest> sentOn = received(foreign, foreign == home ? 1 : 0);
    assertEquals(List.of(), sentOn.stream().map(RecordedRequest::getRequestLine).toList(), "sent on");
    for (RecordedRequest r : sentOn) {
      assertNull(r.getHeaders().get("APIKey"));
      assertFalse(r.getBody() != null && r.getBody().utf8().contains("secret-query"));
    }
  }

  @Test void aRedirectHomeKeepsTheKeyAndThe307Body() throws Exception {
    final MockWebServer home = server(false);
    final HttpUrl base = home.url("/api/");
    home.enqueue(redirect(307, base.resolve("table2")));
    home.enqueue(json("{\"ok\":true}"));
    try (ApiResponse r = send(client(base, KEY, 0), true)) {
      assertEquals("{\"ok\":true}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    final List<RecordedRequest> requests = received(home, 0);
    assertEquals(2, requests.size());
    assertEquals("/api/table2", requests.get(1).getUrl().encodedPath());
    assertEquals(KEY, requests.get(1).getHeaders().get("APIKey"));
    assertEquals(BODY, requests.get(1).getBody().utf8());
  }

  @Test void aConnectionWithoutAKeyFollowsARedirectElsewhere() throws Exception {
    final MockWebServer home = server(false);
    final MockWebServer foreign = server(false);
    home.enqueue(redirect(302, foreign.url("/mirror/schema")));
    foreign.enqueue(json("{\"moved\":true}"));
    try (ApiResponse r = send(client(home.url("/api/"), null, 0), false)) {
      assertEquals("{\"moved\":true}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    final List<RecordedRequest> there = received(foreign, 0);
    assertEquals(1, there.size());
    assertNull(there.get(0).getHeaders().get("APIKey"));
  }

  @Test void nothingGoesFromHttpsToHttpEvenWithoutAKey() throws Exception {
    final MockWebServer home = server(true);
    final MockWebServer plain = server(false);
    home.enqueue(redirect(301, plain.url("/schema")));
    plain.enqueue(json("{}"));
    final ApiException e = assertThrows(ApiException.class, () -> send(client(home.url("/api/"), null, 0), false));
    assertTrue(e.getMessage().contains("from https to http") && e.getMessage().contains("unencrypted"), e::getMessage);
    assertEquals(0, plain.getRequestCount());
  }

  @Test void aRedirectLoopIsOneClearFailureAndNotRetried() {
    final MockWebServer home = server(false);
    home.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        final String path = request.getUrl().encodedPath();
        return redirect(302, request.getUrl().resolve(path.endsWith("/schema") ? "loop" : "schema"));
      }
    });
    final ApiException e = assertThrows(ApiException.class, () -> send(client(home.url("/api/"), KEY, 3), false));
    assertEquals(ApiErrorKind.BAD_RESPONSE, e.kind(), e::getMessage);
    assertTrue(e.getMessage().contains("a redirect loop"), e::getMessage);
    assertEquals(2, home.getRequestCount());
  }

  @Test void aLocationThatEchoesTheKeyIsRedacted() {
    final MockWebServer home = server(false);
    final HttpUrl base = home.url("/api/");
    home.enqueue(redirect(302, base.newBuilder().host(otherName(base.host())).addQueryParameter("apikey", KEY).build()));
    final ApiException e = assertThrows(ApiException.class, () -> send(client(base, KEY, 0), false));
    assertFalse(e.getMessage().contains(KEY), e::getMessage);
    assertTrue(e.getMessage().contains("apikey=***"), e::getMessage);
  }
}
