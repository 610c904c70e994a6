package io.statxplore.core.http;

import okhttp3.Headers;
import okhttp3.Response;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A successful JSON response whose body is read as a stream. Close it when done. A read that
 * fails because the statement was cancelled, the connection closed or the time ran out throws
 * the {@link ApiException} that says so.
 */
public final class ApiResponse implements AutoCloseable {
  private final Headers headers;
  private final String request;
  private final InputStream body;
  private final ApiClient client;
  private final Runnable release;

  ApiResponse(Response response, String request, CancelWatch.Registration watch, InputStream body,
      ApiClient client) {
    this(response.headers(), request, body, client, () -> {
      response.close();
      watch.close();
    });
  }

  private ApiResponse(Headers headers, String request, InputStream body, ApiClient client, Runnable release) {
    this.headers = headers;
    this.request = request;
    this.body = body;
    this.client = client;
    this.release = release;
  }

  /** An answer read before, whole. */
  static ApiResponse of(Headers headers, String request, byte[] body, ApiClient client) {
    return new ApiResponse(headers, request, new ByteArrayInputStream(body), client, () -> { });
  }

  /** This answer with {@code body} read in place of what is left of its own, released with it. */
  ApiResponse withBody(InputStream body) {
    return new ApiResponse(headers, request, body, client, release);
  }

  Headers headers() {
    return headers;
  }

  public InputStream body() {
    return body;
  }

  /** A response header, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The request this answers, e.g. {@code GET /schema/str:folder:root}, for messages. */
  public String request() {
    return request;
  }

  /** {@code e}, a failure described from this answer, without the connection's secrets. */
  public ApiException redact(ApiException e) {
    return client.redact(e);
  }

  @Override public void close() {
    release.run();
  }
}
