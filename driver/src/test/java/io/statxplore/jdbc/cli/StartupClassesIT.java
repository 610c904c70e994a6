package io.statxplore.jdbc.cli;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar statxplore-jdbc.jar harvest} of an {@code http://} API loads nothing it does
 * not use: no SQL parser, no TLS set-up, no Jackson data binding, no Guava (each was a tenth to a
 * third of a small harvest's time, Guava a few milliseconds).
 */
class StartupClassesIT {
  private static final Path JAR = Path.of("target", "statxplore-jdbc.jar").toAbsolutePath();
  private static final String QUERY = "{\"database\":\"str:database:UC_Households\",\"measures\":"
      + "[\"str:count:UC_Households:V_F_UC_HOUSEHOLDS\"],\"dimensions\":"
      + "[[\"str:field:UC_Households:F_UC_DATE:DATE_NAME\"]]}";

  @TempDir Path dir;

  @Test void harvestOverHttpLoadsNoParserNoTlsNoDataBindingAndNoGuava() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the driver first: " + JAR);
    final Path query = Files.writeString(dir.resolve("query.json"), QUERY);
    final Path log = dir.resolve("class-load.log");
    try (SuperstarEmulator api = SuperstarEmulator.builder().apiKey(Cli.KEY).start()) {
      final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xlog:class+load:file=" + log + ":none", "-jar", JAR.toString(), "harvest",
          "--url", "jdbc:statxplore:url=" + api.baseUrl(), "-k", Cli.KEY, "-q", query.toString(),
          "-o", "out.csv", "--no-header").directory(dir.toFile())
          .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
          .start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the harvest did not finish in 120 s");
      assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
      assertEquals(List.of("POST /table"), Cli.requests(api));
    }
    // a row per month
    assertEquals(12, Files.readAllLines(dir.resolve("out.csv"), StandardCharsets.UTF_8).size());
    final Set<String> loaded = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .map(line -> line.split(" ", 2)[0]).collect(Collectors.toSet());
    assertTrue(loaded.contains("io.statxplore.superstar.HarvestCommand"), "the log names the tool's classes");
    for (String unused : List.of("org.apache.calcite.sql.parser.babel.SqlBabelParserImpl",
        "org.apache.calcite.sql.parser.impl.SqlParserImpl", "javax.net.ssl.TrustManagerFactory",
        "sun.security.ssl.SSLContextImpl", "io.statxplore.shaded.com.fasterxml.jackson.databind.ObjectMapper")) {
      assertFalse(loaded.contains(unused), unused + " was loaded");
    }
    assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("io.statxplore.shaded.com.google.")).toList());
  }
}
