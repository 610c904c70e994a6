package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.AnswerCells;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static io.statxplore.jdbc.cli.Cli.requests;
import static io.statxplore.jdbc.cli.Cli.run;
import static io.statxplore.jdbc.cli.Cli.tableBodies;
import static io.statxplore.jdbc.cli.Cli.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code harvest}: the Python harvester's flags and output, checked against the emulator's own
 * answer to the real exported queries of {@code ../shared/fixtures/superstar}.
 */
class HarvestCommandTest {
  private static final Path FIXTURES =
      Path.of(System.getProperty("statxplore.sharedFixtures", "../../shared/fixtures"), "superstar");
  private static final Path CILIF = FIXTURES.resolve("statxplore_table_query_2d_constituency_year_cilif_rel.json");
  private static final Path MEAN = FIXTURES.resolve("statxplore_table_query_2d_count_and_mean_statfn.json");

  private static SuperstarEmulator emulator;

  @TempDir Path dir;

  @BeforeAll static void start() {
    Assumptions.assumeTrue(Files.isRegularFile(CILIF), "shared fixtures not found at " + FIXTURES
        + "; the harvester tests run the real exported queries where ../shared/fixtures exists (CI)");
    emulator = SuperstarEmulator.builder().apiKey(KEY).start();
  }

  @AfterAll static void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @BeforeEach void clear() {
    emulator.resetRequests();
  }

  /** The body the harvester sends for a query file: its four keys, in the harvester's order. */
  private static JsonNode body(Path query) throws Exception {
    final JsonNode q = Cli.JSON.readTree(query.toFile());
    final ObjectNode body = Cli.JSON.createObjectNode();
    for (String key : List.of("database", "measures", "recodes", "dimensions")) {
      body.set(key, q.get(key));
    }
    return body;
  }

  /** The file the harvester writes for the emulator's answer: labels, counts as Python floats. */
  private static String expectedCounts(JsonNode answer, char delimiter, boolean header) {
    final StringBuilder b = new StringBuilder();
    if (header) {
      b.append(String.join(String.valueOf(delimiter), AnswerCells.header(answer))).append("\r\n");
    }
    for (List<Object> cell : AnswerCells.rows(answer)) {
      final List<String> fields = new ArrayList<>();
      for (Object v : cell) {
        if (v instanceof Double d) {
          assertEquals(Math.rint(d), d, "a count");
          fields.add(d.longValue() + ".0");
        } else {
          final String label = (String) v;
          fields.add(label.indexOf(delimiter) >= 0 ? "\"" + label + "\"" : label);
        }
      }
      b.append(String.join(String.valueOf(delimiter), fields)).append("\r\n");
    }
    return b.toString();
  }

  @Test void writesAHeaderThenOneRowPerCell() throws Exception {
    final Path out = dir.resolve("out.csv");
    final Cli.Result r = run(with(emulator, "harvest", "-q", CILIF.toString(), "-o", out.toString()));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals("", r.err());
    final JsonNode answer = emulator.table(body(CILIF));
    final String text = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(expectedCounts(answer, '|', true), text);
    assertEquals(71, text.split("\r\n").length, "header, 13 constituencies and Total by 5 years");
    assertTrue(text.startsWith("Westminster Parliamentary Constituencies|Year|Relative Low Income\r\n"));
    assertEquals(List.of("POST /table"), requests(emulator));
    assertEquals(List.of(body(CILIF)), tableBodies(emulator));
  }

  @Test void noHeaderWritesTheHarvestersExactFile() throws Exception {
    final Path out = dir.resolve("out.csv");
    final Cli.Result r = run(with(emulator, "harvest", "--no-header", "-q", CILIF.toString(), "-o", out.toString()));
    assertEquals(0, r.code(), r.err());
    assertEquals(expectedCounts(emulator.table(body(CILIF)), '|', false), Files.readString(out));
    assertEquals(List.of(body(CILIF)), tableBodies(emulator));
  }

  @Test void csvFlagPrintsOnlyTheHeader() throws Exception {
    final Path out = dir.resolve("out.csv");
    final Cli.Result r = run(with(emulator, "harvest", "-c", "-q", CILIF.toString(), "-o", out.toString()));
    assertEquals(0, r.code(), r.err());
    assertEquals(String.join("|", AnswerCells.header(emulator.table(body(CILIF)))) + "\n", r.out());
    assertFalse(Files.exists(out), "-c writes no file");
    assertEquals(List.of(body(CILIF)), tableBodies(emulator));
  }

  @Test void aDelimiterInALabelIsQuoted() throws Exception {
    final Cli.Result r = run(with(emulator, "harvest", "--delimiter", ",", "-q", CILIF.toString()));
    assertEquals(0, r.code(), r.err());
    final String expected = expectedCounts(emulator.table(body(CILIF)), ',', true);
    assertEquals(expected, r.out(), "without -o the rows go to standard output");
    assertTrue(expected.contains("\r\n\"Sheffield, Brightside and Hillsborough\",2014/15 (FYE 2015),"), expected);
  }

  @Test void meansAreWrittenAsPythonFloatsAndEmptyCellsAsNothing() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(MEAN), "no " + MEAN);
    final Path out = dir.resolve("mean.csv");
    final Cli.Result r = run(with(emulator, "harvest", "--no-header", "-q", MEAN.toString(), "-o", out.toString()));
    assertEquals(0, r.code(), r.err());
    final List<List<Object>> cells = AnswerCells.rows(emulator.table(body(MEAN)));
    final String[] lines = Files.readString(out).split("\r\n");
    assertEquals(cells.size(), lines.length);
    boolean sawFraction = false;
    for (int i = 0; i < lines.length; i++) {
      final String[] fields = lines[i].split("\\|", -1);
      final List<Object> cell = cells.get(i);
      assertEquals(List.of(cell.get(0), cell.get(1)), List.of(fields[0], fields[1]));
      for (int m = 2; m < 4; m++) {
        final Double v = (Double) cell.get(m);
        if (v == null) {
          assertEquals("", fields[m]);
        } else {
          assertTrue(fields[m].matches("\\d+\\.\\d+"), fields[m]);
          assertEquals(v, Double.parseDouble(fields[m]));
          sawFraction |= v != Math.rint(v);
        }
      }
    }
    assertTrue(sawFraction, "the MEAN cells have fractions");
  }

  @Test void failuresGoToStderrAndTheErrorLog() throws Exception {
    final Path log = dir.resolve("errors.log");
    final Path broken = FIXTURES.resolve("statxplore_table_query_INVALID_json_missing_brace.json");
    Cli.Result r = run(with(emulator, "harvest", "-q", broken.toString(), "-o", dir.resolve("x.csv").toString(),
        "-e", log.toString()));
    assertEquals(1, r.code());
    final String message = "query file " + broken + " is not valid JSON: Unexpected character (':' (code 58)):"
        + " expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
        + " (line 2, column 11) (SQLState 42000)";
    assertEquals("statxplore: " + message + "\n", r.err());
    final List<String> logged = Files.readAllLines(log);
    assertEquals(1, logged.size());
    assertTrue(logged.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} harvest ERROR "
        + java.util.regex.Pattern.quote(message)), logged.get(0));
    assertEquals(List.of(), requests(emulator));

    r = run(with(emulator, "harvest", "-q", dir.resolve("none.json").toString(), "-e", log.toString()));
    assertEquals(List.of(1,
        "statxplore: query file " + dir.resolve("none.json") + " does not exist (SQLState 42000)\n"),
        List.of(r.code(), r.err()));

    final String wrong = "wrong-key-91c4";
    r = run("harvest", "-q", CILIF.toString(), "-o", dir.resolve("x.csv").toString(), "-e", log.toString(),
        "--url", "jdbc:statxplore:url=" + emulator.baseUrl(), "-k", wrong);
    assertEquals(1, r.code());
    assertEquals("statxplore: SuperSTAR API at 127.0.0.1 answered HTTP 401 to POST /table: AUTHENTICATION:"
        + " Error authenticating API key. Please contact your system administrator. (SQLState 28000)\n", r.err());
    assertFalse(Files.readString(log).contains(wrong));
    assertEquals(3, Files.readAllLines(log).size());
    assertFalse(Files.exists(dir.resolve("x.csv")), "no output file for a failed query");
    assertEquals(List.of("POST /table"), requests(emulator));
  }

  @Test void reportsProgressAndLogsWhenAsked() throws Exception {
    final Path out = dir.resolve("out.csv");
    final Cli.Result r = run("", true, with(emulator, "harvest", "-v", "-q", CILIF.toString(), "-o", out.toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("\rrequests 0/1, waiting for the answer"), r.err());
    assertTrue(r.err().contains("\rrequests 1/1, 70/70 cells\n"), r.err());
    final List<String> logged = r.err().lines().filter(l -> l.contains(" harvest INFO ")).map(l -> l.substring(24)).toList();
    assertEquals(List.of("harvest INFO Query " + CILIF + ": 1 measures, 2 dimensions",
        "harvest INFO CSV headers: Westminster Parliamentary Constituencies, Year, Relative Low Income",
        "harvest INFO Wrote 70 CSV rows to " + out), logged);
    assertNull(r.err().lines().filter(l -> l.contains(KEY)).findAny().orElse(null));
  }

  @Test void aTruncatedAnswerLeavesTheOldFileAsItWas() throws Exception {
    final Path out = Files.createDirectory(dir.resolve("out")).resolve("out.csv");
    Files.writeString(out, "the old file\r\n");
    final String answer = Cli.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(emulator.table(body(CILIF)));
    // cut inside the values, which come last: rows were written when the answer breaks off
    emulator.faults().truncateNextAt((answer.indexOf("\"cubes\"") + answer.length()) / 2);
    final Cli.Result r = run(with(emulator, "harvest", "-q", CILIF.toString(), "-o", out.toString(),
        "-e", dir.resolve("error.log").toString()));
    assertEquals(1, r.code());
    assertEquals("the old file\r\n", Files.readString(out));
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList(), "no temporary file is left");
    }
    assertTrue(r.err().matches("statxplore: SuperSTAR API at 127\\.0\\.0\\.1 broke off the /table answer [^\n]*"
        + " \\(SQLState \\w{5}\\)\n"), r.err());
    assertEquals(List.of(body(CILIF)), tableBodies(emulator));
  }

  @Test void aFileIsReplacedWholeKeepingItsModeAndLinks() throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    final Path real = Files.writeString(dir.resolve("real.csv"), "the old file\r\n");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
    final Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real);
    Cli.Result r = run(with(emulator, "harvest", "-q", CILIF.toString(), "-o", link.toString()));
    assertEquals(0, r.code(), r.err());
    final String expected = expectedCounts(emulator.table(body(CILIF)), '|', true);
    assertEquals(expected, Files.readString(real));
    assertTrue(Files.isSymbolicLink(link), "the link is kept, its file replaced");
    assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(real));

    final Path fresh = dir.resolve("fresh.csv");
    r = run(with(emulator, "harvest", "-q", CILIF.toString(), "-o", fresh.toString()));
    assertEquals(0, r.code(), r.err());
    assertEquals(expected, Files.readString(fresh));
    final Path created = Files.createFile(dir.resolve("created"));
    assertEquals(Files.getPosixFilePermissions(created), Files.getPosixFilePermissions(fresh),
        "a new file has the mode of any file created here, not a temporary file's 600");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(Set.of(real, link, fresh, created), files.collect(Collectors.toSet()), "no temporary file is left");
    }
  }

  @Test void aNamedPipeIsWrittenThrough() throws Exception {
    final Path fifo = dir.resolve("fifo");
    try {
      Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
    } catch (IOException e) {
      Assumptions.abort("no mkfifo: " + e.getMessage());
    }
    final CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readString(fifo);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    final Cli.Result r = run(with(emulator, "harvest", "-q", CILIF.toString(), "-o", fifo.toString()));
    assertEquals(0, r.code(), r.err());
    assertEquals(expectedCounts(emulator.table(body(CILIF)), '|', true), read.get(30, TimeUnit.SECONDS));
    assertTrue(Files.readAttributes(fifo, BasicFileAttributes.class).isOther(), "still a pipe, not replaced by a file");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(fifo), files.toList());
    }
  }
}
