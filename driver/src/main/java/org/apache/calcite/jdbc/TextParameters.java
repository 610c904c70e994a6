package org.apache.calcite.jdbc;

import io.statxplore.core.engine.Conversions;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.sql.SQLDataException;

/**
 * Text bound to a parameter of another type ({@code setString} on a measure's parameter, which
 * JDBC allows): converted when it is bound, because Calcite's generated code takes the value as
 * it is and fails at run time with a ClassCastException.
 */
final class TextParameters {
  private TextParameters() {
  }

  /**
   * The value {@code text} stands for as parameter {@code index} (1-based) of {@code signature},
   * or null where the parameter takes text (or its type is not known) and the text is bound as it is.
   *
   * @throws SQLDataException (22018) where the text is no value of the parameter's type
   */
  static @Nullable Object convert(Meta.@Nullable Signature signature, int index, @Nullable String text)
      throws SQLDataException {
    if (text == null || signature == null || index < 1 || index > signature.parameters.size()) {
      return null;
    }
    final SqlTypeName type = SqlTypeName.getNameForJdbcType(signature.parameters.get(index - 1).parameterType);
    if (type == null || !Conversions.checks(type)) {
      return null;
    }
    try {
      return Conversions.convert(text, type);
    } catch (NumberFormatException e) {
      throw new SQLDataException("Parameter " + index + " takes " + Conversions.describe(type) + ": '" + text
          + "' is not one", "22018", e);
    }
  }
}
