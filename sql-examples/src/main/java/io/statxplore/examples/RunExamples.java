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
 * Runs the {@code *.sql} examples and prints their results: by default every examples folder
 * ({@code sql} and each {@code sql-*} beside it) against the embedded emulators (no key, no
 * network); the Stat-Xplore folder against live Stat-Xplore with {@code --live} and the key in
 * {@code STATXPLORE_API_KEY}. Each folder's connection uses the {@code model.json} next to its
 * examples, so they can join API data with the local files or other APIs it describes. Exits
 * non-zero if an example fails.
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
    return run(args, out, Path.of(System.getProperty("examples.dir", "sql-examples/sql")));
  }

  /**
   * Runs the examples of the folder given in {@code args}; without one, every examples folder:
   * {@code statXplore} (the Stat-Xplore examples) and its siblings named {@code sql-*} (other
   * APIs', whose {@code model.json} adds their emulators), each with its summary, then the total.
   * {@code --live} runs only {@code statXplore}, against live Stat-Xplore.
   */
  static int run(List<String> args, PrintStream out, Path statXplore) throws IOException, SQLException {
    final List<String> rest = new ArrayList<>(args);
    final boolean live = rest.remove("--live");
    final List<Path> dirs = !rest.isEmpty() ? List.of(Path.of(rest.get(0))) : live ? List.of(statXplore)
        : folders(statXplore);
    final RunExamples runner;
    if (live) {
      final String key = System.getenv("STATXPLORE_API_KEY");
      if (key == null || key.isBlank()) {
        out.println("--live needs your Stat-Xplore API key in STATXPLORE_API_KEY");
        return -1;
      }
      out.println("Running against live Stat-Xplore (key from STATXPLORE_API_KEY)");
      runner = new RunExamples(out, null);
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:" + model(dirs.get(0)))) {
        runner.runAll(c, dirs.get(0));
      }
    } else {
      try (SuperstarEmulator emulator = SuperstarEmulator.start()) {
        out.println("Running against the embedded Stat-Xplore emulator at " + emulator.baseUrl());
        runner = new RunExamples(out, emulator);
        for (Path dir : dirs) {
          final int statements = runner.statements;
          final int failures = runner.failures;
          if (dirs.size() > 1) {
            out.println();
            out.println("##### " + dir.getFileName());
          }
          try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + emulator.baseUrl() + ";"
              + model(dir))) {
            runner.runAll(c, dir);
          }
          if (dirs.size() > 1) {
            out.println();
            out.println(dir.getFileName() + ": " + (runner.statements - statements) + " statements, "
                + (runner.failures - failures) + " failed");
          }
        }
      }
    }
    out.println();
    out.println((dirs.size() > 1 ? "total, " + dirs.size() + " folders: " : "") + runner.statements + " statements, "
        + runner.failures + " failed");
    return runner.failures;
  }

  /** {@code statXplore} and its sibling folders named {@code sql-*}, in name order. */
  private static List<Path> folders(Path statXplore) throws IOException {
    final Path root = statXplore.toAbsolutePath().getParent();
    final String name = statXplore.getFileName().toString();
    try (Stream<Path> list = Files.list(root)) {
      return Stream.concat(Stream.of(statXplore), list.filter(p -> Files.isDirectory(p)
          && p.getFileName().toString().startsWith(name + "-")).sorted()).toList();
    }
  }

  private static String model(Path dir) {
    return "model=" + dir.resolve("model.json").toAbsolutePath();
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
