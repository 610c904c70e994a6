package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provokes every kind of failure of the reliability suites (HTTP errors, HTML, truncation,
 * timeouts, cancellation, rate limits, a wrong key, a malformed URL) through JDBC and the command
 * line (the shell's {@code !list} and {@code !dbinfo} too), with DEBUG logging on, and scans
 * everything the driver let out for the key: exception messages with their causes and suppressed
 * exceptions, warnings, log lines, command-line output, {@code toString()}, {@code getURL()},
 * {@code EXPLAIN} output and thread names.
 */
class RedactionScanTest {
  private static final String KEY = "scan-k3y-91c2e";
  private static final String SQL =
      "select month, sum(households_on_universal_credit) from uc_households group by month";

  private final List<String> seen = new ArrayList<>();

  @Test void theKeyAppearsNowhere() throws Exception {
    final PrintStream err = System.err;
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try (SuperstarEmulator api = SuperstarEmulator.builder().apiKey(KEY).start()) {
      final String url = "jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=" + KEY + ";retries=2";
      try (Connection c = DriverManager.getConnection(url)) {
        jdbcScenarios(api, c);
      }
      fail(() -> DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=wrong-" + KEY)
          .createStatement().executeQuery(SQL));
      fail(() -> DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl() + ";apiKey='" + KEY));
      commandLineScenarios(api);
    } finally {
      System.setErr(err);
    }
    final String logged = logs.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("Retry 1 of POST /table"), "DEBUG logging was on, so the retries were logged: " + logged);
    seen.add(logged);
    Thread.getAllStackTraces().keySet().forEach(t -> seen.add(t.getName()));
    for (String text : seen) {
      assertFalse(text.contains(KEY), () -> "the key leaked in: " + text);
    }
  }

  private void jdbcScenarios(SuperstarEmulator api, Connection c) throws Exception {
    seen.add(c.toString());
    seen.add(c.getMetaData().getURL());
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain plan for " + SQL)) {
      seen.add(s.toString());
      seen.add(rs.toString());
      while (rs.next()) {
        seen.add(rs.getString(1));
      }
    }
    api.faults().failNext(3, 503);
    fail(() -> c.createStatement().executeQuery(SQL));
    api.faults().failNext(1, 502).htmlNext();
    fail(() -> c.createStatement().executeQuery(SQL));
    api.faults().truncateNextAt(100);
    fail(() -> drain(c.createStatement().executeQuery(SQL)));
    api.faults().failNext(1, 400);
    fail(() -> c.createStatement().executeQuery(SQL));
    api.faults().throttleNext(Duration.ofMillis(1500));
    fail(() -> {
      final Statement s = c.createStatement();
      s.setQueryTimeout(1);
      s.executeQuery(SQL);
    });
    Thread.sleep(1600);  // the budget is the JVM's: let it reset for the scenarios below
    api.faults().clear().delay(Duration.ofSeconds(3));
    fail(() -> {
      final Statement s = c.createStatement();
      s.setQueryTimeout(1);
      s.executeQuery(SQL);
    });
    final Statement cancelled = c.createStatement();
    CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(200);
        cancelled.cancel();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    fail(() -> cancelled.executeQuery(SQL));
    api.faults().clear();
    fail(() -> c.createStatement().executeQuery("select nope from uc_households"));
    try (Statement s = c.createStatement()) {
      drain(s.executeQuery("select region, sum(households_on_universal_credit) from uc_households"
          + " where households_on_universal_credit > 5 group by region"));
      for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
        seen.add(w.getMessage());
      }
    }
  }

  private void commandLineScenarios(SuperstarEmulator api) throws Exception {
    final Path keyFile = Files.createTempFile("key", ".txt");
    Files.writeString(keyFile, KEY);
    final String base = "jdbc:statxplore:url=" + api.baseUrl();
    record(Cli.run("sql", "--url", base, "-k", KEY, "-e", SQL));
    record(Cli.run("sql", "--url", base, "-k", KEY, "-e", "select broken sql"));
    record(Cli.run("sql", "--url", base + ";apiKey=" + KEY, "-e", "select * from nowhere"));
    record(Cli.run("sql", "--url", base + ";apiKey='" + KEY, "-e", SQL));
    record(Cli.run("!list\n!dbinfo\n!quit\n", false, "--url", base + ";pushKey=ds1:" + KEY, "-k", "other-k3y"));
    record(Cli.run("sql", "--url", base, "-p", keyFile.toString(), "--format", "json", "-e", SQL));
    record(Cli.run("sql", "--url", base, "-k", "wrong-" + KEY, "-e", SQL));
    api.faults().failNext(3, 503);
    record(Cli.run("rate-limit", "--url", base, "-k", KEY));
    final Path errorLog = keyFile.resolveSibling(keyFile.getFileName() + ".error.log");
    record(Cli.run("harvest", "--url", base, "-k", KEY, "-q", keyFile.toString(), "-e", errorLog.toString()));
    assertTrue(Files.exists(errorLog), "harvest wrote its error log");
    seen.add(Files.readString(errorLog));
    Files.delete(errorLog);
    record(Cli.run("schema", "--url", base, "-k", KEY, "str:database:nope"));
    Files.delete(keyFile);
  }

  private void record(Cli.Result result) {
    seen.add(result.out());
    seen.add(result.err());
  }

  private interface Failing {
    void run() throws Exception;
  }

  private void fail(Failing action) {
    try {
      action.run();
      seen.add("no failure");
    } catch (Exception e) {
      collect(e, 0);
    }
  }

  private void collect(Throwable t, int depth) {
    if (t == null || depth > 20) {
      return;
    }
    seen.add(t.toString());
    if (t instanceof SQLException sql && sql.getNextException() != null) {
      collect(sql.getNextException(), depth + 1);
    }
    for (Throwable s : t.getSuppressed()) {
      collect(s, depth + 1);
    }
    collect(t.getCause(), depth + 1);
  }

  private static void drain(ResultSet rs) throws SQLException {
    while (rs.next()) {
      rs.getObject(1);
    }
  }
}
