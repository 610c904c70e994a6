package io.statxplore.core.http;

import static java.util.Objects.requireNonNull;

/**
 * How an API takes its key: in a header, after a prefix ({@code APIKey: KEY},
 * {@code Authorization: Apikey KEY}), or as a query parameter of every request
 * ({@code ?api_key=KEY}). Either way it goes only to the base URL's scheme, host and port, and is
 * redacted from every message.
 *
 * @param header the header that carries the key, or empty
 * @param prefix text before the key in that header, or empty
 * @param parameter the query parameter that carries the key, or empty
 */
public record KeyTransport(String header, String prefix, String parameter) {
  /** The caller puts the key where the API wants it (e.g. a key per request path). */
  public static final KeyTransport CALLER = new KeyTransport("", "", "");

  public KeyTransport {
    requireNonNull(header, "header");
    requireNonNull(prefix, "prefix");
    requireNonNull(parameter, "parameter");
    if (!header.isEmpty() && !parameter.isEmpty()) {
      throw new IllegalArgumentException("a key goes in a header or a query parameter, not both");
    }
  }

  public static KeyTransport header(String header, String prefix) {
    return new KeyTransport(requireNonNull(header, "header"), prefix, "");
  }

  public static KeyTransport parameter(String parameter) {
    return new KeyTransport("", "", parameter);
  }
}
