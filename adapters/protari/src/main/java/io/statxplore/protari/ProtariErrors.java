package io.statxplore.protari;

import io.statxplore.core.http.ApiError;

import com.fasterxml.jackson.databind.JsonNode;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads Protari's error bodies: {@code {"detail", "status", "title", "type"}} and its own
 * {@code {"detail", "name", "status", "title"}} (e.g. {@code InvalidQueryError}). The HTTP
 * status decides the class of failure; the message is {@code detail}.
 */
final class ProtariErrors {
  private ProtariErrors() {
  }

  static @Nullable ApiError parse(JsonNode body) {
    if (!body.hasNonNull("detail")) {
      return null;
    }
    final String type = body.hasNonNull("name") ? body.get("name").asText()
        : body.path("title").asText("").isEmpty() ? null : body.get("title").asText();
    return new ApiError(null, type, body.get("detail").asText());
  }
}
