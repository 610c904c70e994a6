package io.statxplore.core.engine;

import org.apache.calcite.sql.type.SqlTypeName;

import java.math.BigDecimal;

/**
 * Whether a text converts to a number or a boolean as Calcite's generated code converts it
 * (surrounding blanks ignored), so that a conversion that would fail on a row fails when the
 * statement is prepared instead, naming the text.
 */
public final class Conversions {
  private Conversions() {
  }

  /** Whether this method knows how Calcite converts text to {@code type}. */
  public static boolean checks(SqlTypeName type) {
    return switch (type) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, FLOAT, REAL, DOUBLE, BOOLEAN -> true;
      default -> false;
    };
  }

  /**
   * The value {@code text} converts to as {@code type}, one of those {@link #checks(SqlTypeName)}
   * accepts.
   *
   * @throws NumberFormatException where it does not convert
   */
  public static Object convert(String text, SqlTypeName type) {
    final String t = text.strip();
    return switch (type) {
      case TINYINT -> Byte.valueOf(t);
      case SMALLINT -> Short.valueOf(t);
      case INTEGER -> Integer.valueOf(t);
      case BIGINT -> Long.valueOf(t);
      case DECIMAL -> new BigDecimal(t);
      case BOOLEAN -> {
        if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
          throw new NumberFormatException("not a boolean: " + t);
        }
        yield Boolean.valueOf(t);
      }
      default -> Double.valueOf(t);
    };
  }

  /** Whether {@code text} converts to {@code type}, one of those {@link #checks(SqlTypeName)} accepts. */
  public static boolean converts(String text, SqlTypeName type) {
    try {
      convert(text, type);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The type as a reader would name it: {@code a number (INTEGER)}, {@code a boolean}. */
  public static String describe(SqlTypeName type) {
    return type == SqlTypeName.BOOLEAN ? "a boolean" : "a number (" + type + ")";
  }
}
