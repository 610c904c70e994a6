package io.statxplore.jdbc.cli;

import io.statxplore.core.spi.Progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table format sizes its columns from its first rows, then streams. */
class ResultPrinterTest {
  @Test void aLaterWiderValueWidensItsColumnFromItsRowOn() throws Exception {
    final StringWriter out = new StringWriter();
    try (Connection c = DriverManager.getConnection("jdbc:calcite:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT * FROM (VALUES ('a', 1), ('bb', 22), ('cccc', 333), ('d', 4)) AS t (\"s\", \"n\")")) {
      final Progress quiet = new Progress(new PrintStream(new ByteArrayOutputStream()), false);
      assertEquals(4, new ResultPrinter(ResultPrinter.Format.table, out, quiet, 2).print(rs));
    }
    assertEquals(List.of(
        "s  | n",
        "---+---",
        "a  |  1",
        "bb | 22",
        "cccc | 333",
        "d    |   4",
        "(4 rows)"), out.toString().lines().toList());
  }
}
