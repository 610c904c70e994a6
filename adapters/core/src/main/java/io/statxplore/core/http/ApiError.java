package io.statxplore.core.http;

import java.time.Instant;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What an API's error body says.
 *
 * @param kind the class of failure if the body tells it, else null (the HTTP status decides)
 * @param type the API's own error type (e.g. {@code CELL_COUNT}), or null
 * @param message the API's message
 * @param retryAt when a spent request budget is reset, if the body says (a quota error), else null
 * @param limit the limit a request exceeded, if the body says (e.g. a cell limit), else null
 */
public record ApiError(@Nullable ApiErrorKind kind, @Nullable String type, String message,
    @Nullable Instant retryAt, @Nullable Long limit) {
  public ApiError(@Nullable ApiErrorKind kind, @Nullable String type, String message) {
    this(kind, type, message, null, null);
  }
}
