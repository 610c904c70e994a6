package io.statxplore.jdbc;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;

/**
 * Whether an API answers, for {@code Connection.isValid}: one {@code GET} of its base URL without
 * any key, where any answer but a server error (5xx) counts. A pool asks before each loan, so an
 * answer is trusted for {@link #FRESH} by every connection of the JVM to that URL: at most one
 * probe per URL in that time, and none while answers keep coming.
 */
final class ServerProbe {
  static final Duration FRESH = Duration.ofSeconds(10);

  /** No redirect is followed (a redirect is an answer) and nothing is retried: the caller's timeout holds. */
  private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
      .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false).build();
  private static final Cache<HttpUrl, Boolean> ANSWERED =
      CacheBuilder.newBuilder().maximumSize(1000).expireAfterWrite(FRESH).build();

  private ServerProbe() {
  }

  /** Whether the API at {@code baseUrl} answered within {@code timeout}, or did within {@link #FRESH}. */
  static boolean answers(HttpUrl baseUrl, Duration timeout) {
    if (ANSWERED.getIfPresent(baseUrl) != null) {
      return true;
    }
    final OkHttpClient client = CLIENT.newBuilder().callTimeout(timeout).build();
    try (Response response = client.newCall(new Request.Builder().url(baseUrl).get().build()).execute()) {
      if (response.code() >= 500) {
        return false;
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    ANSWERED.put(baseUrl, Boolean.TRUE);
    return true;
  }
}
