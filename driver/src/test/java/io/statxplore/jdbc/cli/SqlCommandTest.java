package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.AnswerCells;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static io.statxplore.jdbc.cli.Cli.run;
import static io.statxplore.jdbc.cli.Cli.tableBodies;
import static io.statxplore.jdbc.cli.Cli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sql -e / -f}: prints the API's figures in each format; failures are one line on stderr. */
class SqlCommandTest {
  private static final String GEO = "str:field:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE";
  private static final String REGION = "str:value:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:V_C_MASTERGEOG11_REGION_TO_COUNTRY:";
  private static final String ROLLUP = "SELECT region, SUM(households_on_universal_credit) AS n FROM uc_households"
      + " GROUP BY ROLLUP(region)";
  private static final String TWO_REGIONS = "SELECT region, SUM(households_on_universal_credit) AS n"
      + " FROM uc_households WHERE region IN ('London', 'North East') GROUP BY region ORDER BY region";

  private static SuperstarEmulator emulator;

  @TempDir Path dir;

  @BeforeAll static void start() {
    emulator = SuperstarEmulator.builder().apiKey(KEY).start();
  }

  @AfterAll static void stop() {
    emulator.close();
  }

  @BeforeEach void clear() {
    emulator.resetRequests();
  }

  /** The /table body for households by the given regions ({@code E1200000n}), with or without Total. */
  static ObjectNode regions(boolean total, int... regions) {
    final ObjectNode body = Cli.JSON.createObjectNode().put("database", "str:database:UC_Households");
    body.putArray("measures").add("str:count:UC_Households:V_F_UC_HOUSEHOLDS");
    final ObjectNode recode = body.putObject("recodes").putObject(GEO);
    final ArrayNode map = recode.putArray("map");
    for (int r : regions) {
      map.addArray().add(REGION + "E1200000" + r);
    }
    recode.put("total", total);
    body.putArray("dimensions").addArray().add(GEO);
    return body;
  }

  /** The emulator's answer as (label, count) rows; the Total's label is SQL NULL. */
  private static List<String[]> cells(JsonNode body) {
    final List<String[]> rows = new ArrayList<>();
    for (List<Object> cell : AnswerCells.rows(emulator.table(body))) {
      rows.add(new String[] {cell.get(0).equals("Total") ? null : (String) cell.get(0),
          String.valueOf(((Double) cell.get(1)).longValue())});
    }
    return rows;
  }

  /** The aligned table of (region, n) rows: labels left, numbers right. */
  private static List<String> table(List<String[]> rows) {
    int w0 = "region".length();
    int w1 = "n".length();
    for (String[] r : rows) {
      w0 = Math.max(w0, r[0] == null ? 4 : r[0].length());
      w1 = Math.max(w1, r[1].length());
    }
    final List<String> lines = new ArrayList<>();
    lines.add(String.format("%-" + w0 + "s | %s", "region", "n"));
    lines.add("-".repeat(w0) + "-+-" + "-".repeat(w1));
    for (String[] r : rows) {
      lines.add(String.format("%-" + w0 + "s | %" + w1 + "s", r[0] == null ? "NULL" : r[0], r[1]));
    }
    lines.add("(" + rows.size() + " rows)");
    return lines;
  }

  @Test void printsAnAlignedTableWithTheApiTotal() {
    final Cli.Result r = run(with(emulator, "sql", "-e", ROLLUP));
    assertEquals(0, r.code(), r.err());
    final JsonNode body = regions(true, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertEquals(table(cells(body)), r.outLines());
    assertEquals("", r.err());
    assertEquals(List.of(body), tableBodies(emulator));
  }

  @Test void demoPrintsTheEmulatorsTotalRow() {
    final Cli.Result r = run("sql", "--demo", "-e", ROLLUP);
    assertEquals(0, r.code(), r.err());
    final List<String> expected = table(cells(regions(true, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
    assertEquals(expected, r.outLines());
    assertTrue(expected.get(expected.size() - 2).startsWith("NULL "), "the total row");
  }

  @Test void runsEachStatementOfAFileInEveryFormat() throws Exception {
    final Path file = Files.writeString(dir.resolve("two.sql"),
        "-- regions; then a literal holding a semicolon\n" + TWO_REGIONS + ";\n/* ; */ SELECT 'a;b' AS s;\n");
    final List<String[]> cells = cells(regions(false, 1, 7));
    final String[] london = cells.get(1);
    final String[] northEast = cells.get(0);
    assertEquals("London", london[0]);

    Cli.Result r = run(with(emulator, "sql", "-f", file.toString(), "--format", "csv"));
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("region,n", "London," + london[1], "North East," + northEast[1], "s", "a;b"), r.outLines());

    r = run(with(emulator, "sql", "-f", file.toString(), "--format", "tsv"));
    assertEquals(List.of("region\tn", "London\t" + london[1], "North East\t" + northEast[1], "s", "a;b"), r.outLines());

    r = run(with(emulator, "sql", "-f", file.toString(), "--format", "json"));
    assertEquals(List.of("[", "{\"region\":\"London\",\"n\":" + london[1] + ".0},",
        "{\"region\":\"North East\",\"n\":" + northEast[1] + ".0}", "]",
        "[", "{\"s\":\"a;b\"}", "]"), r.outLines());

    r = run(TWO_REGIONS, false, with(emulator, "sql", "-f", "-"));
    assertEquals(table(List.of(london, northEast)), r.outLines());

    assertEquals(List.of(regions(false, 1, 7), regions(false, 1, 7), regions(false, 1, 7), regions(false, 1, 7)),
        tableBodies(emulator), "one request per run of the statement");
  }

  @Test void aValueWithLineBreaksSpansLinesInATable() {
    final Cli.Result r = run(with(emulator, "sql", "-e", "SELECT 'first\nsecond' AS plan, 1 AS n"));
    assertEquals(List.of("plan   | n", "-------+--", "first  | 1", "second |  ", "(1 row)"), r.outLines());
    assertEquals(List.of(), tableBodies(emulator));
  }

  @Test void aKeyFileWorksLikeTheKey() throws Exception {
    final Path keyFile = Files.writeString(dir.resolve("key.txt"), KEY + "\n");
    final Cli.Result r = run("sql", "--format", "csv", "-e", TWO_REGIONS,
        "--url", "jdbc:statxplore:url=" + emulator.baseUrl(), "-p", keyFile.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(3, r.outLines().size());
    assertTrue(emulator.requests().stream().allMatch(q -> KEY.equals(q.headers().get("apikey"))));
  }

  @Test void failuresAreOneLineWithoutTheKey() {
    final String wrong = "wrong-key-5b2e";
    Cli.Result r = run("sql", "-e", ROLLUP, "--url", "jdbc:statxplore:url=" + emulator.baseUrl(), "-k", wrong);
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("statxplore: SuperSTAR API at 127.0.0.1 answered HTTP 401 to GET /schema?depth=folder:"
        + " AUTHENTICATION: Error authenticating API key. Please contact your system administrator."
        + " (SQLState 28000)\n", r.err());
    assertFalse(r.err().contains(wrong));

    r = run(with(emulator, "sql", "-e", "SELECT * FROM nope"));
    assertEquals(1, r.code());
    assertEquals("statxplore: From line 1, column 15 to line 1, column 18: Object 'nope' not found"
        + " (SQLState 42000)\n", r.err());

    r = run(with(emulator, "sql", "-e", "-- nothing"));
    assertEquals(List.of(1, "statxplore: no SQL statement in -e\n"), List.of(r.code(), r.err()));

    r = run("sql", "-e", "SELECT 1", "--url", "jdbc:statxplore:apiKey=" + wrong + ";url=ftp://x");
    assertEquals(1, r.code());
    assertFalse(r.err().contains(wrong), r.err());
    assertEquals(List.of(), tableBodies(emulator));
  }

  @Test void anErrorIsOneLineAndDebugAddsTheStackTrace() {
    // as the driver's ExceptionInInitializerError for WHERE measure > 'abc' did
    final InputStream broken = new InputStream() {
      @Override public int read() {
        throw new ExceptionInInitializerError("no class for you");
      }

      @Override public int read(byte[] b, int off, int len) {
        return read();
      }
    };
    Cli.Result r = Cli.run(broken, new ByteArrayOutputStream(), false, with(emulator, "sql", "-f", "-"));
    assertEquals(List.of(1, "statxplore: internal error: java.lang.ExceptionInInitializerError: no class for you\n"),
        List.of(r.code(), r.err()));

    r = run(with(emulator, "sql", "-d", "-e", "SELECT * FROM nope"));
    assertEquals(1, r.code());
    final List<String> lines = r.err().lines().toList();
    assertTrue(lines.size() > 3 && lines.get(1).startsWith("\tat "), r.err());
    assertEquals("statxplore: From line 1, column 15 to line 1, column 18: Object 'nope' not found (SQLState 42000)",
        lines.get(lines.size() - 1));
    assertFalse(r.err().contains(KEY));
    assertEquals(List.of(), tableBodies(emulator));
  }

  @Test void aMalformedUrlIsRefusedWithoutShowingIt() throws Exception {
    final String secret = "s3cret-8d1f";
    final String query = Files.writeString(dir.resolve("query.json"), regions(true, 1).toString()).toString();
    final String log = dir.resolve("error.log").toString();
    final String malformed = "statxplore: --url is malformed: a quoted value is not closed, or text follows its"
        + " closing quote (the URL is not shown, as it may hold a key) (SQLState 08001)\n";
    final String prefix = "statxplore: --url must start with jdbc:statxplore: (SQLState 08001)\n";
    final List<List<String>> cases = List.of(
        List.of("jdbc:statxplore:apiKey=" + secret + ";x='unterminated", malformed),
        List.of("jdbc:statxplore:apiKey='" + secret + "'x", malformed),
        List.of("jdbc:statxplore:pushKey=ds1:" + secret + ";a='b", malformed),
        List.of("jdbc:statxplor:apiKey=" + secret, prefix));
    for (List<String> c : cases) {
      for (List<String> command : List.of(List.of("sql", "-e", "SELECT 1"), List.of("schema"),
          List.of("harvest", "-q", query, "-e", log), List.<String>of())) {
        final List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--url", c.get(0)));
        final Cli.Result r = run(args.toArray(String[]::new));
        assertEquals(List.of(1, c.get(1)), List.of(r.code(), r.err()), String.join(" ", args));
        assertEquals("", r.out());
      }
    }
    assertFalse(Files.readString(Path.of(log)).contains(secret));
    assertEquals(List.of(), emulator.requests());
  }
}
