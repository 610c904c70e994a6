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
 * Runs the {@code *.sql} examples and prints their results: against the embedded emulator by
 * default (no key, no network); against live Stat-Xplore with {@code --live} and the key in
 * {@code STATXPLORE_API_KEY}. The connection uses the {@code model.json} next to the examples, so
 * they can join API data with the local files it describes. Exits non-zero if an example fails.
 *
 * <p>Arguments: {@code [--live] [examples directory]}.
 */
public final class RunExamples {
  private static final int MAX_ROWS = 25;

  private final PrintStream out;
  private final SuperstarEmulator emulator;
  private int statements;
  private int failures;

  private RunExamples(PrintStream out, SuperstarEmulator emulator) {
    this.out = out;
    this.emulator = emulator;
  }

  public static void main(String[] args) throws Exception {
    final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    final int failures = run(List.of(args), out);
    if (failures != 0) {
      System.exit(failures < 0 ? 2 : 1);
    }
  }

  /** Runs the examples; returns the number of statements that failed, or -1 for a usage error. */
  static int run(List<String> args, PrintStream out) throws IOException, SQLException {
    final List<String> rest = new ArrayList<>(args);
    final boolean live = rest.remove("--live");
    final Path dir = Path.of(rest.isEmpty() ? System.getProperty("examples.dir", "sql-examples/sql") : rest.get(0));
    final String model = "model=" + dir.resolve("model.json").toAbsolutePath();
    final RunExamples runner;
    if (live) {
      final String key = System.getenv("STATXPLORE_API_KEY");
      if (key == null || key.isBlank()) {
        out.println("--live needs your Stat-Xplore API key in STATXPLORE_API_KEY");
        return -1;
      }
      out.println("Running against live Stat-Xplore (key from STATXPLORE_API_KEY)");
      runner = new RunExamples(out, null);
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:" + model)) {
        runner.runAll(c, dir);
      }
    } else {
      try (SuperstarEmulator emulator = SuperstarEmulator.start();
           Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + emulator.baseUrl() + ";" + model)) {
        out.println("Running against the embedded Stat-Xplore emulator at " + emulator.baseUrl());
        runner = new RunExamples(out, emulator);
        runner.runAll(c, dir);
      }
    }
    out.println();
    out.println(runner.statements + " statements, " + runner.failures + " failed");
    return runner.failures;
  }

  private void runAll(Connection c, Path dir) throws IOException {
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
          statements++;
          try {
            run(c, statement.strip());
          } catch (SQLException e) {
            failures++;
            out.println("  ERROR [" + e.getSQLState() + "]: " + e.getMessage());
          }
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
      final long sent = emulator.requestCount("/table") - before;
      out.println("  (" + sent + " /table request" + (sent == 1 ? ")" : "s)"));
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
