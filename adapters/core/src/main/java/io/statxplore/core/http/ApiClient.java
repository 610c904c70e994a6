package io.statxplore.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one HTTP client of an adapter: adds the key and language headers, applies the timeout,
 * checks status and content type before anyone parses, and turns every failure into an
 * {@link ApiException} that names the cause in the API's own words, with the key redacted.
 */
public final class ApiClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int ERROR_BODY_LIMIT = 64 * 1024;
  private static final Pattern TITLE =
      Pattern.compile("<title>\\s*(.*?)\\s*</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private final ClientSettings settings;
  private final OkHttpClient http;

  public ApiClient(ClientSettings settings) {
    this.settings = settings;
    this.http = new OkHttpClient.Builder()
        .callTimeout(settings.timeout())
        .connectTimeout(settings.timeout())
        .readTimeout(settings.timeout())
        .build();
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

  /** GET a JSON resource. */
  public ApiResponse get(HttpUrl url) {
    return send(new Request.Builder().url(url).get(), "GET " + describe(url));
  }

  /** POST a JSON body and expect JSON back. */
  public ApiResponse post(HttpUrl url, byte[] json) {
    return send(new Request.Builder().url(url).post(RequestBody.create(json, JSON, 0, json.length)),
        "POST " + describe(url));
  }

  private ApiResponse send(Request.Builder builder, String request) {
    builder.header("Accept", "application/json");
    settings.key().ifPresent(k -> builder.header(settings.authHeader(), settings.authPrefix() + k.reveal()));
    if (settings.language() != null) {
      builder.header("Accept-Language", settings.language());
    }
    final Call call = http.newCall(builder.build());
    final Response response;
    try {
      response = call.execute();
    } catch (InterruptedIOException e) {
      throw new ApiException(ApiErrorKind.TIMEOUT, settings.serviceName() + " did not answer " + request
          + " within " + settings.timeout().toSeconds() + " s", e);
    } catch (IOException e) {
      throw new ApiException(ApiErrorKind.CONNECTION, "Could not reach " + settings.serviceName() + " at "
          + settings.baseUrl() + " (" + request + "): " + redact(String.valueOf(e.getMessage())), e);
    }
    try {
      check(response, request);
      return new ApiResponse(response, request);
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
  }

  private void check(Response response, String request) {
    final String contentType = response.header("Content-Type", "");
    final boolean json = contentType.toLowerCase(Locale.ROOT).contains("json");
    if (response.isSuccessful() && json) {
      return;
    }
    final String body = peek(response);
    if (!response.isSuccessful()) {
      throw statusError(response.code(), json ? parseError(body) : null, contentType, body, request);
    }
    throw new ApiException(ApiErrorKind.BAD_RESPONSE, settings.serviceName() + " answered " + request
        + " with " + describeContent(contentType, body) + " instead of JSON (HTTP " + response.code()
        + "); the request was probably rejected by a firewall, or the server is down for maintenance");
  }

  private ApiException statusError(int status, ApiError error, String contentType, String body,
      String request) {
    final ApiErrorKind kind = error != null && error.kind() != null ? error.kind() : kindOf(status);
    final String detail = error != null
        ? (error.type() != null ? error.type() + ": " : "") + error.message()
        : describeContent(contentType, body);
    return new ApiException(kind, settings.serviceName() + " answered HTTP " + status + " to " + request
        + ": " + redact(detail));
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

  /** The path of a request relative to the base URL, for messages (never holds the key). */
  private String describe(HttpUrl url) {
    final String base = settings.baseUrl().encodedPath();
    final String path = url.encodedPath();
    final String relative = path.startsWith(base) && base.length() > 1
        ? path.substring(base.endsWith("/") ? base.length() - 1 : base.length()) : path;
    final String query = url.encodedQuery();
    return relative + (query == null ? "" : "?" + query);
  }

  @Override public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
