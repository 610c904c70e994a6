package io.statxplore.cubes;

import io.statxplore.core.http.ApiClient;
import io.statxplore.core.http.ApiError;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.ApiResponse;
import io.statxplore.core.http.CallScope;
import io.statxplore.core.spi.AdapterContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The HTTP client of the three flavors: JSON answers of any shape (several are lists), and each
 * flavor's error body read into the API's words.
 */
final class CubesClient implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final ApiClient client;

  CubesClient(AdapterContext context) {
    this.client = new ApiClient(context.clientSettings("OpenSpending", CubesClient::error));
  }

  HttpUrl url(String... segments) {
    return client.url(segments);
  }

  /**
   * Reads the three error shapes: v2's {@code {"errors": [...]}}, babbage's
   * {@code {"status": "error", "message"}}, and the Cubes server's user errors
   * {@code {"error": type, "message"}} and request errors {@code {"error": {"message", "type"}}}.
   */
  static @Nullable ApiError error(JsonNode body) {
    if (body.path("errors").isArray()) {
      final String message = StreamSupport.stream(body.get("errors").spliterator(), false).map(JsonNode::asText)
          .collect(Collectors.joining("; "));
      return new ApiError(message.startsWith("no dataset with name") ? ApiErrorKind.NOT_FOUND : null, null, message);
    }
    if ("error".equals(body.path("status").asText())) {
      return new ApiError(null, null, body.path("message").asText(""));
    }
    final JsonNode error = body.path("error");
    if (error.isObject()) {
      final String type = error.path("type").asText("");
      return new ApiError(type.startsWith("not_auth") ? ApiErrorKind.AUTHENTICATION : null, type,
          error.path("message").asText(""));
    }
    if (error.isTextual()) {
      return new ApiError(error.asText().equals("missing_object") ? ApiErrorKind.NOT_FOUND : null, error.asText(),
          body.path("message").asText(""));
    }
    return null;
  }

  /** GET a JSON answer for the running statement. */
  JsonNode get(HttpUrl url, CallScope scope) {
    try (ApiResponse response = client.get(url, scope)) {
      return parse(response);
    }
  }

  /** GET metadata (datasets, a model), from the metadata cache while it is fresh. */
  JsonNode metadata(HttpUrl url) {
    try (ApiResponse response = client.getMetadata(url)) {
      return parse(response);
    }
  }

  /** POST without a body (the loading API takes its parameters in the URL). */
  JsonNode post(HttpUrl url, CallScope scope) {
    try (ApiResponse response = client.post(url, new byte[0], scope)) {
      return parse(response);
    }
  }

  private JsonNode parse(ApiResponse response) {
    try {
      final JsonNode json = MAPPER.readTree(response.body());
      if (json == null || !json.isContainerNode()) {
        throw new ApiException(ApiErrorKind.BAD_RESPONSE, "OpenSpending answered " + response.request()
            + " with something other than JSON");
      }
      return json;
    } catch (IOException e) {
      throw response.redact(new ApiException(ApiErrorKind.BAD_RESPONSE, "OpenSpending sent a broken answer to "
          + response.request() + ": " + e.getMessage(), e));
    }
  }

  ApiException redact(ApiException e) {
    return client.redact(e);
  }

  @Override public void close() {
    client.close();
  }
}
