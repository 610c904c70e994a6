package io.statxplore.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs a folder of example {@code .sql} files as the examples runner splits them. */
public final class ExampleFiles {
  private ExampleFiles() {
  }

  /** Per statement, in file order, {@code <file>: <rows>}. */
  public static List<String> rowCounts(Connection c, Path dir) throws IOException, SQLException {
    final List<String> results = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        for (String sql : Files.readString(file).split(";\\s*(\\R|$)")) {
          if (sql.isBlank()) {
            continue;
          }
          int rows = 0;
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.strip())) {
            while (rs.next()) {
              rows++;
            }
          }
          results.add(file.getFileName() + ": " + rows);
        }
      }
    }
    return results;
  }
}
