package io.statxplore.jdbc.cli;

import io.statxplore.core.http.ApiClient;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static io.statxplore.jdbc.cli.Cli.failingAfter;
import static io.statxplore.jdbc.cli.Cli.tableBodies;
import static io.statxplore.jdbc.cli.Cli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Standard output that fails (a full disk, a pipe whose reader is gone) ends every command with
 * exit 1 and one line, and a query stops there: no more requests, its calls closed.
 */
class WriteFailureTest {
  private static final String FULL = "No space left on device";
  private static final String SQL = "SELECT region, SUM(households_on_universal_credit) AS n FROM uc_households"
      + " GROUP BY region";

  private static SuperstarEmulator emulator;

  @TempDir Path dir;

  /** A server that takes at most 1,000 cells a request, so that large queries go in many parts. */
  @BeforeAll static void start() {
    emulator = SuperstarEmulator.builder().apiKey(KEY).cellLimit(1000).start();
  }

  @AfterAll static void stop() {
    emulator.close();
  }

  @BeforeEach void clear() {
    emulator.resetRequests();
  }

  @Test void everyCommandFailsOnAFullDisk() throws Exception {
    final Path query = Files.writeString(dir.resolve("query.json"), SqlCommandTest.regions(true, 1, 7).toString());
    final Path log = dir.resolve("error.log");
    final List<String[]> runs = List.of(
        with(emulator, "sql", "-e", SQL),
        with(emulator, "sql", "--format", "csv", "-e", SQL),
        with(emulator, "sql", "--format", "tsv", "-e", SQL),
        with(emulator, "sql", "--format", "json", "-e", SQL),
        with(emulator, "harvest", "-q", query.toString(), "-e", log.toString()),
        with(emulator, "harvest", "-c", "-q", query.toString(), "-e", log.toString()),
        with(emulator, "schema"),
        with(emulator, "info"),
        with(emulator, "rate-limit"),
        new String[] {"--help"},
        new String[] {"--version"},
        new String[] {"sql", "--help"});
    for (String[] args : runs) {
      final Cli.Result r = Cli.run(Cli.stdin(""), failingAfter(0, FULL), false, args);
      assertEquals(List.of(1, "statxplore: cannot write to standard output: " + FULL + "\n"),
          List.of(r.code(), r.err()), String.join(" ", args));
    }
    assertEquals(6, tableBodies(emulator).size(), "each sql and harvest run sent its query, then failed to write");
    assertTrue(Files.readString(log).contains(" harvest ERROR cannot write to standard output: " + FULL));
  }

  @Test void theShellFailsOnAFullDisk() {
    final Cli.Result r = Cli.run(Cli.stdin("SELECT 1 AS one;\n!quit\n"), failingAfter(0, FULL), false, with(emulator));
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().endsWith("\nstatxplore: cannot write to standard output: " + FULL + "\n"), r.err());
  }

  /**
   * A closed pipe, as {@code | head -1} leaves it, stops a query split into parts at the first
   * write that fails: the parts after it are never asked for, and the one being read is closed,
   * at the server too, with the parts fetched ahead of it (default parallelism).
   */
  @Test void aClosedPipeStopsTheQueryAndClosesItsCalls() throws Exception {
    final String sql = "SELECT * FROM uc_monthly";
    final Cli.Result whole = Cli.run("sql", "--format", "csv", "-e", sql,
        "--url", "jdbc:statxplore:url=" + emulator.baseUrl() + ";parallelism=1", "-k", KEY);
    assertEquals(0, whole.code(), whole.err());
    final int parts = emulator.requestCount("/table");
    assertTrue(parts > 20 && whole.out().length() > 1_000_000, parts + " parts, " + whole.out().length() + " chars");
    emulator.resetRequests();

    try (Relay relay = new Relay(emulator.baseUrl())) {
      final Cli.Result r = Cli.run(Cli.stdin(""), failingAfter(0, "Broken pipe"), false, "sql", "--format", "csv",
          "-e", sql, "--url", "jdbc:statxplore:url=" + relay.url(), "-k", KEY);
      assertEquals(List.of(1, "statxplore: cannot write to standard output: Broken pipe\n"),
          List.of(r.code(), r.err()));
      final int sent = emulator.requestCount("/table");
      assertTrue(sent <= 5, sent + " requests: the one refused for its size, then at most the 4 parts in"
          + " flight at once, of " + parts);
      // A part fetched ahead is aborted on its own thread, which ends its call just after.
      final long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (ApiClient.callsInFlight() > 0 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertEquals(0, ApiClient.callsInFlight());
      assertTrue(relay.connections() > 0 && relay.allClosedByClients(Duration.ofSeconds(5)),
          "the server saw every connection closed");
    }
  }
}
