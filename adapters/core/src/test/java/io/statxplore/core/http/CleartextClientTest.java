package io.statxplore.core.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A client of an {@code http://} API is made without TLS (start-up time), yet still follows a
 * keyless redirect to https, with the TLS settings it was given.
 */
class CleartextClientTest {
  private static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();

  private final MockWebServer plain = new MockWebServer();
  private final MockWebServer secure = new MockWebServer();
  private ApiClient client;

  @AfterEach void stop() {
    if (client != null) {
      client.close();
    }
    plain.close();
    secure.close();
  }

  private ApiClient client(HttpUrl base) {
    final HandshakeCertificates trust = new HandshakeCertificates.Builder()
        .addTrustedCertificate(CERTIFICATE.certificate()).build();
    return new ApiClient(new ClientSettings(base, "Test API", KeyTransport.header("APIKey", ""), null, null,
        Duration.ofSeconds(5), 0, body -> null),
        new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()));
  }

  @Test void aKeylessHttpApiRedirectedToHttpsIsFollowed() throws IOException, InterruptedException {
    secure.useHttps(new HandshakeCertificates.Builder().heldCertificate(CERTIFICATE).build().sslSocketFactory());
    secure.start();
    plain.start();
    final HttpUrl moved = secure.url("/api/schema");
    plain.enqueue(new MockResponse.Builder().code(301).setHeader("Location", moved.toString()).build());
    secure.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"ok\":1}")
        .build());
    client = client(plain.url("/api/"));

    try (ApiResponse r = client.get(client.url("schema"))) {
      assertEquals("{\"ok\":1}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals("/api/schema", plain.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
    final RecordedRequest there = secure.takeRequest(1, TimeUnit.SECONDS);
    assertNotNull(there, "the https server was not reached");
    assertEquals("GET", there.getMethod());
    assertEquals("/api/schema", there.getUrl().encodedPath());
    assertEquals(1, plain.getRequestCount());
    assertEquals(1, secure.getRequestCount());
  }
}
