package io.statxplore.core.http;

import okhttp3.Response;

import java.io.InputStream;

/** A successful JSON response whose body is read as a stream. Close it when done. */
public final class ApiResponse implements AutoCloseable {
  private final Response response;
  private final String request;
  private final CancelWatch.Registration watch;

  ApiResponse(Response response, String request, CancelWatch.Registration watch) {
    this.response = response;
    this.request = request;
    this.watch = watch;
  }

  public InputStream body() {
    return response.body().byteStream();
  }

  /** A response header, or null. */
  public String header(String name) {
    return response.header(name);
  }

  /** The request this answers, e.g. {@code GET /schema/str:folder:root}, for messages. */
  public String request() {
    return request;
  }

  @Override public void close() {
    response.close();
    watch.close();
  }
}
