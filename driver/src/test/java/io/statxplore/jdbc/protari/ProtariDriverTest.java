package io.statxplore.jdbc.protari;

import io.statxplore.core.http.ApiClient;
import io.statxplore.jdbc.ExampleFiles;
import io.statxplore.protari.emulator.ProtariEmulator;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code api=protari} through the JDBC driver: {@code demo=true} runs the bundled emulator, a key
 * goes as {@code Protari key=} and is never shown, the SQLStates of failures, the settings listed,
 * and the examples of {@code sql-examples/sql-protari} as the runner runs them.
 */
class ProtariDriverTest {
  private static final Path EXAMPLES = Path.of("../sql-examples/sql-protari");

  @Test void demoRunsTheEmulatorAndAnswersSql() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=protari;demo=true");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sex_code, SUM(people) FROM sample GROUP BY sex_code ORDER BY 1")) {
      final List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getLong(2));
      }
      assertEquals(3, rows.size(), rows.toString());
      assertTrue(rows.get(1).startsWith("F="), rows.toString());
      assertEquals("protari", c.getSchema());
    }
    assertEquals(0, ApiClient.callsInFlight());
  }

  @Test void keyIsSentAsProtariKeyAndNeverShown() throws SQLException {
    try (ProtariEmulator emulator = ProtariEmulator.start("t0p-secret")) {
      final String url = "jdbc:statxplore:api=protari;url=" + emulator.baseUrl() + ";apiKey=t0p-secret";
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        assertFalse(c.getMetaData().getURL().contains("t0p-secret"), c.getMetaData().getURL());
        try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR SELECT SUM(people) FROM sample")) {
          assertTrue(rs.next());
          assertFalse(rs.getString(1).contains("t0p-secret"));
        }
        try (ResultSet rs = s.executeQuery("SELECT SUM(people) FROM sample")) {
          assertTrue(rs.next());
        }
        final SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT SUM(people) FROM"
            + " sample_longitudinal"));
        assertEquals("0A000", e.getSQLState());
        assertTrue(e.getMessage().contains("longitudinal"), e.getMessage());
      }
      assertEquals("Protari key=t0p-secret", emulator.requests().stream()
          .filter(r -> r.path().endsWith("/aggregation")).findFirst().orElseThrow().authorization());
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=protari;url=" + emulator.baseUrl()
          + ";apiKey=wrong-key"); Statement s = c.createStatement()) {
        final SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT SUM(people) FROM sample"));
        assertEquals("28000", e.getSQLState());
        assertFalse(e.getMessage().contains("wrong-key"), e.getMessage());
      }
    }
  }

  @Test void productVersionIsTheApiVersionOfAboutAskedOnceWhenWanted() throws SQLException {
    try (ProtariEmulator emulator = ProtariEmulator.start("v")) {
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=protari;url=" + emulator.baseUrl()
          + ";apiKey=v")) {
        final DatabaseMetaData md = c.getMetaData();
        assertEquals(List.of(), aboutRequests(emulator), "connecting does not ask");
        assertEquals("1.2.0", md.getDatabaseProductVersion());
        assertEquals("1.2.0", c.getMetaData().getDatabaseProductVersion());
        assertEquals(List.of("/v1/about"), aboutRequests(emulator));
        assertEquals("Protari key=v", emulator.requests().get(0).authorization());
      }
    }
  }

  @Test void productVersionThatTheApiRefusesIsAnSqlExceptionAskedAgainLater() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
          .body("{\"detail\": \"No authorization provided.\", \"status\": 401, \"title\": \"Unauthorized\"}").build());
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"header\": {\"api_version\": \"1.0.0\"}}").build());
      server.start();
      try (Connection c = DriverManager.getConnection("jdbc:statxplore:api=protari;url=" + server.url("/v1")
          + ";apiKey=s3cret")) {
        final SQLException e = assertThrows(SQLException.class, () -> c.getMetaData().getDatabaseProductVersion());
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("No authorization provided."), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertEquals("1.0.0", c.getMetaData().getDatabaseProductVersion());
        assertEquals("1.0.0", c.getMetaData().getDatabaseProductVersion());
      }
      assertEquals(2, server.getRequestCount());
      assertEquals("/v1/about", server.takeRequest().getUrl().encodedPath());
      assertEquals("/v1/about", server.takeRequest().getUrl().encodedPath());
    }
  }

  private static List<String> aboutRequests(ProtariEmulator emulator) {
    return emulator.requests().stream().map(ProtariEmulator.Recorded::path).filter(p -> p.endsWith("/about")).toList();
  }

  @Test void authSchemeIsADeclaredSetting() throws SQLException {
    final Driver driver = DriverManager.getDriver("jdbc:statxplore:api=protari");
    final DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:statxplore:api=protari", new Properties());
    final DriverPropertyInfo scheme = Arrays.stream(info).filter(i -> i.name.equals("authScheme")).findFirst()
        .orElseThrow();
    assertEquals(List.of("protari", "bearer"), List.of(scheme.choices));
    assertTrue(Arrays.stream(info).anyMatch(i -> i.name.equals("api") && List.of(i.choices).contains("protari")));
  }

  @Test void examplesRunAgainstTheEmulator() throws Exception {
    final List<String> results = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:model=" + EXAMPLES.resolve("model.json")
        .toAbsolutePath())) {
      results.addAll(ExampleFiles.rowCounts(c, EXAMPLES));
    }
    assertEquals(9, results.size(), results.toString());
    assertTrue(results.stream().noneMatch(r -> r.endsWith(": 0")), results.toString());
    assertEquals(0, ApiClient.callsInFlight());
  }
}
