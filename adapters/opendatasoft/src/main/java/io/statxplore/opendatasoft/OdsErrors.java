package io.statxplore.opendatasoft;

import io.statxplore.core.http.ApiError;
import io.statxplore.core.http.ApiErrorKind;

import com.fasterxml.jackson.databind.JsonNode;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads both error shapes of ODS: query errors {@code {"error_code", "message"}} and quota errors
 * {@code {"errorcode", "error", "reset_time", ...}} (the v1 shape {@code {"error"}} too).
 */
final class OdsErrors {
  private OdsErrors() {
  }

  static @Nullable ApiError parse(JsonNode body) {
    if (body.hasNonNull("error_code")) {
      return new ApiError(null, body.get("error_code").asText(), body.path("message").asText(""));
    }
    if (body.hasNonNull("errorcode")) {
      final String limit = body.hasNonNull("call_limit")
          ? " (limit " + body.get("call_limit").asText() + " calls per " + body.path("limit_time_unit").asText("day") + ")"
          : "";
      return new ApiError(ApiErrorKind.RATE_LIMITED, "errorcode " + body.get("errorcode").asText(),
          body.path("error").asText("") + limit, resetTime(body.path("reset_time").asText(null)), null);
    }
    return body.hasNonNull("error") ? new ApiError(null, null, body.get("error").asText()) : null;
  }

  private static @Nullable Instant resetTime(@Nullable String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
