package io.statxplore.superstar;

import io.statxplore.core.http.ApiError;
import io.statxplore.core.http.ApiErrorKind;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads SuperSTAR error bodies: {@code {"message": …, "errorType": …}} plus type-specific keys
 * (STATcube sends all of them; Stat-Xplore may send only a message).
 */
final class SuperstarErrors {
  private SuperstarErrors() {
  }

  static ApiError parse(JsonNode body) {
    final JsonNode message = body.get("message");
    if (message == null || !message.isTextual()) {
      return null;
    }
    final JsonNode type = body.get("errorType");
    final String errorType = type != null && type.isTextual() ? type.asText() : null;
    final JsonNode limit = body.get("limit");
    return new ApiError(kind(errorType), errorType, message.asText(), null,
        limit != null && limit.canConvertToLong() ? limit.asLong() : null);
  }

  private static ApiErrorKind kind(String errorType) {
    if (errorType == null) {
      return null;
    }
    switch (errorType) {
    case "AUTHENTICATION":
      return ApiErrorKind.AUTHENTICATION;
    case "CELL_COUNT":
      return ApiErrorKind.LIMIT_EXCEEDED;
    case "SCHEMA_COMPONENT_NOT_FOUND":
    case "TXD_NOT_FOUND":
      return ApiErrorKind.NOT_FOUND;
    case "RATE_LIMIT":
      return ApiErrorKind.RATE_LIMITED;
    default:
      return null;
    }
  }
}
