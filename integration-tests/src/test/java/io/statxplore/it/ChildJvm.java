package io.statxplore.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a program of these tests in a JVM of its own whose class path is the host's (Spark or
 * SchemaCrawler with what they depend on) and the driver's self-contained jar, before or after it;
 * the project's own jars are left out, so the driver comes from the self-contained jar only.
 */
final class ChildJvm {
  /** What Spark's launcher opens on Java 17. */
  private static final List<String> SPARK_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect",
      "java.io", "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
      "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

  private ChildJvm() {
  }

  /** The lines a program printed on stdout; fails the test (with its stderr) if it did not end well. */
  static List<String> run(boolean driverFirst, Class<?> main, String... args) throws IOException, InterruptedException {
    // Spark's runs leave SchemaCrawler's jars out, SchemaCrawler's run leaves Spark's out.
    final String leftOut = main == SchemaCrawlerHost.class ? "/org/apache/spark/" : "/us/fatehi/";
    final Path jar = Path.of(System.getProperty("shaded.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " is built in the package phase");
    final List<String> host = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("statxplore-") && !entry.contains(leftOut))
        .collect(Collectors.toCollection(ArrayList::new));
    host.add(driverFirst ? 0 : host.size(), jar.toString());
    final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
        "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=2",
        "-Dspark.sql.warehouse.dir=" + Path.of("target", "spark-warehouse").toAbsolutePath()));
    SPARK_OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
    command.addAll(List.of("-cp", String.join(File.pathSeparator, host), main.getName()));
    command.addAll(List.of(args));
    final Path out = Files.createTempFile("child", ".out");
    final Path err = Files.createTempFile("child", ".err");
    try {
      final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
      final Process p = builder.start();
      assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the program ended within 4 minutes");
      final String errors = Files.readString(err, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), () -> "exit code; stderr:\n" + tail(errors));
      return Files.readAllLines(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The value of the line {@code key=value} a program printed. */
  static String value(List<String> lines, String key) {
    return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + key + "= in " + lines));
  }

  private static String tail(String text) {
    return text.length() <= 8000 ? text : text.substring(text.length() - 8000);
  }
}
