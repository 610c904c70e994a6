package io.statxplore.jdbc.ods;

import io.statxplore.core.http.ApiClient;
import io.statxplore.jdbc.ExampleFiles;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of {@code sql-examples/sql-opendatasoft} run as the examples runner runs them: one
 * connection to the Stat-Xplore emulator whose model adds the ODS demo emulator through
 * {@link io.statxplore.jdbc.ApiSchemaFactory}, which stops with the connection.
 */
class OdsExamplesTest {
  private static final Path DIR = Path.of("../sql-examples/sql-opendatasoft");

  @Test void examplesGiveRowsAndTheOdsEmulatorStopsWithTheConnection() throws Exception {
    final List<String> results = new ArrayList<>();
    try (SuperstarEmulator superstar = SuperstarEmulator.start();
        Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + superstar.baseUrl() + ";model="
            + DIR.resolve("model.json").toAbsolutePath())) {
      results.addAll(ExampleFiles.rowCounts(c, DIR));
    }
    assertEquals(4, results.size(), results.toString());
    assertTrue(results.stream().allMatch(r -> !r.endsWith(": 0")), results.toString());
    assertEquals(0, ApiClient.callsInFlight());
  }
}
