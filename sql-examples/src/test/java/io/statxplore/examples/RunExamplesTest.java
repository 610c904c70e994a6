package io.statxplore.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job: every example runs against the emulator and prints its result. */
class RunExamplesTest {
  @Test void everyExampleRunsAndPrintsItsResult() throws Exception {
    final Path dir = Path.of("sql");
    final List<String> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
    }
    assertTrue(files.size() >= 10, "at least ten examples: " + files);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final int failures = RunExamples.run(List.of(dir.toString()), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    final String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, failures, out);
    files.forEach(f -> assertTrue(out.contains("=== " + f), f));
    final Matcher summary = Pattern.compile("(\\d+) statements, 0 failed").matcher(out);
    assertTrue(summary.find(), out);
    // Every statement prints a row count; every query against the API reports its requests.
    final int statements = Integer.parseInt(summary.group(1));
    assertEquals(statements, count(out, "^  \\d+ rows?( \\(first \\d+ shown\\))?$"), out);
    assertEquals(0, count(out, "^  \\(0 /table requests\\)$") - count(out, "^  EXPLAIN PLAN FOR$"), out);
    // The join with the local CSV gives a row for each of the nine regions.
    final String join = out.substring(out.indexOf("=== 10_"), out.indexOf("=== 11_"));
    assertTrue(join.contains("  9 rows") && join.contains("London") && join.contains("(1 /table request)"), join);
  }

  /** The OpenSpending / Cubes examples, whose model adds the Cubes emulator beside Stat-Xplore's. */
  @Test void theCubesExamplesRun() throws Exception {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final int failures = RunExamples.run(List.of("sql-cubes"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    final String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, failures, out);
    assertTrue(out.contains("/cube/ukgov-finances-cra/aggregate?"), out);
    // Spending joined with UC households: the nine English regions both APIs have.
    final String join = out.substring(out.indexOf("=== 02_"));
    assertTrue(join.contains("  9 rows") && join.contains("London"), join);
  }

  /** Without arguments (the README's run command): every examples folder, each summed up, then the total. */
  @Test void withoutArgumentsEveryExampleFolderRunsWithItsSummaryAndATotal() throws Exception {
    final List<String> folders;
    try (Stream<Path> list = Files.list(Path.of("."))) {
      folders = list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> n.equals("sql") || n.startsWith("sql-")).sorted().toList();
    }
    assertTrue(folders.containsAll(List.of("sql", "sql-opendatasoft", "sql-protari")), folders.toString());
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final int failures = RunExamples.run(List.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8),
        Path.of("sql"));
    final String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, failures, out);
    int statements = 0;
    int at = 0;
    for (String folder : folders) {
      final int start = out.indexOf("##### " + folder + "\n", at);
      final Matcher summary = Pattern.compile("(?m)^" + Pattern.quote(folder) + ": (\\d+) statements, 0 failed$")
          .matcher(out);
      assertTrue(start >= at && summary.find(start), folder + " in order, summed up:\n" + out);
      final String section = out.substring(start, summary.start());
      try (Stream<Path> list = Files.list(Path.of(folder))) {
        list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
            .forEach(f -> assertTrue(section.contains("=== " + f), folder + "/" + f));
      }
      final int n = Integer.parseInt(summary.group(1));
      assertEquals(n, count(section, "^  \\d+ rows?( \\(first \\d+ shown\\))?$"), section);
      statements += n;
      at = summary.end();
    }
    // Each API's examples reached their emulator: the requests they sent are shown.
    assertTrue(out.contains("(1 /table request)"), out);
    assertTrue(out.contains("GET /datasets/sample/aggregation?"), out);
    assertTrue(out.contains("/api/explore/v2.1/catalog/datasets/"), out);
    assertTrue(out.trim().endsWith("total, " + folders.size() + " folders: " + statements + " statements, 0 failed"),
        out);
  }

  private static long count(String text, String lineRegex) {
    final Pattern p = Pattern.compile(lineRegex);
    return text.lines().filter(l -> p.matcher(l).matches()).count();
  }
}
