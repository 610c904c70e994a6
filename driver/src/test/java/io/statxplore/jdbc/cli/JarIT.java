package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.statxplore.jdbc.cli.Cli.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar statxplore-jdbc.jar}: the shaded jar's main class, picocli and sqlline work after shading. */
class JarIT {
  private static final Path JAR = Path.of("target/statxplore-jdbc.jar");

  /** Exit code, then the lines of standard output, of the jar run with {@code args} (stderr is dropped). */
  private static List<String> java(String stdin, String... args) throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the driver first: " + JAR.toAbsolutePath());
    final List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    final Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    final List<String> result = new ArrayList<>(List.of(String.valueOf(p.exitValue())));
    result.addAll(out.lines().toList());
    return result;
  }

  @Test void theJarIsTheCommandLineTool() throws Exception {
    try (SuperstarEmulator api = SuperstarEmulator.builder().apiKey(KEY).start()) {
      final String url = "jdbc:statxplore:url=" + api.baseUrl();
      final List<String> csv = java("", "sql", "--url", url, "-k", KEY, "--format", "csv",
          "-e", "SELECT COUNT(*) AS n FROM (SELECT region FROM uc_households GROUP BY region)");
      assertEquals(List.of("0", "n", "9"), csv);
      assertEquals(1, api.requestCount("/table"));

      final List<String> shell = java("SELECT 'shaded' AS jar;\n!quit\n", "--url", url, "-k", KEY);
      assertEquals("0", shell.get(0));
      assertTrue(shell.stream().anyMatch(l -> l.matches("\\|\\s*shaded\\s*\\|")), String.join("\n", shell));

      assertEquals("0", java("", "--version").get(0));
    }
  }
}
