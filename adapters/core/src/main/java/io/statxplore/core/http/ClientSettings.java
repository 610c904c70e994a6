package io.statxplore.core.http;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * How to talk to one API endpoint.
 *
 * @param baseUrl base URL of the API; request paths are resolved against it
 * @param serviceName name of the service for messages
 * @param keyTransport how the key travels: in a header, a query parameter, or where the caller puts
 *     it (it is redacted from every message either way)
 * @param apiKey the key, or null to send none
 * @param language value of {@code Accept-Language}, or null for the server's default
 * @param timeout deadline of each request, from connect to the last byte
 * @param retries how often a transient failure is retried
 * @param errorParser reads the API's JSON error body; returns null when it is not an error body
 * @param cache where GET answers are kept between connections, or null to keep none; none where the
 *     key travels in a query parameter, since the cache's files keep each URL
 * @param secrets every secret of the connection, redacted from every message (the forms of
 *     {@code apiKey} are always among them)
 */
public record ClientSettings(HttpUrl baseUrl, String serviceName, KeyTransport keyTransport,
    @Nullable Secret apiKey, @Nullable String language, Duration timeout,
    int retries, Function<JsonNode, @Nullable ApiError> errorParser, @Nullable ResponseCache cache,
    Secrets secrets) {
  public ClientSettings {
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(serviceName, "serviceName");
    requireNonNull(keyTransport, "keyTransport");
    requireNonNull(timeout, "timeout");
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
    requireNonNull(errorParser, "errorParser");
    if (!keyTransport.parameter().isEmpty() && apiKey != null) {
      cache = null;
    }
    secrets = Secrets.of(apiKey).and(requireNonNull(secrets, "secrets"));
  }

  /** Settings whose only secret is {@code apiKey}. */
  public ClientSettings(HttpUrl baseUrl, String serviceName, KeyTransport keyTransport,
      @Nullable Secret apiKey, @Nullable String language, Duration timeout, int retries,
      Function<JsonNode, @Nullable ApiError> errorParser, @Nullable ResponseCache cache) {
    this(baseUrl, serviceName, keyTransport, apiKey, language, timeout, retries, errorParser, cache,
        Secrets.NONE);
  }

  /** Settings without a response cache. */
  public ClientSettings(HttpUrl baseUrl, String serviceName, KeyTransport keyTransport,
      @Nullable Secret apiKey, @Nullable String language, Duration timeout, int retries,
      Function<JsonNode, @Nullable ApiError> errorParser) {
    this(baseUrl, serviceName, keyTransport, apiKey, language, timeout, retries, errorParser, null,
        Secrets.NONE);
  }

  public Optional<Secret> key() {
    return Optional.ofNullable(apiKey);
  }
}
