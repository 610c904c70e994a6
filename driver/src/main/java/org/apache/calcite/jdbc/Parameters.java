package org.apache.calcite.jdbc;

import io.statxplore.core.engine.Conversions;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLDataException;

/**
 * Values bound to a parameter of another type, converted when they are bound, because Calcite's
 * generated code takes a value as it is and fails at run time with a ClassCastException: text
 * ({@code setString} on a measure's parameter, which JDBC allows), and numbers of another integral
 * type ({@code setLong} on {@code LIMIT ?}, which Calcite types INTEGER).
 */
final class Parameters {
  private Parameters() {
  }

  /**
   * The value {@code text} stands for as parameter {@code index} (1-based) of {@code signature},
   * or null where the parameter takes text (or its type is not known) and the text is bound as it is.
   *
   * @throws SQLDataException (22018) where the text is no value of the parameter's type
   */
  static @Nullable Object convert(Meta.@Nullable Signature signature, int index, @Nullable String text)
      throws SQLDataException {
    final SqlTypeName type = type(signature, index);
    if (text == null || type == null || !Conversions.checks(type)) {
      return null;
    }
    try {
      return Conversions.convert(text, type);
    } catch (NumberFormatException e) {
      throw new SQLDataException("Parameter " + index + " takes " + Conversions.describe(type) + ": '" + text
          + "' is not one", "22018", e);
    }
  }

  /**
   * {@code number} in the class of integral parameter {@code index} (1-based) of {@code signature};
   * null where the parameter is not integral (or its type is not known) and the number is bound as it is.
   *
   * @throws SQLDataException where the number has a fraction (22018) or is out of the type's range (22003)
   */
  static @Nullable Number integral(Meta.@Nullable Signature signature, int index, Number number)
      throws SQLDataException {
    final SqlTypeName type = type(signature, index);
    if (type == null || !SqlTypeName.INT_TYPES.contains(type)) {
      return null;
    }
    final BigDecimal exact = number instanceof BigDecimal d ? d
        : number instanceof BigInteger i ? new BigDecimal(i)
        : number instanceof Double || number instanceof Float ? BigDecimal.valueOf(number.doubleValue())
        : BigDecimal.valueOf(number.longValue());
    if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
      throw new SQLDataException("Parameter " + index + " takes a whole number: " + number + " is not one", "22018");
    }
    final BigInteger value = exact.toBigInteger();
    final long min = switch (type) {
      case TINYINT -> Byte.MIN_VALUE;
      case SMALLINT -> Short.MIN_VALUE;
      case INTEGER -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
    final long max = -(min + 1);
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new SQLDataException("Parameter " + index + " takes " + type + " (" + min + " to " + max + "): "
          + number + " is out of range", "22003");
    }
    return switch (type) {
      case TINYINT -> value.byteValue();
      case SMALLINT -> value.shortValue();
      case INTEGER -> value.intValue();
      default -> value.longValue();
    };
  }

  private static @Nullable SqlTypeName type(Meta.@Nullable Signature signature, int index) {
    if (signature == null || index < 1 || index > signature.parameters.size()) {
      return null;
    }
    return SqlTypeName.getNameForJdbcType(signature.parameters.get(index - 1).parameterType);
  }
}
