package io.statxplore.examples;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-contained jar alone (plus a 20-line JDBC program) connects to a SuperSTAR server on
 * loopback, lists the tables and gets the server's numbers with exactly one {@code POST /table}.
 */
class QuickStartIT {
  @Test void theDriverJarAloneRunsAPushedDownQuery() throws Exception {
    final Path jar = Path.of("../driver/target/statxplore-jdbc.jar");
    assertTrue(Files.isRegularFile(jar), "build the driver first: " + jar.toAbsolutePath());
    try (SuperstarEmulator api = SuperstarEmulator.builder().apiKey("K").start()) {
      final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", jar + File.pathSeparator + "target/classes", QuickStart.class.getName(),
          "jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=K",
          "SELECT month, SUM(households_on_universal_credit) FROM uc_households GROUP BY month")
          .redirectErrorStream(true).start();
      final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      final List<String> lines = out.lines().filter(l -> !l.startsWith("SLF4J")).toList();
      assertEquals(List.of("table cilif_rel", "table hb_new", "table pip_monthly", "table uc_households",
          "table uc_monthly"), lines.subList(0, 5).stream().sorted().toList());
      assertEquals(12, lines.size() - 5);
      assertTrue(lines.get(5).matches("May 2018 = \\d+\\.0"), lines.get(5));
      assertEquals(1, api.requestCount("/table"));
      final var body = new ObjectMapper().readTree(api.requests().stream()
          .filter(r -> r.path().equals("/table")).findFirst().orElseThrow().body());
      assertEquals("[[\"str:field:UC_Households:F_UC_DATE:DATE_NAME\"]]", body.get("dimensions").toString());
      assertEquals("K", api.requests().get(0).headers().get("apikey"));
      final double may = api.table(body).get("cubes").get("str:count:UC_Households:V_F_UC_HOUSEHOLDS")
          .get("values").get(0).asDouble();
      assertEquals("May 2018 = " + may, lines.get(5));
    }
  }
}
