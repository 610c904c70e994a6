package io.statxplore.core.http;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * A failure talking to an API, or a query the driver refuses to answer, with a message that
 * names the cause. Unchecked because it crosses Calcite's enumerators; the driver turns it into
 * an {@link SQLException} with {@link #kind()}'s SQLState.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ApiErrorKind kind;
  private final @Nullable Long limit;
  private final int httpStatus;

  public ApiException(ApiErrorKind kind, String message) {
    this(kind, message, null);
  }

  public ApiException(ApiErrorKind kind, String message, Throwable cause) {
    this(kind, message, cause, null);
  }

  /** A failure of a request that exceeded {@code limit} (cells, rows) of the API. */
  public ApiException(ApiErrorKind kind, String message, @Nullable Throwable cause, @Nullable Long limit) {
    this(kind, message, cause, limit, 0);
  }

  /** A failure the API answered with HTTP status {@code httpStatus}. */
  public ApiException(ApiErrorKind kind, String message, @Nullable Throwable cause, @Nullable Long limit,
      int httpStatus) {
    super(message, cause);
    this.kind = kind;
    this.limit = limit;
    this.httpStatus = httpStatus;
  }

  public ApiErrorKind kind() {
    return kind;
  }

  /**
   * A limit that the query breaks as a whole (a rule of the API on its fields or groups, not on
   * its size), so that no smaller request passes: the engine does not split it ({@link #limit()} 0).
   */
  public static ApiException queryLimit(String message) {
    return new ApiException(ApiErrorKind.LIMIT_EXCEEDED, message, null, 0L);
  }

  /**
   * The API's limit the request exceeded (cells, rows), when the API said; 0 for a limit no
   * request of any size passes ({@link #queryLimit}); else null.
   */
  public @Nullable Long limit() {
    return limit;
  }

  /** The HTTP status the API answered with, or 0 when the failure was not an HTTP error status. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The JDBC form of this failure. */
  public SQLException toSqlException() {
    final SQLException e = kind == ApiErrorKind.TIMEOUT
        ? new SQLTimeoutException(getMessage(), kind.sqlState())
        : new SQLException(getMessage(), kind.sqlState());
    e.initCause(this);
    return e;
  }

  /**
   * The first {@link ApiException} among a throwable's causes and suppressed exceptions (Calcite
   * attaches an operator's failure as suppressed when it wraps it), or null.
   */
  public static ApiException find(Throwable t) {
    return find(t, 0);
  }

  private static ApiException find(Throwable t, int depth) {
    if (t == null || depth > 20) {
      return null;
    }
    if (t instanceof ApiException api) {
      return api;
    }
    for (Throwable s : t.getSuppressed()) {
      final ApiException api = find(s, depth + 1);
      if (api != null) {
        return api;
      }
    }
    return t.getCause() == t ? null : find(t.getCause(), depth + 1);
  }
}
