package io.statxplore.core.engine;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import java.sql.SQLDataException;
import java.sql.SQLException;

/**
 * A statement the driver refuses because of a value in its SQL or its parameters (a text that is
 * no number, an escape of two characters, a row count beyond what a plan can count), before it
 * sends a request. Its SQLState is of class 22, data exception.
 */
public final class InvalidValueException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** A text that cannot be converted to the type it is compared with or cast to. */
  public static final String INVALID_CAST = "22018";
  /** A number beyond the range its use allows. */
  public static final String OUT_OF_RANGE = "22003";
  /** Division by zero. */
  public static final String DIVISION_BY_ZERO = "22012";
  /** A LIKE escape that is not one character. */
  public static final String INVALID_ESCAPE_CHARACTER = "22019";
  /** A LIKE pattern whose escape character is not followed by {@code %}, {@code _} or itself. */
  public static final String INVALID_ESCAPE_SEQUENCE = "22025";

  private final String sqlState;

  public InvalidValueException(String sqlState, String message) {
    super(ApiErrorKind.BAD_REQUEST, message);
    this.sqlState = sqlState;
  }

  @Override public SQLException toSqlException() {
    final SQLException e = new SQLDataException(getMessage(), sqlState);
    e.initCause(this);
    return e;
  }
}
