package io.statxplore.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.google.common.hash.Hashing;

import okhttp3.Cache;
import okhttp3.CacheControl;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one HTTP client of an adapter: adds the key and language headers, applies the timeout,
 * checks status and content type before anyone parses, and turns every failure into an
 * {@link ApiException} that names the cause in the API's own words, with the key redacted.
 *
 * <p>It keeps to the API's request budget ({@link RateBudget}), waiting for a reset when that
 * fits before the statement's deadline, and retries transient failures (connection failures,
 * HTTP 502/503/504, read timeouts) with exponential backoff and jitter, at most
 * {@link ClientSettings#retries()} times and never past the deadline. Every request here is
 * idempotent: {@code POST /table} is a query.
 */
public final class ApiClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int ERROR_BODY_LIMIT = 64 * 1024;
  private static final Pattern TITLE =
      Pattern.compile("<title>\\s*(.*?)\\s*</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
  private static final long CACHE_BYTES = 64L << 20;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** A failure that may pass if the request is sent again. */
  private static final class TransientFailure extends ApiException {
    private static final long serialVersionUID = 1L;

    TransientFailure(ApiErrorKind kind, String message, @Nullable Throwable cause) {
      super(kind, message, cause);
    }

    TransientFailure(ApiErrorKind kind, String message, int httpStatus) {
      super(kind, message, null, null, httpStatus);
    }
  }

  /** HTTP 429: the budget is spent until {@code reset} (null if the server did not say). */
  private static final class Throttled extends ApiException {
    private static final long serialVersionUID = 1L;
    final transient @Nullable Instant reset;

    Throttled(String message, @Nullable Instant reset) {
      super(ApiErrorKind.RATE_LIMITED, message);
      this.reset = reset;
    }
  }

  /** Calls started and not yet ended, in the whole JVM: a call ends when its body is closed. */
  private static final Set<Call> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  private static final EventListener TRACKER = new EventListener() {
    @Override public void callStart(Call call) {
      IN_FLIGHT.add(call);
    }

    @Override public void callEnd(Call call) {
      IN_FLIGHT.remove(call);
    }

    @Override public void callFailed(Call call, IOException e) {
      IN_FLIGHT.remove(call);
    }
  };

  private final ClientSettings settings;
  private final OkHttpClient http;
  private final RateBudget budget;

  public ApiClient(ClientSettings settings) {
    this.settings = settings;
    this.http = new OkHttpClient.Builder()
        .callTimeout(settings.timeout())
        .connectTimeout(settings.timeout())
        .readTimeout(settings.timeout())
        .eventListener(TRACKER)
        .cache(settings.cache() == null ? null : new Cache(cacheDirectory(settings), CACHE_BYTES))
        .build();
    this.budget = RateBudget.of(settings.baseUrl(), settings.apiKey());
  }

  /** HTTP calls whose response is not closed yet, across all clients: zero when idle, else a leak. */
  public static int callsInFlight() {
    return IN_FLIGHT.size();
  }

  public ClientSettings settings() {
    return settings;
  }

  /** The base URL with {@code segments} appended, each encoded as one path segment. */
  public HttpUrl url(String... segments) {
    final HttpUrl.Builder b = settings.baseUrl().newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /** GET a JSON resource, outside any statement. */
  public ApiResponse get(HttpUrl url) {
    return get(url, CallScope.NONE);
  }

  /** GET a JSON resource for a statement, always from the server. */
  public ApiResponse get(HttpUrl url, CallScope scope) {
    final Request.Builder get = new Request.Builder().url(url).get();
    if (settings.cache() != null) {
      get.cacheControl(CacheControl.FORCE_NETWORK);
    }
    return send(get, url, "GET " + describe(url), scope);
  }

  /**
   * GET metadata (a schema node, a catalog page): from the response cache while it is younger
   * than the cache's TTL, else from the server, revalidated by ETag where the server sent one.
   */
  public ApiResponse getMetadata(HttpUrl url) {
    final Request.Builder get = new Request.Builder().url(url).get();
    if (settings.cache() != null) {
      get.cacheControl(new CacheControl.Builder()
          .maxStale((int) Math.min(Integer.MAX_VALUE, settings.cache().ttl().toSeconds()), TimeUnit.SECONDS).build());
    }
    return send(get, url, "GET " + describe(url), CallScope.NONE);
  }

  /** One directory per base URL, key and language: their answers may differ. */
  private static File cacheDirectory(ClientSettings settings) {
    final String owner = settings.baseUrl() + "\n" + settings.key().map(Secret::reveal).orElse("")
        + "\n" + settings.language();
    return settings.cache().directory()
        .resolve(Hashing.sha256().hashString(owner, StandardCharsets.UTF_8).toString().substring(0, 32)).toFile();
  }

  /** POST a JSON query and expect JSON back. */
  public ApiResponse post(HttpUrl url, byte[] json, CallScope scope) {
    return send(new Request.Builder().url(url).post(RequestBody.create(json, JSON, 0, json.length)),
        url, "POST " + describe(url), scope);
  }

  private ApiResponse send(Request.Builder builder, HttpUrl url, String request, CallScope scope) {
    builder.header("Accept", "application/json");
    settings.key().filter(k -> !settings.authHeader().isEmpty())
        .ifPresent(k -> builder.header(settings.authHeader(), settings.authPrefix() + k.reveal()));
    if (settings.language() != null) {
      builder.header("Accept-Language", settings.language());
    }
    final Request built = builder.build();
    final String root = root(url);
    final Instant deadline = scope.deadline() != null ? scope.deadline() : Instant.now().plus(settings.timeout());
    for (int retry = 0; ; retry++) {
      for (Instant reset = budget.take(root, Instant.now()); reset != null; reset = budget.take(root, Instant.now())) {
        waitUntil(reset, deadline, scope, request, "the request budget of " + settings.serviceName() + " is spent");
      }
      try {
        return sendOnce(built, request, scope);
      } catch (Throttled e) {
        final Instant reset = e.reset != null ? e.reset : budget.resetOf(root);
        if (reset == null) {
          throw e;
        }
        waitUntil(reset, deadline, scope, request, e.getMessage());
        retry--;  // a wait for the reset is not a retry
      } catch (TransientFailure e) {
        final Duration backoff = backoff(retry);
        if (retry >= settings.retries() || Instant.now().plus(backoff).isAfter(deadline) || scope.isCancelled()
            || e.httpStatus() == 504 && !scope.retryGatewayTimeouts()) {
          throw e;
        }
        LOG.debug("Retry {} of {} in {} ms: {}", retry + 1, request, backoff.toMillis(), e.getMessage());
        sleep(backoff, scope, request);
      }
    }
  }

  private ApiResponse sendOnce(Request request, String what, CallScope scope) {
    final Duration left = scope.remaining(settings.timeout());
    if (scope.isCancelled()) {
      throw cancelled(what);
    }
    if (left.isZero()) {
      throw new ApiException(ApiErrorKind.TIMEOUT, "The statement's timeout passed before " + what + " was sent");
    }
    final Call call = http.newCall(request);
    call.timeout().timeout(left.toMillis(), TimeUnit.MILLISECONDS);
    final CancelWatch.Registration watched = CancelWatch.watch(call, scope);
    final Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      watched.close();
      throw failure(e, what, scope, left);
    }
    try {
      if (response.networkResponse() != null) {
        // A cached answer's headers tell the budget as it was then.
        budget.update(response.networkResponse().headers());
      }
      check(response, what);
      return new ApiResponse(response, what, watched);
    } catch (RuntimeException e) {
      response.close();
      watched.close();
      throw e;
    }
  }

  private ApiException failure(IOException e, String what, CallScope scope, Duration allowed) {
    if (scope.isCancelled()) {
      return cancelled(what);
    }
    if (e instanceof InterruptedIOException) {
      final String message = settings.serviceName() + " did not answer " + what + " within "
          + (allowed.toMillis() % 1000 == 0 ? String.valueOf(allowed.toSeconds())
              : String.format(Locale.ROOT, "%.1f", allowed.toMillis() / 1000.0)) + " s";
      // A read that timed out before the deadline may pass on a second try; the deadline may not.
      return scope.remaining(settings.timeout()).isZero() ? new ApiException(ApiErrorKind.TIMEOUT, message, e)
          : new TransientFailure(ApiErrorKind.TIMEOUT, message, e);
    }
    return new TransientFailure(ApiErrorKind.CONNECTION, "Could not reach " + settings.serviceName() + " at "
        + settings.baseUrl() + " (" + what + "): " + redact(String.valueOf(e.getMessage())), e);
  }

  private static ApiException cancelled(String what) {
    return new ApiException(ApiErrorKind.CANCELLED, "Statement cancelled during " + what);
  }

  /** Sleeps until {@code reset} if it comes before the deadline, else fails saying when it comes. */
  private void waitUntil(Instant reset, Instant deadline, CallScope scope, String what, String why) {
    final Instant now = Instant.now();
    if (reset.isAfter(deadline)) {
      throw new ApiException(ApiErrorKind.RATE_LIMITED, why + ": it resets at " + CLOCK.format(reset)
          + " (in " + Math.max(1, Duration.between(now, reset).toSeconds()) + " s), after this statement's"
          + " timeout, so " + what + " was not sent. Run it again then, or allow a longer timeout.");
    }
    LOG.debug("Waiting {} ms for the rate limit of {} to reset before {}",
        Duration.between(now, reset).toMillis(), settings.serviceName(), what);
    sleep(Duration.between(now, reset), scope, what);
  }

  /** Sleeps, waking early to fail when the statement is cancelled. */
  private static void sleep(Duration duration, CallScope scope, String what) {
    final long end = System.nanoTime() + duration.toNanos();
    try {
      for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
        if (scope.isCancelled()) {
          throw cancelled(what);
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiErrorKind.CANCELLED, "Interrupted while waiting to send " + what, e);
    }
  }

  /** Full jitter: a random wait up to an exponentially growing bound. */
  private static Duration backoff(int retry) {
    final long bound = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(retry, 10));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
  }

  /** The first path segment after the base URL: the bucket of the rate limit that counts it. */
  private String root(HttpUrl url) {
    final List<String> base = settings.baseUrl().pathSegments();
    final int n = base.get(base.size() - 1).isEmpty() ? base.size() - 1 : base.size();
    return url.pathSize() > n ? url.pathSegments().get(n) : "";
  }

  private void check(Response response, String request) {
    final String contentType = response.header("Content-Type", "");
    final boolean json = contentType.toLowerCase(Locale.ROOT).contains("json");
    if (response.isSuccessful() && json) {
      return;
    }
    final String body = peek(response);
    if (!response.isSuccessful()) {
      throw statusError(response.code(), json ? parseError(body) : null, contentType, body, request, response);
    }
    throw new ApiException(ApiErrorKind.BAD_RESPONSE, settings.serviceName() + " answered " + request
        + " with " + describeContent(contentType, body) + " instead of JSON (HTTP " + response.code()
        + "); the request was probably rejected by a firewall, or the server is down for maintenance");
  }

  private ApiException statusError(int status, ApiError error, String contentType, String body,
      String request, Response response) {
    final ApiErrorKind kind = error != null && error.kind() != null ? error.kind() : kindOf(status);
    final String detail = error != null
        ? (error.type() != null ? error.type() + ": " : "") + error.message()
        : describeContent(contentType, body);
    final String message = settings.serviceName() + " answered HTTP " + status + " to " + request
        + ": " + redact(detail);
    if (kind == ApiErrorKind.RATE_LIMITED) {
      return new Throttled(message, error != null && error.retryAt() != null ? error.retryAt() : retryAfter(response));
    }
    return status == 502 || status == 503 || status == 504 ? new TransientFailure(kind, message, status)
        : new ApiException(kind, message, null, error == null ? null : error.limit(), status);
  }

  /** {@code Retry-After} in seconds, as HTTP allows; null if absent or a date. */
  private static @Nullable Instant retryAfter(Response response) {
    final String value = response.header("Retry-After");
    try {
      return value == null ? null : Instant.now().plusSeconds(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static ApiErrorKind kindOf(int status) {
    if (status == 401 || status == 403) {
      return ApiErrorKind.AUTHENTICATION;
    }
    if (status == 404) {
      return ApiErrorKind.NOT_FOUND;
    }
    if (status == 429) {
      return ApiErrorKind.RATE_LIMITED;
    }
    if (status == 504 || status == 408) {
      return ApiErrorKind.TIMEOUT;
    }
    return status >= 500 ? ApiErrorKind.SERVER_ERROR : ApiErrorKind.BAD_REQUEST;
  }

  private ApiError parseError(String body) {
    try {
      final JsonNode node = MAPPER.readTree(body);
      return node == null ? null : settings.errorParser().apply(node);
    } catch (IOException e) {
      return null;
    }
  }

  /** A readable summary of a non-JSON body: an HTML page's title, or the start of the text. */
  private String describeContent(String contentType, String body) {
    final Matcher m = TITLE.matcher(body);
    if (m.find()) {
      return "an HTML page titled \"" + redact(m.group(1)) + "\"";
    }
    final String text = body.strip().replaceAll("\\s+", " ");
    final String type = contentType.isEmpty() ? "no content type" : "content type " + contentType;
    return text.isEmpty() ? "an empty body (" + type + ")"
        : "a body of " + type + ": \"" + redact(text.length() > 200 ? text.substring(0, 200) + "…" : text) + "\"";
  }

  private static String peek(Response response) {
    try {
      final BufferedSource source = response.body().source();
      source.request(ERROR_BODY_LIMIT);
      final Buffer copy = source.getBuffer().clone();
      return copy.readString(Math.min(copy.size(), ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private String redact(String text) {
    return settings.key().map(k -> k.redact(text)).orElse(text);
  }

  /** The path of a request relative to the base URL, for messages; a key in the URL is redacted. */
  private String describe(HttpUrl url) {
    final String base = settings.baseUrl().encodedPath();
    final String path = url.encodedPath();
    final String relative = path.startsWith(base) && base.length() > 1
        ? path.substring(base.endsWith("/") ? base.length() - 1 : base.length()) : path;
    final String query = url.encodedQuery();
    return redact(relative + (query == null ? "" : "?" + query));
  }

  @Override public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    if (http.cache() != null) {
      try {
        http.cache().close();
      } catch (IOException e) {
        LOG.debug("Could not close the response cache of {}: {}", settings.serviceName(), e.getMessage());
      }
    }
  }
}
