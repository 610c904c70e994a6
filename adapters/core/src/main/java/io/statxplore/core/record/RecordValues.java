package io.statxplore.core.record;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Converts an API's raw values (text, numbers, booleans) to Calcite's representation of a type. */
public final class RecordValues {
  private RecordValues() {
  }

  /**
   * {@code raw} as a value of {@code type}: DATE as days since 1970-01-01 ({@code int}),
   * TIMESTAMP as UTC milliseconds ({@code long}), integers as {@code long} (a fractional number
   * truncated, as SQL's integer AVG does), others as {@code double}, {@code boolean}, text.
   */
  public static @Nullable Object convert(@Nullable Object raw, SqlTypeName type) {
    if (raw == null) {
      return null;
    }
    try {
      return switch (type) {
        case BIGINT, INTEGER, SMALLINT, TINYINT -> raw instanceof Number n
            ? (Object) (n instanceof Double || n instanceof Float ? (long) n.doubleValue() : n.longValue())
            : (Object) Long.parseLong(raw.toString().strip());
        case DOUBLE, FLOAT, REAL, DECIMAL -> raw instanceof Number n ? n.doubleValue()
            : Double.parseDouble(raw.toString().strip());
        case BOOLEAN -> raw instanceof Boolean b ? b : bool(raw.toString());
        case DATE -> (int) LocalDate.parse(raw.toString().substring(0, Math.min(10, raw.toString().length())))
            .toEpochDay();
        case TIMESTAMP -> timestamp(raw.toString());
        default -> raw.toString();
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ApiException(ApiErrorKind.BAD_RESPONSE, "The API answered '" + raw + "' where a "
          + type + " was expected", e);
    }
  }

  private static boolean bool(String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new NumberFormatException("not a boolean: " + text);
  }

  /** ISO 8601 with an offset, or a local date-time taken as UTC, or a bare date at midnight. */
  private static long timestamp(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
          : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }

  /** A JSON value as a raw row value: a number, boolean or text; an object or array as its JSON text. */
  public static @Nullable Object raw(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
