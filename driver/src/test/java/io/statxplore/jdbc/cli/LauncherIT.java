package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.AnswerCells;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher the build leaves beside the jar, {@code target/statxplore}: it starts the tool with
 * the class-data-sharing archive trained at build time ({@code -Xshare:on} fails a JVM that cannot
 * use it), and runs it without the archive, silently, where the archive does not fit the jar.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the launcher is a POSIX shell script")
class LauncherIT {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path LAUNCHER = TARGET.resolve("statxplore");
  private static final String ARCHIVED = "shared objects file (top)";
  private static final Pattern LOADED = Pattern.compile("^(\\S+) source: (.*)$");
  /** Two regions and their Total by every month of UC_Households: 3 × 12 cells. */
  private static final String QUERY = "{\"database\":\"str:database:UC_Households\",\"measures\":"
      + "[\"str:count:UC_Households:V_F_UC_HOUSEHOLDS\"],\"recodes\":{\"str:field:UC_Households:V_F_UC_HOUSEHOLDS"
      + ":COA_CODE\":{\"map\":[[\"str:value:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:"
      + "V_C_MASTERGEOG11_REGION_TO_COUNTRY:E12000001\"],[\"str:value:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:"
      + "V_C_MASTERGEOG11_REGION_TO_COUNTRY:E12000007\"]],\"total\":true}},\"dimensions\":"
      + "[[\"str:field:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE\"],[\"str:field:UC_Households:F_UC_DATE:DATE_NAME\"]]}";

  @TempDir Path dir;

  /** What a run of the launcher printed and returned. */
  private record Run(int code, String out, String err) { }

  /** Runs {@code launcher} in the temporary directory, with the Java that runs the tests. */
  private Run launch(Path launcher, String javaToolOptions, String... args) throws Exception {
    assertTrue(Files.isExecutable(LAUNCHER), "package the driver first: " + LAUNCHER);
    final List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    final Path out = dir.resolve("stdout.txt");
    final Path err = dir.resolve("stderr.txt");
    final ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    final Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.remove("STATXPLORE_JAVA_OPTS");
    env.remove("JAVA_TOOL_OPTIONS");
    if (javaToolOptions != null) {
      env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
    }
    final Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish in 120 s");
    // The JVM names the options it picked up from the environment on stderr.
    final String stderr = Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS")).collect(Collectors.joining("\n"));
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
  }

  /**
   * Each class the JVM loaded, with where it came from, from an {@code -Xlog:class+load} file;
   * checks that {@code classes} came from the archive.
   */
  private static Map<String, String> archived(Path log, String... classes) throws IOException {
    final Map<String, String> sources = new HashMap<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      final Matcher m = LOADED.matcher(line);
      if (m.matches()) {
        sources.put(m.group(1), m.group(2));
      }
    }
    for (String c : classes) {
      assertEquals(ARCHIVED, sources.get(c), c);
    }
    return sources;
  }

  @Test void harvestRunsOnTheArchivedClasses() throws Exception {
    final Path query = Files.writeString(dir.resolve("query.json"), QUERY);
    final Path log = dir.resolve("class-load.log");
    try (SuperstarEmulator api = SuperstarEmulator.builder().apiKey(KEY).start()) {
      final Run r = launch(LAUNCHER, "-Xshare:on -Xlog:class+load:file=" + log + ":none",
          "harvest", "--url", "jdbc:statxplore:url=" + api.baseUrl(), "-k", KEY, "-q", query.toString(),
          "-o", "out.csv", "--no-header");
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.out());
      assertEquals("", r.err());
      assertEquals(List.of("POST /table"), Cli.requests(api));
      final JsonNode answer = api.table(Cli.JSON.readTree(QUERY));
      final List<String> expected = AnswerCells.rows(answer).stream()
          .map(row -> row.get(0) + "|" + row.get(1) + "|" + row.get(2)).toList();
      assertEquals(36, expected.size());
      assertEquals(expected, Files.readAllLines(dir.resolve("out.csv"), StandardCharsets.UTF_8));
    }
    final Map<String, String> sources = archived(log, "io.statxplore.superstar.TableResponseReader",
        "io.statxplore.jdbc.ApiSession", "io.statxplore.shaded.okhttp3.OkHttpClient",
        "io.statxplore.shaded.com.fasterxml.jackson.core.JsonFactory");
    // Nearly every class of the tool: not picocli's (compiled for Java 5, which the archive cannot
    // hold), nor some thirty that harvest with --url uses and the training run (SQL on --demo) does not.
    final List<String> notArchived = sources.entrySet().stream()
        .filter(e -> e.getKey().startsWith("io.statxplore.") && !e.getKey().startsWith("io.statxplore.shaded.picocli.")
            && !e.getValue().equals(ARCHIVED))
        .map(Map.Entry::getKey).toList();
    final long tool = sources.keySet().stream().filter(c -> c.startsWith("io.statxplore.")).count();
    assertTrue(tool > 500 && notArchived.size() < 60, tool + " classes of the tool, not from the archive: "
        + notArchived);
  }

  @Test void sqlOnTheDemoRunsWithTheArchive() throws Exception {
    final Path log = dir.resolve("class-load.log");
    final Run r = launch(LAUNCHER, "-Xshare:on -Xlog:class+load:file=" + log + ":none", "sql", "--demo",
        "--format", "csv", "-e", "SELECT 1 AS one");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("one", "1"), r.out().lines().toList());
    archived(log, "org.apache.calcite.prepare.CalcitePrepareImpl", "io.statxplore.superstar.emulator.SuperstarEmulator",
        "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl");
  }

  @Test void withoutAFittingArchiveTheToolRunsAsWithJavaJar() throws Exception {
    // A copy of the jar is not the file the archive was made for (its time stamp differs), and the
    // launcher is reached through a link from another directory.
    final Path copy = Files.createDirectories(dir.resolve("copy"));
    Files.copy(LAUNCHER, copy.resolve("statxplore"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(TARGET.resolve("statxplore-jdbc.jsa"), copy.resolve("statxplore-jdbc.jsa"));
    Files.copy(TARGET.resolve("statxplore-jdbc.jar"), copy.resolve("statxplore-jdbc.jar"));
    final Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("bin")).resolve("statxplore"),
        copy.resolve("statxplore"));

    final Run r = launch(link, null, "--version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("statxplore-jdbc \\S+\\R"), r.out());
    assertEquals("", r.err());
    // It ran without the archive: a JVM told to use it fails to start.
    final Run strict = launch(link, "-Xshare:on", "--version");
    assertNotEquals(0, strict.code());
    assertFalse(strict.out().contains("statxplore-jdbc"), strict.out());
  }
}
