package io.statxplore.jdbc.cli;

import io.statxplore.core.spi.Progress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prints result sets as an aligned table, CSV, TSV or JSON, row by row as they arrive: memory
 * does not grow with the number of rows. The table sizes its columns from its first rows.
 */
final class ResultPrinter {
  /** The output formats of {@code sql --format}. */
  enum Format { table, csv, tsv, json }

  /** Rows the table format reads before it prints, to size its columns. */
  static final int TABLE_SAMPLE = 1000;

  private static final String NL = System.lineSeparator();
  private static final Pattern CSV_SPECIAL = Pattern.compile("[\",\r\n]");
  private static final JsonFactory JSON = new JsonFactory();

  private final Format format;
  private final Writer out;
  private final Progress progress;
  private final int sample;

  ResultPrinter(Format format, Writer out, Progress progress) {
    this(format, out, progress, TABLE_SAMPLE);
  }

  /** @param sample rows the table format reads before it prints */
  ResultPrinter(Format format, Writer out, Progress progress, int sample) {
    this.format = format;
    this.out = out;
    this.progress = progress;
    this.sample = sample;
  }

  /** Prints all rows; returns how many there were. */
  long print(ResultSet rs) throws SQLException, IOException {
    final ResultSetMetaData md = rs.getMetaData();
    final int n = md.getColumnCount();
    final List<String> names = new ArrayList<>();
    final boolean[] numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      names.add(md.getColumnLabel(i + 1));
      numeric[i] = isNumeric(md.getColumnType(i + 1));
    }
    switch (format) {
    case table:
      return table(rs, names, numeric);
    case json:
      return json(rs, names);
    default:
      return delimited(rs, names, format == Format.csv);
    }
  }

  private static boolean isNumeric(int type) {
    switch (type) {
    case Types.TINYINT: case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT:
    case Types.REAL: case Types.FLOAT: case Types.DOUBLE: case Types.DECIMAL: case Types.NUMERIC:
      return true;
    default:
      return false;
    }
  }

  /** A value as text; numbers in plain notation without a needless {@code .0}; null for NULL. */
  private static String text(ResultSet rs, int column) throws SQLException {
    final Object v = rs.getObject(column);
    if (v instanceof Double || v instanceof Float) {
      final double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? plain(BigDecimal.valueOf(d)) : v.toString();
    }
    if (v instanceof BigDecimal b) {
      return plain(b);
    }
    return v == null ? null : rs.getString(column);
  }

  private static String plain(BigDecimal b) {
    return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
  }

  /**
   * Columns padded to the widest value of the first {@link #sample} rows (all of a smaller
   * result), then printed as they come: a later value that is wider widens its column from its
   * row on. A value with line breaks (an EXPLAIN plan) spans lines.
   */
  private long table(ResultSet rs, List<String> names, boolean[] numeric) throws SQLException, IOException {
    final int[] widths = names.stream().mapToInt(String::length).toArray();
    final List<String[][]> first = new ArrayList<>();
    long count = 0;
    boolean more = rs.next();
    while (more && first.size() < sample) {
      first.add(cells(rs, widths));
      progress.rows(++count);
      more = rs.next();
    }
    progress.done();
    writeLine(line(names.toArray(String[]::new), widths, new boolean[widths.length]));
    final StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    writeLine(rule.toString());
    for (String[][] row : first) {
      printRow(row, widths, numeric);
    }
    first.clear();
    while (more) {
      printRow(cells(rs, widths), widths, numeric);
      count++;
      more = rs.next();
    }
    writeLine("(" + count + (count == 1 ? " row)" : " rows)"));
    return count;
  }

  /** The current row's values, each split into its lines; widens {@code widths} to fit them. */
  private static String[][] cells(ResultSet rs, int[] widths) throws SQLException {
    final String[][] row = new String[widths.length][];
    for (int i = 0; i < row.length; i++) {
      final String t = text(rs, i + 1);
      row[i] = (t == null ? "NULL" : t.stripTrailing()).split("\\R");
      for (String part : row[i]) {
        widths[i] = Math.max(widths[i], part.length());
      }
    }
    return row;
  }

  private void printRow(String[][] row, int[] widths, boolean[] numeric) throws IOException {
    final int height = Arrays.stream(row).mapToInt(c -> c.length).max().orElse(1);
    for (int l = 0; l < height; l++) {
      final String[] cells = new String[row.length];
      for (int i = 0; i < row.length; i++) {
        cells[i] = l < row[i].length ? row[i][l] : "";
      }
      writeLine(line(cells, widths, numeric));
    }
  }

  private void writeLine(String line) throws IOException {
    out.write(line);
    out.write(NL);
  }

  private static String line(String[] cells, int[] widths, boolean[] right) {
    final StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      final String pad = " ".repeat(widths[i] - cells[i].length());
      b.append(i == 0 ? "" : " | ").append(right[i] ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
    }
    return b.toString();
  }

  private long delimited(ResultSet rs, List<String> names, boolean csv) throws SQLException, IOException {
    writeLine(String.join(csv ? "," : "\t", names.stream().map(s -> field(s, csv)).toList()));
    long count = 0;
    while (rs.next()) {
      final StringBuilder b = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        final String t = text(rs, i + 1);
        b.append(i == 0 ? "" : csv ? "," : "\t").append(t == null ? "" : field(t, csv));
      }
      writeLine(b.toString());
      progress.rows(++count);
    }
    progress.done();
    return count;
  }

  /** RFC 4180 quoting for CSV; backslash escapes for TSV. */
  private static String field(String s, boolean csv) {
    if (csv) {
      return CSV_SPECIAL.matcher(s).find() ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  /** An array of objects, one per line. */
  private long json(ResultSet rs, List<String> names) throws SQLException, IOException {
    long count = 0;
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new MinimalPrettyPrinter(""));
      g.writeRaw("[");
      while (rs.next()) {
        g.writeRaw(count == 0 ? "\n" : ",\n");
        g.writeStartObject();
        for (int i = 0; i < names.size(); i++) {
          g.writeFieldName(names.get(i));
          final Object v = rs.getObject(i + 1);
          if (v == null) {
            g.writeNull();
          } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
          } else if (v instanceof Number number) {
            g.writeNumber(number.toString());
          } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
          } else {
            g.writeString(rs.getString(i + 1));
          }
        }
        g.writeEndObject();
        progress.rows(++count);
      }
      g.writeRaw(count == 0 ? "]\n" : "\n]\n");
    }
    progress.done();
    return count;
  }
}
