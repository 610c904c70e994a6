package io.statxplore.core.http;

import okhttp3.Response;

import java.io.InputStream;

/**
 * A successful JSON response whose body is read as a stream. Close it when done. A read that
 * fails because the statement was cancelled, the connection closed or the time ran out throws
 * the {@link ApiException} that says so.
 */
public final class ApiResponse implements AutoCloseable {
  private final Response response;
  private final String request;
  private final CancelWatch.Registration watch;
  private final InputStream body;
  private final ApiClient client;

  ApiResponse(Response response, String request, CancelWatch.Registration watch, InputStream body,
      ApiClient client) {
    this.response = response;
    this.request = request;
    this.watch = watch;
    this.body = body;
    this.client = client;
  }

  public InputStream body() {
    return body;
  }

  /** A response header, or null. */
  public String header(String name) {
    return response.header(name);
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
    response.close();
    watch.close();
  }
}
