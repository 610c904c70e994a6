package io.statxplore.core.spi;

import io.statxplore.core.http.ResponseCache;
import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;

import okhttp3.HttpUrl;

import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What a connection gives an adapter.
 *
 * @param baseUrl base URL of the API
 * @param apiKey the key, or null
 * @param language {@code Accept-Language}, or null for the server default
 * @param timeout per-request deadline
 * @param retries how often a transient failure is retried
 * @param limits how large one request may be, and how larger queries are split
 * @param parserFactory the connection's SQL parser, so column names can avoid its reserved words
 * @param cache where metadata answers are kept between connections, or null to keep none
 * @param writeKey a key for writes where the API takes one apart from {@code apiKey}, or null
 * @param secrets every secret the connection holds, in every form it was given, for redaction
 *     (those of {@code apiKey} and {@code writeKey} are always among them)
 */
public record AdapterContext(HttpUrl baseUrl, @Nullable Secret apiKey, @Nullable String language,
    Duration timeout, int retries, RequestLimits limits, SqlParserImplFactory parserFactory,
    @Nullable ResponseCache cache, @Nullable Secret writeKey, Secrets secrets) {
  public AdapterContext {
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(timeout, "timeout");
    requireNonNull(limits, "limits");
    requireNonNull(parserFactory, "parserFactory");
    secrets = Secrets.of(apiKey, writeKey).and(requireNonNull(secrets, "secrets"));
  }

  /** A context without a metadata cache or a write key. */
  public AdapterContext(HttpUrl baseUrl, @Nullable Secret apiKey, @Nullable String language, Duration timeout,
      int retries, RequestLimits limits, SqlParserImplFactory parserFactory) {
    this(baseUrl, apiKey, language, timeout, retries, limits, parserFactory, null, null, Secrets.NONE);
  }
}
