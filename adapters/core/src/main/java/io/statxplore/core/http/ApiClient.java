package io.statxplore.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Cache;
import okhttp3.CacheControl;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.FileSystem;
import okio.ForwardingFileSystem;
import okio.Sink;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The one HTTP client of an adapter: adds the key and language headers, applies the timeout,
 * checks status and content type before anyone parses, and turns every failure into an
 * {@link ApiException} that names the cause in the API's own words, with every secret of the
 * connection redacted.
 *
 * <p>A key goes only to the base URL's scheme, host and port. Redirects are followed there (a
 * 307/308 with its body); one to anywhere else is refused when this client sends a key, and one
 * from https to http always. With a response cache, no secret reaches its files: a {@code Vary}
 * naming a header that carries one is dropped (each key has a cache directory of its own
 * anyway), as is a header that echoes one, and its files are readable by their owner only.
 *
 * <p>It keeps to the API's request budget ({@link RateBudget}), waiting for a reset when that
 * fits before the statement's deadline, and retries transient failures (connection failures,
 * HTTP 502/503/504, read timeouts, a 429 that gives no reset to wait for) with exponential
 * backoff and jitter, at most {@link ClientSettings#retries()} times and never past the
 * deadline. Every request here is idempotent: {@code POST /table} is a query.
 */
public final class ApiClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int ERROR_BODY_LIMIT = 64 * 1024;
  private static final Pattern TITLE =
      Pattern.compile("<title>\\s*(.*?)\\s*</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
  private static final long CACHE_BYTES = 64L << 20;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
  /** Longer than any budget period; a server asking to wait longer is answered "not now". */
  private static final Duration LONGEST_RESET = Duration.ofDays(366);
  /** More hops than any sane server needs; a longer chain is broken. */
  private static final int MAX_REDIRECTS = 10;
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DATE_AND_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

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

  /**
   * Calls started and not yet ended, in the whole JVM: a call ends when its body is closed. It is
   * the JVM's so that a leak shows whichever connection made it ({@link #callsInFlight()}).
   */
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
  /** For an {@code http://} base URL, the client for a redirect to https, made on first use from {@link #tlsBuilder}. */
  private volatile @Nullable OkHttpClient tls;
  private final OkHttpClient.@Nullable Builder tlsBuilder;
  private final RateBudget budget;
  /** Whose metadata answers this client shares with the JVM's others. */
  private final SharedAnswers.Owner owner;
  private volatile boolean closed;

  public ApiClient(ClientSettings settings) {
    this(settings, new OkHttpClient.Builder());
  }

  /** A client on {@code http} (e.g. with the trust store of a test's server). */
  ApiClient(ClientSettings settings, OkHttpClient.Builder http) {
    this.settings = settings;
    http.callTimeout(settings.timeout())
        .connectTimeout(settings.timeout())
        .readTimeout(settings.timeout())
        .followRedirects(false)
        .followSslRedirects(false)
        .eventListener(TRACKER);
    if (settings.cache() != null && settings.cache().directory() != null) {
      http.cache(new Cache(OwnerOnlyFileSystem.INSTANCE, cacheDirectory(settings), CACHE_BYTES))
          .addNetworkInterceptor(this::withoutSecrets);
    }
    // Setting up TLS reads the trust store, a third of a short command-line run: an http:// API
    // (the emulator, a local server) is given a client without it.
    if (settings.baseUrl().isHttps()) {
      this.http = http.build();
      this.tlsBuilder = null;
    } else {
      this.http = http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
      // OkHttp's default connection specs
      this.tlsBuilder = http.connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT));
    }
    this.budget = RateBudget.of(settings.baseUrl(), settings.apiKey());
    this.owner = SharedAnswers.Owner.of(settings.baseUrl(), settings.apiKey(), settings.language());
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

  /** GET a JSON resource for the statement running on this thread, if any. */
  public ApiResponse get(HttpUrl url) {
    return get(url, CallScope.current());
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
   * GET metadata (a schema node, a catalog page) for the statement running on this thread, if
   * any (planning asks for it). With a response cache: the answer the JVM's clients of this URL,
   * key and language share ({@link SharedAnswers}) while younger than the cache's TTL, else one
   * from its directory while as young, else from the server, revalidated by ETag where the server
   * sent one.
   */
  public ApiResponse getMetadata(HttpUrl url) {
    final Request.Builder get = new Request.Builder().url(url).get();
    final String what = "GET " + describe(url);
    if (settings.cache() == null) {
      return send(get, url, what, CallScope.current());
    }
    final SharedAnswers.Key key = new SharedAnswers.Key(owner, url);
    final SharedAnswers.Answer shared = SharedAnswers.get(key, settings.cache().ttl());
    if (shared != null) {
      return ApiResponse.of(shared.headers(), what, shared.body(), this);
    }
    if (settings.cache().directory() != null) {
      get.cacheControl(new CacheControl.Builder()
          .maxStale((int) Math.min(Integer.MAX_VALUE, settings.cache().ttl().toSeconds()), TimeUnit.SECONDS).build());
    }
    return shared(key, send(get, url, what, CallScope.current()));
  }

  /**
   * {@code response}, its body read whole and shared with the JVM's other clients of this owner
   * when it fits {@link SharedAnswers#MAX_ANSWER}; a larger one streams on, unshared.
   */
  private ApiResponse shared(SharedAnswers.Key key, ApiResponse response) {
    final Instant read = Instant.now();
    final byte[] head;
    try {
      head = response.body().readNBytes(SharedAnswers.MAX_ANSWER + 1);
    } catch (IOException | RuntimeException e) {
      response.close();
      throw e instanceof ApiException a ? a : redact(new ApiException(ApiErrorKind.BAD_RESPONSE,
          settings.serviceName() + " broke off its answer to " + response.request() + ": " + e.getMessage(), e));
    }
    if (head.length > SharedAnswers.MAX_ANSWER) {
      return response.withBody(new SequenceInputStream(new ByteArrayInputStream(head), response.body()));
    }
    response.close();
    SharedAnswers.put(key, new SharedAnswers.Answer(head, response.headers(), read));
    return ApiResponse.of(response.headers(), response.request(), head, this);
  }

  /** {@link #get(HttpUrl)} of a JSON object: its body parsed, anything else a broken answer. */
  public JsonNode getObject(HttpUrl url) {
    try (ApiResponse response = get(url)) {
      return object(response);
    }
  }

  /** {@link #getMetadata(HttpUrl)} of a JSON object: its body parsed, anything else a broken answer. */
  public JsonNode getMetadataObject(HttpUrl url) {
    try (ApiResponse response = getMetadata(url)) {
      return object(response);
    }
  }

  private JsonNode object(ApiResponse response) {
    try {
      final JsonNode json = Json.MAPPER.readTree(response.body());
      if (json == null || !json.isObject()) {
        throw new ApiException(ApiErrorKind.BAD_RESPONSE, settings.serviceName() + " answered " + response.request()
            + " with something other than a JSON object");
      }
      return json;
    } catch (IOException e) {
      throw redact(new ApiException(ApiErrorKind.BAD_RESPONSE, settings.serviceName() + " sent a broken answer to "
          + response.request() + ": " + e.getMessage(), e));
    }
  }

  /**
   * One directory per base URL, key and language, since their answers may differ; so that other
   * users cannot read it, it is its owner's alone.
   */
  private static okio.Path cacheDirectory(ClientSettings settings) {
    final String owner = settings.baseUrl() + "\n" + settings.key().map(Secret::reveal).orElse("")
        + "\n" + settings.language();
    final Path directory = settings.cache().directory()
        .resolve(ByteString.encodeUtf8(owner).sha256().hex().substring(0, 32));
    OwnerOnlyFileSystem.restrict(directory);
    return okio.Path.get(directory);
  }

  /** POST a JSON query and expect JSON back. */
  public ApiResponse post(HttpUrl url, byte[] json, CallScope scope) {
    return send(new Request.Builder().url(url).post(RequestBody.create(json, JSON, 0, json.length)),
        url, "POST " + describe(url), scope);
  }

  private ApiResponse send(Request.Builder builder, HttpUrl url, String request, CallScope scope) {
    builder.header("Accept", "application/json").url(withKey(url));
    final KeyTransport transport = settings.keyTransport();
    settings.key().filter(k -> !transport.header().isEmpty())
        .ifPresent(k -> builder.header(transport.header(), transport.prefix() + k.reveal()));
    if (settings.language() != null) {
      builder.header("Accept-Language", settings.language());
    }
    final Request built = builder.build();
    final String root = root(url);
    final Instant deadline = scope.deadline() != null ? scope.deadline() : Instant.now().plus(settings.timeout());
    int throttled = 0;
    for (int retry = 0; ; retry++) {
      for (Instant reset = budget.take(root, Instant.now()); reset != null; reset = budget.take(root, Instant.now())) {
        waitUntil(reset, reset, deadline, scope, request, "the request budget of " + settings.serviceName() + " is spent");
      }
      try {
        return sendOnce(built, request, scope, deadline);
      } catch (Throttled e) {
        final Instant reset = e.reset != null ? e.reset : budget.resetOf(root);
        final Instant now = Instant.now();
        if (reset == null || !reset.isAfter(now)) {
          // No time to wait for, or one already past: back off, as from any transient failure.
          backOff(e, retry, deadline, scope, request);
        } else {
          // A wait for the reset is not a retry; a server that keeps resetting still gets backoff.
          final Instant floor = now.plus(backoff(throttled++));
          waitUntil(reset, reset.isAfter(floor) ? reset : floor, deadline, scope, request, e.getMessage());
          retry--;
        }
      } catch (TransientFailure e) {
        if (e.httpStatus() == 504 && !scope.retryGatewayTimeouts()) {
          throw e;
        }
        backOff(e, retry, deadline, scope, request);
      }
    }
  }

  /** Sleeps before retry {@code retry + 1}, or throws {@code e} if no retry is left before the deadline. */
  private void backOff(ApiException e, int retry, Instant deadline, CallScope scope, String request) {
    final Duration backoff = backoff(retry);
    if (retry >= settings.retries() || Instant.now().plus(backoff).isAfter(deadline) || scope.isCancelled()) {
      throw e;
    }
    LOG.debug("Retry {} of {} in {} ms: {}", retry + 1, request, backoff.toMillis(), e.getMessage());
    sleep(backoff, scope, request);
  }

  /** Sends {@code first}, following redirects that stay where the key may go. */
  private ApiResponse sendOnce(Request first, String what, CallScope scope, Instant deadline) {
    final Set<HttpUrl> visited = new LinkedHashSet<>(List.of(first.url()));
    for (Request request = first; ; ) {
      if (scope.isCancelled() || closed) {
        throw stopped(what);
      }
      final Duration left = scope.remaining(settings.timeout());
      if (left.isZero()) {
        throw new ApiException(ApiErrorKind.TIMEOUT, "The statement's timeout passed before " + what + " was sent");
      }
      final Call call = client(request.url()).newCall(request);
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
          budget.update(response.networkResponse().headers(), deadline);
        }
        if (!response.isRedirect()) {
          check(response, what);
          return new ApiResponse(response, what, watched,
              new AnswerBody(response.body().byteStream(), what, scope, left), this);
        }
        request = redirect(response, request, what, visited);
      } catch (RuntimeException e) {
        response.close();
        watched.close();
        throw e;
      }
      response.close();
      watched.close();
    }
  }

  /** The request that follows a redirect, or a failure that says why it is not followed. */
  private Request redirect(Response response, Request request, String what, Set<HttpUrl> visited) {
    final String location = response.header("Location");
    final HttpUrl target = location == null ? null : request.url().resolve(location);
    final String redirected = settings.serviceName() + " redirected " + what + " (HTTP " + response.code() + ") to ";
    if (target == null) {
      throw new ApiException(ApiErrorKind.BAD_RESPONSE, redirected + (location == null ? "nowhere: the answer has"
          + " no Location" : "'" + redact(location) + "', which is no http or https URL"));
    }
    final String elsewhere = elsewhere(target);
    if (elsewhere != null) {
      throw new ApiException(ApiErrorKind.CONNECTION, redirected + redact(target.toString()) + ", " + elsewhere
          + "; not following it, " + (settings.key().isPresent() ? "so that the key is not sent there" : "so that"
              + " nothing travels unencrypted") + ". If the API has moved, set url to its new address");
    }
    if (!visited.add(target) || visited.size() > MAX_REDIRECTS) {
      throw new ApiException(ApiErrorKind.BAD_RESPONSE, redirected + redact(target.toString())
          + (visited.size() > MAX_REDIRECTS ? " after " + MAX_REDIRECTS + " redirects" : " again") + ": a redirect"
          + " loop (" + visited.stream().map(u -> redact(u.toString())).collect(Collectors.joining(" -> ")) + ")");
    }
    final Request.Builder next = request.newBuilder().url(withKey(target));
    if (response.code() == 303) {
      next.get();
    }
    return next.build();
  }

  /** {@code url} with the key as the query parameter that carries it, for an API that takes it there. */
  private HttpUrl withKey(HttpUrl url) {
    final String parameter = settings.keyTransport().parameter();
    if (parameter.isEmpty() || settings.key().isEmpty() || url.queryParameter(parameter) != null) {
      return url;
    }
    return url.newBuilder().addQueryParameter(parameter, settings.key().get().reveal()).build();
  }

  /**
   * Why a redirect to {@code target} leaves where this client may send what it sends, or null if
   * it does not: the key goes only to the base URL's scheme, host and port, nothing from https to
   * http.
   */
  private @Nullable String elsewhere(HttpUrl target) {
    final HttpUrl base = settings.baseUrl();
    if (base.isHttps() && !target.isHttps()) {
      return "from https to http";
    }
    if (settings.key().isEmpty()) {
      return null;
    }
    return !target.host().equals(base.host()) ? "another host"
        : !target.scheme().equals(base.scheme()) ? "another scheme"
        : target.port() != base.port() ? "another port" : null;
  }

  private ApiException failure(IOException e, String what, CallScope scope, Duration allowed) {
    if (scope.isCancelled() || closed) {
      return stopped(what);
    }
    if (e instanceof InterruptedIOException) {
      final String message = settings.serviceName() + " did not answer " + what + " within " + seconds(allowed);
      // A read that timed out before the deadline may pass on a second try; the deadline may not.
      return scope.remaining(settings.timeout()).isZero() ? new ApiException(ApiErrorKind.TIMEOUT, message, e)
          : new TransientFailure(ApiErrorKind.TIMEOUT, message, e);
    }
    return new TransientFailure(ApiErrorKind.CONNECTION, "Could not reach " + settings.serviceName() + " at "
        + settings.baseUrl() + " (" + what + "): " + redact(String.valueOf(e.getMessage())), e);
  }

  private static String seconds(Duration d) {
    return (d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds())
        : String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0)) + " s";
  }

  /** The failure of a call that its statement's cancel, or the client's close, ended. */
  private ApiException stopped(String what) {
    return new ApiException(ApiErrorKind.CANCELLED, closed ? "The connection was closed during " + what
        : "Statement cancelled during " + what);
  }

  /**
   * Sleeps until {@code until} if that comes before the deadline, else fails saying when the
   * budget resets ({@code reset}).
   */
  private void waitUntil(Instant reset, Instant until, Instant deadline, CallScope scope, String what, String why) {
    final Instant now = Instant.now();
    if (until.isAfter(deadline)) {
      throw new ApiException(ApiErrorKind.RATE_LIMITED, why + ": it resets " + when(reset, now)
          + ", after this statement's timeout, so " + what + " was not sent. Run it again then, or allow a longer"
          + " timeout.");
    }
    LOG.debug("Waiting {} ms for the rate limit of {} to reset before {}",
        Duration.between(now, until).toMillis(), settings.serviceName(), what);
    sleep(Duration.between(now, until), scope, what);
  }

  /** "at 14:05:00 (in 300 s)", with the date when it is not today's. */
  private static String when(Instant reset, Instant now) {
    final Duration in = Duration.between(now, reset);
    if (in.compareTo(LONGEST_RESET) > 0) {
      return "more than a year from now";
    }
    final boolean today = ZonedDateTime.ofInstant(reset, CLOCK.getZone()).toLocalDate()
        .equals(ZonedDateTime.ofInstant(now, CLOCK.getZone()).toLocalDate());
    return "at " + (today ? CLOCK : DATE_AND_CLOCK).format(reset) + " (in "
        + (in.toHours() < 48 ? Math.max(1, in.toSeconds()) + " s)" : in.toDays() + " days)");
  }

  /** Sleeps, waking early to fail when the statement is cancelled. */
  private void sleep(Duration duration, CallScope scope, String what) {
    final long end = System.nanoTime() + duration.toNanos();
    try {
      for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
        if (scope.isCancelled() || closed) {
          throw stopped(what);
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

  /**
   * {@code Retry-After} in seconds or as an HTTP date, as HTTP allows, at most a year ahead;
   * null if absent or unreadable.
   */
  private static @Nullable Instant retryAfter(Response response) {
    final String value = response.header("Retry-After");
    if (value == null) {
      return null;
    }
    final Instant now = Instant.now();
    try {
      return now.plusSeconds(Math.min(Long.parseLong(value.strip()), LONGEST_RESET.toSeconds()));
    } catch (NumberFormatException e) {
      try {
        final Instant date = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return date.isAfter(now.plus(LONGEST_RESET)) ? now.plus(LONGEST_RESET) : date;
      } catch (DateTimeException notADate) {
        return null;
      }
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
      final JsonNode node = Json.MAPPER.readTree(body);
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

  /** {@code text} without any secret of the connection. */
  public String redact(String text) {
    return settings.secrets().redact(text);
  }

  /**
   * {@code e} as it may be shown: where its message was built from what the server sent (a
   * parser's message quoting the body, an id) and holds a secret, a copy with the secret
   * redacted, and without the causes that hold it.
   */
  public ApiException redact(ApiException e) {
    final Secrets secrets = settings.secrets();
    boolean causeReveals = false;
    for (Throwable c = e.getCause(); c != null && !causeReveals; c = c.getCause() == c ? null : c.getCause()) {
      causeReveals = secrets.revealedIn(c.getMessage());
    }
    if (!causeReveals && !secrets.revealedIn(e.getMessage())) {
      return e;
    }
    final ApiException copy = new ApiException(e.kind(), secrets.redact(e.getMessage()),
        causeReveals ? null : e.getCause(), e.limit(), e.httpStatus());
    copy.setStackTrace(e.getStackTrace());
    return copy;
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

  /**
   * Keeps secrets out of the cache's files. OkHttp stores the request headers an answer's
   * {@code Vary} names: one that carries a secret is dropped from it, which loses nothing, since
   * each key has a cache directory of its own. A header that echoes a secret is dropped too.
   */
  private Response withoutSecrets(Interceptor.Chain chain) throws IOException {
    final Request request = chain.request();
    final Response response = chain.proceed(request);
    final Secrets secrets = settings.secrets();
    final Headers.Builder kept = new Headers.Builder();
    boolean changed = false;
    for (int i = 0; i < response.headers().size(); i++) {
      final String name = response.headers().name(i);
      final String value = response.headers().value(i);
      if (name.equalsIgnoreCase("Vary")) {
        final List<String> vary = new ArrayList<>();
        for (String varied : value.split(",")) {
          if (!varied.isBlank() && !secrets.revealedIn(request.header(varied.strip()))) {
            vary.add(varied.strip());
          }
        }
        final String joined = String.join(", ", vary);
        changed |= !joined.equals(value.strip());
        if (!vary.isEmpty()) {
          kept.add(name, joined);
        }
      } else if (secrets.revealedIn(value)) {
        changed = true;
      } else {
        kept.add(name, value);
      }
    }
    return changed ? response.newBuilder().headers(kept.build()).build() : response;
  }

  /**
   * The body of an answer as the readers see it: a read that fails because the statement was
   * cancelled, the client closed or the time ran out says so, instead of looking like a broken
   * connection or broken JSON.
   */
  private final class AnswerBody extends FilterInputStream {
    private final String what;
    private final CallScope scope;
    private final Duration allowed;

    AnswerBody(InputStream body, String what, CallScope scope, Duration allowed) {
      super(body);
      this.what = what;
      this.scope = scope;
      this.allowed = allowed;
    }

    @Override public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw interrupted(e);
      }
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw interrupted(e);
      }
    }

    @Override public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        throw interrupted(e);
      }
    }

    /** {@code e}, unless a cancel, close or timeout explains it: then the failure that names it. */
    private IOException interrupted(IOException e) {
      if (scope.isCancelled() || closed) {
        throw stopped(what);
      }
      if (e instanceof InterruptedIOException) {
        throw new ApiException(ApiErrorKind.TIMEOUT, settings.serviceName() + " did not finish its answer to "
            + what + " within " + seconds(allowed), e);
      }
      return e;
    }
  }

  /**
   * The file system of the response cache: every directory and file it creates is its owner's
   * alone (POSIX file systems; elsewhere the system's defaults).
   */
  private static final class OwnerOnlyFileSystem extends ForwardingFileSystem {
    static final OwnerOnlyFileSystem INSTANCE = new OwnerOnlyFileSystem();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFileSystem() {
      super(FileSystem.SYSTEM);
    }

    /** Makes an existing directory (from an earlier version, or made by hand) its owner's alone. */
    static void restrict(Path directory) {
      if (POSIX && Files.isDirectory(directory)) {
        try {
          Files.setPosixFilePermissions(directory, DIRECTORY);
        } catch (IOException | SecurityException e) {
          LOG.warn("Could not make the cache directory {} private: {}", directory, e.getMessage());
        }
      }
    }

    @Override public Sink sink(okio.Path file, boolean mustCreate) throws IOException {
      create(file, mustCreate);
      return super.sink(file, false);
    }

    @Override public Sink appendingSink(okio.Path file, boolean mustExist) throws IOException {
      if (!mustExist) {
        create(file, false);
      }
      return super.appendingSink(file, mustExist);
    }

    @Override public void createDirectory(okio.Path dir, boolean mustCreate) throws IOException {
      if (!POSIX) {
        super.createDirectory(dir, mustCreate);
        return;
      }
      try {
        Files.createDirectory(dir.toNioPath(), PosixFilePermissions.asFileAttribute(DIRECTORY));
      } catch (FileAlreadyExistsException e) {
        if (mustCreate) {
          throw e;
        }
      }
    }

    private static void create(okio.Path file, boolean mustCreate) throws IOException {
      final FileAttribute<?>[] mode = POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
          : new FileAttribute<?>[0];
      try {
        Files.createFile(file.toNioPath(), mode);
      } catch (FileAlreadyExistsException e) {
        if (mustCreate) {
          throw e;
        }
      }
    }
  }

  /** Jackson's data binding, set up on first use: a command-line run that meets no error body never pays for it. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** The client for {@code url}: {@link #http}, or one with TLS for an https redirect of an http API. */
  private OkHttpClient client(HttpUrl url) {
    if (!url.isHttps() || settings.baseUrl().isHttps()) {
      return http;
    }
    OkHttpClient t = tls;
    if (t == null) {
      synchronized (this) {
        t = tls;
        if (t == null) {
          // The same builder: the same connection pool, dispatcher and cache, so close() ends its calls too.
          t = requireNonNull(tlsBuilder).build();
          tls = t;
        }
      }
    }
    return t;
  }

  /** Fails the calls in flight and every later one; a statement waiting on one says the connection closed. */
  @Override public void close() {
    closed = true;
    http.dispatcher().cancelAll();
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
