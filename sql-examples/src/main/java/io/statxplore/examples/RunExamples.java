package io.statxplore.examples;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the {@code *.sql} examples and prints their results. Against the embedded emulator by
 * default (no key, no network); against live Stat-Xplore when {@code STATXPLORE_API_KEY} is set.
 */
public final class RunExamples {
  private static final int MAX_ROWS = 25;

  private final PrintStream out;
  private final SuperstarEmulator emulator;

  private RunExamples(PrintStream out, SuperstarEmulator emulator) {
    this.out = out;
    this.emulator = emulator;
  }

  public static void main(String[] args) throws Exception {
    final Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("examples.dir", "sql-examples/sql"));
    final String key = System.getenv("STATXPLORE_API_KEY");
    final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (key != null && !key.isBlank()) {
      out.println("Running against live Stat-Xplore (key from STATXPLORE_API_KEY)");
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:")) {
        new RunExamples(out, null).runAll(c, dir);
      }
      return;
    }
    try (SuperstarEmulator emulator = SuperstarEmulator.start();
         Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + emulator.baseUrl())) {
      out.println("Running against the embedded Stat-Xplore emulator at " + emulator.baseUrl());
      new RunExamples(out, emulator).runAll(c, dir);
    }
  }

  private void runAll(Connection c, Path dir) throws IOException, SQLException {
    final List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .sql files in " + dir.toAbsolutePath());
    }
    for (Path file : files) {
      out.println();
      out.println("=== " + file.getFileName());
      for (String statement : Files.readString(file).split(";\\s*(\\R|$)")) {
        if (!statement.isBlank()) {
          run(c, statement.strip());
        }
      }
    }
  }

  private void run(Connection c, String statement) throws SQLException {
    final List<String> comment = new ArrayList<>();
    final List<String> sql = new ArrayList<>();
    for (String line : statement.split("\\R")) {
      (line.strip().startsWith("--") && sql.isEmpty() ? comment : sql).add(line);
    }
    out.println();
    comment.forEach(out::println);
    sql.forEach(line -> out.println("  " + line));
    final int before = emulator == null ? 0 : emulator.requestCount("/table");
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(String.join("\n", sql))) {
      print(rs);
      for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
        out.println("  WARNING: " + w.getMessage());
      }
    }
    if (emulator != null) {
      out.println("  (" + (emulator.requestCount("/table") - before) + " /table request)");
    }
  }

  private void print(ResultSet rs) throws SQLException {
    final ResultSetMetaData md = rs.getMetaData();
    final int n = md.getColumnCount();
    final List<String[]> rows = new ArrayList<>();
    final String[] header = new String[n];
    for (int i = 0; i < n; i++) {
      header[i] = md.getColumnLabel(i + 1);
    }
    rows.add(header);
    int total = 0;
    while (rs.next()) {
      if (++total <= MAX_ROWS) {
        final String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          final Object v = rs.getObject(i + 1);
          row[i] = v == null ? "NULL" : v instanceof Double d && d == Math.rint(d) ? String.format("%.0f", d) : v.toString();
        }
        rows.add(row);
      }
    }
    final int[] width = new int[n];
    for (String[] row : rows) {
      for (int i = 0; i < n; i++) {
        width[i] = n == 1 ? Math.max(width[i], row[i].length()) : Math.min(Math.max(width[i], row[i].length()), 120);
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      final StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < n; i++) {
        final String cell = rows.get(r)[i];
        line.append(String.format("%-" + width[i] + "s", cell.length() > width[i] ? cell.substring(0, width[i] - 3) + "..." : cell));
        line.append(i < n - 1 ? " | " : "");
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        out.println("  " + "-".repeat(Math.max(1, line.length() - 2)));
      }
    }
    out.println("  " + total + (total == 1 ? " row" : " rows") + (total > MAX_ROWS ? " (first " + MAX_ROWS + " shown)" : ""));
  }
}
