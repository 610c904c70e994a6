package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar as a shell runs it: standard output on a full device, a pipe whose reader goes
 * away after one line ({@code | head -1}), and four million rows in every format in a 64 MB heap.
 */
class StreamingIT {
  private static final Path JAR = Path.of("target/statxplore-jdbc.jar");
  private static final long CELLS = 4_000_000;
  private static final String ALL = "SELECT * FROM uc_smallareas";
  private static final String SMALL_AREAS = """
      {"database": "str:database:UC_SmallAreas", "measures": ["str:count:UC_SmallAreas:V_F_UC_CASELOAD_LSOA"],
       "dimensions": [["str:field:UC_SmallAreas:V_F_UC_CASELOAD_LSOA:LSOA_CODE"],
        ["str:field:UC_SmallAreas:F_UC_DATE:DATE_NAME"], ["str:field:UC_SmallAreas:V_F_UC_CASELOAD_LSOA:GENDER"],
        ["str:field:UC_SmallAreas:V_F_UC_CASELOAD_LSOA:AGE_BAND"]]}""";

  private static SuperstarEmulator emulator;

  @TempDir static Path dir;

  /** With UC_SmallAreas, 4,000,000 cells, which the harvester asks for in one request. */
  @BeforeAll static void start() {
    emulator = SuperstarEmulator.builder().smallAreas(true).cellLimit(CELLS).start();
  }

  @AfterAll static void stop() {
    emulator.close();
  }

  /** The jar run with {@code args} against the emulator, its stderr kept in {@code err}. */
  private static ProcessBuilder java(String heap, Path err, String... args) {
    assertTrue(Files.isRegularFile(JAR), "package the driver first: " + JAR.toAbsolutePath());
    final List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--url", "jdbc:statxplore:url=" + emulator.baseUrl()));
    return new ProcessBuilder(command).redirectError(err.toFile());
  }

  private static Path query(String json) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "query", ".json"), json);
  }

  @Test void aFullDeviceFailsTheRun() throws Exception {
    final File full = new File("/dev/full");
    Assumptions.assumeTrue(full.exists(), "no /dev/full here");
    final String regions = query(SqlCommandTest.regions(true, 1, 7).toString()).toString();
    for (String[] args : List.of(
        new String[] {"sql", "-e", "SELECT region, COUNT(*) FROM uc_households GROUP BY region"},
        new String[] {"harvest", "-q", regions, "-e", dir.resolve("error.log").toString()})) {
      final Path err = dir.resolve("err.txt");
      final Process p = java("-Xmx256m", err, args).redirectOutput(full).start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(List.of(1, "statxplore: cannot write to standard output: No space left on device\n"),
          List.of(p.exitValue(), Files.readString(err)), args[0]);
    }
  }

  @Test void aPipeClosedAfterOneLineEndsTheRun() throws Exception {
    final String cells = query(SMALL_AREAS).toString();
    for (String[] args : List.of(new String[] {"sql", "--format", "csv", "-e", ALL},
        new String[] {"harvest", "-q", cells, "-e", dir.resolve("error.log").toString()})) {
      final Path err = dir.resolve("err.txt");
      final Process p = java("-Xmx256m", err, args).start();
      final String first;
      try (InputStream out = p.getInputStream()) {
        first = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8)).readLine();
      }
      assertTrue(first.startsWith("small_area,") || first.startsWith("Small Area|"), first);
      // A hang guard: it ends at its next write, long before the four million rows would be read.
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ended");
      assertEquals(List.of(1, "statxplore: cannot write to standard output: Broken pipe\n"),
          List.of(p.exitValue(), Files.readString(err)), args[0]);
    }
  }

  @Test void everyFormatStreamsMillionsOfRowsInASmallHeap() throws Exception {
    final String cells = query(SMALL_AREAS).toString();
    final List<List<Object>> runs = List.of(
        List.of(new String[] {"sql", "-e", ALL}, CELLS + 3, "(4000000 rows)"),
        List.of(new String[] {"sql", "--format", "csv", "-e", ALL}, CELLS + 1, "Small area 5000,"),
        List.of(new String[] {"sql", "--format", "tsv", "-e", ALL}, CELLS + 1, "Small area 5000\t"),
        List.of(new String[] {"sql", "--format", "json", "-e", ALL}, CELLS + 2, "]"),
        List.of(new String[] {"harvest", "-q", cells, "-e", dir.resolve("error.log").toString()}, CELLS + 1,
            "Small area 5000|"));
    for (List<Object> run : runs) {
      final String[] args = (String[]) run.get(0);
      final Path err = dir.resolve("err.txt");
      final Process p = java("-Xmx64m", err, args).start();
      long lines = 0;
      final StringBuilder last = new StringBuilder();
      final StringBuilder line = new StringBuilder();
      try (InputStream out = p.getInputStream()) {
        final byte[] buffer = new byte[1 << 16];
        for (int n; (n = out.read(buffer)) >= 0; ) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              lines++;
              last.setLength(0);
              last.append(line);
              line.setLength(0);
            } else if (line.length() < 100) {
              line.append((char) buffer[i]);
            }
          }
        }
      }
      assertTrue(p.waitFor(300, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), Files.readString(err));
      assertEquals(run.get(1), lines, String.join(" ", args));
      assertTrue(last.toString().startsWith((String) run.get(2)), last.toString());
    }
  }
}
