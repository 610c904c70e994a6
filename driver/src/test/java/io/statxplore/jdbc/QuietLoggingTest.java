package io.statxplore.jdbc;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program that loads the driver and queries prints nothing of SLF4J's where it has no binding,
 * and its own binding gets the log lines where it has one (the driver installs no binding).
 */
class QuietLoggingTest {
  /** Connects to the demo emulator, prints the rows it read, then logs a line of its own. */
  public static final class Host {
    public static void main(String[] args) throws SQLException {
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:demo=true");
           ResultSet rs = c.createStatement().executeQuery(
               "SELECT COUNT(*) FROM (SELECT region FROM uc_households GROUP BY region)")) {
        rs.next();
        System.out.println("regions=" + rs.getLong(1));
      }
      LoggerFactory.getLogger("host").warn("the host's own line");
    }
  }

  @Test void withoutABindingNothingIsPrintedOnStderr() throws Exception {
    final Run run = run(false);
    assertTrue(run.out.startsWith("regions="), run.out);
    assertEquals("", run.err);
  }

  @Test void withABindingTheHostGetsTheLogLines() throws Exception {
    final Run run = run(true);
    assertTrue(run.out.startsWith("regions="), run.out);
    assertTrue(run.err.contains("the host's own line"), run.err);
    assertFalse(run.err.contains("SLF4J("), run.err);
  }

  @Test void nothingIsChangedWhereTheHostChoseOrHasABinding() {
    final ClassLoader withBinding = getClass().getClassLoader();
    assertTrue(QuietLogging.defaults(new Properties(), withBinding).isEmpty());
    final ClassLoader none = new ClassLoader(null) { };
    assertEquals("ERROR", QuietLogging.defaults(new Properties(), none).getProperty(QuietLogging.VERBOSITY));
    final Properties chosen = new Properties();
    chosen.setProperty(QuietLogging.VERBOSITY, "INFO");
    assertTrue(QuietLogging.defaults(chosen, none).isEmpty());
  }

  private record Run(String out, String err) { }

  private static Run run(boolean binding) throws IOException, InterruptedException {
    final String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")).split(File.pathSeparator))
        .filter(entry -> binding || !entry.contains("slf4j-simple"))
        .collect(Collectors.joining(File.pathSeparator));
    final Path out = Files.createTempFile("host", ".out");
    final Path err = Files.createTempFile("host", ".err");
    try {
      final Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classPath, Host.class.getName()))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the host program ended");
      final Run run = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      assertEquals(0, p.exitValue(), run.err);
      return run;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
