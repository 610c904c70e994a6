package io.statxplore.core.http;

/** Classes of API failure, each with the SQLState a JDBC caller sees. */
public enum ApiErrorKind {
  /** The key is missing, wrong or not allowed (HTTP 401/403). */
  AUTHENTICATION("28000"),
  /** The request names something the API does not have. */
  NOT_FOUND("42S02"),
  /** The API rejected the request as malformed or unsupported. */
  BAD_REQUEST("42000"),
  /** The request is too large for the API (cells, rows). */
  LIMIT_EXCEEDED("54000"),
  /** The request budget is spent. */
  RATE_LIMITED("08004"),
  /** The server failed or is unavailable (5xx). */
  SERVER_ERROR("08006"),
  /** The answer is not what the API's format promises (HTML, truncated or malformed JSON). */
  BAD_RESPONSE("08P01"),
  /** The server could not be reached or the connection broke. */
  CONNECTION("08001"),
  /** The deadline passed. */
  TIMEOUT("HYT00"),
  /** The statement was cancelled. */
  CANCELLED("57014"),
  /** The query cannot be answered correctly (e.g. it would re-aggregate non-additive values). */
  UNSUPPORTED_QUERY("0A000");

  private final String sqlState;

  ApiErrorKind(String sqlState) {
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
