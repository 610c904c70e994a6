package io.statxplore.superstar;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes rows byte for byte as the Python harvester did with {@code csv.DictWriter} and its
 * {@code excel} dialect with another delimiter: {@code \r\n} line ends, a field quoted only when
 * it holds the delimiter, a quote or a line break (quotes doubled), numbers as Python's
 * {@code repr(float)}, empty cells (JSON {@code null}, Python {@code None}) as nothing.
 */
final class PythonCsv {
  private final Writer out;
  private final char delimiter;

  PythonCsv(Writer out, char delimiter) {
    this.out = out;
    this.delimiter = delimiter;
  }

  void writeRow(String[] fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(delimiter);
      }
      out.write(quote(fields[i]));
    }
    out.write("\r\n");
  }

  private String quote(String field) {
    for (int i = 0; i < field.length(); i++) {
      final char c = field.charAt(i);
      if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
        return "\"" + field.replace("\"", "\"\"") + "\"";
      }
    }
    return field;
  }

  /** {@code str(value)} of a Python float; the empty string for {@code None}. */
  static String repr(Double value) {
    if (value == null) {
      return "";
    }
    final double d = value;
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e16) {
      return (long) d + ".0";
    }
    final BigDecimal shortest = shortest(d);
    final String digits = shortest.unscaledValue().abs().toString();
    // value = 0.<digits> × 10^point, as Python's float_repr_style 'short' reasons about it
    final int point = digits.length() - shortest.scale();
    final String sign = d < 0 ? "-" : "";
    if (point > -4 && point <= 16) {
      if (point <= 0) {
        return sign + "0." + "0".repeat(-point) + digits;
      }
      if (point >= digits.length()) {
        return sign + digits + "0".repeat(point - digits.length()) + ".0";
      }
      return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
    final int exponent = point - 1;
    return sign + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "")
        + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
  }

  /** The fewest significant digits that read back as {@code d} (Python's repr digits). */
  private static BigDecimal shortest(double d) {
    final BigDecimal exact = new BigDecimal(d);
    for (int precision = 1; ; precision++) {
      final BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == d) {
        return rounded.stripTrailingZeros();
      }
    }
  }
}
