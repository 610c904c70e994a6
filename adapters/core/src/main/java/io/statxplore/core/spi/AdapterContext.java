package io.statxplore.core.spi;

import io.statxplore.core.http.ApiError;
import io.statxplore.core.http.ClientSettings;
import io.statxplore.core.http.KeyTransport;
import io.statxplore.core.http.ResponseCache;
import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.HttpUrl;

import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What a connection gives an adapter.
 *
 * @param baseUrl base URL of the API
 * @param apiKey the key, or null
 * @param keyTransport how the API takes the key, as its factory declares
 * @param language {@code Accept-Language}, or null for the server default
 * @param timeout per-request deadline
 * @param retries how often a transient failure is retried
 * @param limits how large one request may be, and how larger queries are split
 * @param parserFactory the connection's SQL parser, so column names can avoid its reserved words
 * @param cache where metadata answers are kept between connections, or null to keep none
 * @param settings the values of the factory's {@link AdapterFactory#settings()} that are not
 *     secret, by name: those the connection gives, else their defaults
 * @param secretSettings the values of its secret settings the connection gives, by name
 * @param secrets every secret the connection holds, in every form it was given, for redaction
 *     (those of {@code apiKey} and of the secret settings are always among them)
 */
public record AdapterContext(HttpUrl baseUrl, @Nullable Secret apiKey, KeyTransport keyTransport,
    @Nullable String language, Duration timeout, int retries, RequestLimits limits, SqlParserImplFactory parserFactory,
    @Nullable ResponseCache cache, Map<String, String> settings, Map<String, Secret> secretSettings, Secrets secrets) {
  public AdapterContext {
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(keyTransport, "keyTransport");
    requireNonNull(timeout, "timeout");
    requireNonNull(limits, "limits");
    requireNonNull(parserFactory, "parserFactory");
    settings = Map.copyOf(settings);
    secretSettings = Map.copyOf(secretSettings);
    secrets = Secrets.of(apiKey).and(Secrets.of(secretSettings.values().toArray(Secret[]::new)))
        .and(requireNonNull(secrets, "secrets"));
  }

  /**
   * A context for {@code factory}'s adapter outside a connection (a tool, a test): its key
   * transport, the defaults of its settings, no metadata cache.
   */
  public AdapterContext(AdapterFactory factory, HttpUrl baseUrl, @Nullable Secret apiKey, @Nullable String language,
      Duration timeout, int retries, RequestLimits limits, SqlParserImplFactory parserFactory) {
    this(baseUrl, apiKey, factory.keyTransport(), language, timeout, retries, limits, parserFactory, null,
        defaults(factory.settings()), Map.of(), Secrets.NONE);
  }

  /** The values of {@code settings} that have a default, by name. */
  public static Map<String, String> defaults(List<Setting> settings) {
    final Map<String, String> values = new HashMap<>();
    settings.stream().filter(s -> s.defaultValue() != null && !s.secret())
        .forEach(s -> values.put(s.name(), s.defaultValue()));
    return values;
  }

  /**
   * How an adapter's client talks to the API: this context's URL, key and how it travels,
   * language, timeout, retries, metadata cache and secrets.
   *
   * @param serviceName the API's name in messages
   * @param errorParser reads the API's JSON error body; null when it is not one
   */
  public ClientSettings clientSettings(String serviceName, Function<JsonNode, @Nullable ApiError> errorParser) {
    return new ClientSettings(baseUrl, serviceName, keyTransport, apiKey, language, timeout, retries, errorParser,
        cache, secrets);
  }
}
