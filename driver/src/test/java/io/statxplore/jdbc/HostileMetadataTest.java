package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.sql.UcServer;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that answers metadata requests with a broken page: {@code DatabaseMetaData} calls, which
 * read the schema through Calcite, fail with the API's SQLException like a query does, never with
 * the runtime exception the schema walk raises.
 */
class HostileMetadataTest {
  private static final String KEY = "md-secret-77";

  private static List<String> paths(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.getUrl().encodedPath()).toList();
  }

  private static SQLException fails(String call, SqlCall read) {
    final SQLException e = assertThrows(SQLException.class, read::run, call);
    assertEquals(1, e.getMessage().lines().count(), e::getMessage);
    assertFalse(e.getMessage().contains(KEY), e::getMessage);
    return e;
  }

  private interface SqlCall {
    void run() throws SQLException;
  }

  private static void readAll(ResultSet rs) throws SQLException {
    try (rs) {
      while (rs.next()) {
        rs.getString(1);
      }
    }
  }

  @Test void anHtmlPageInsteadOfTheTableListFailsGetTables() throws SQLException {
    try (FakeSuperstar server = UcServer.start(); Connection c = DriverManager.getConnection(server.jdbcUrl(KEY))) {
      server.respondNext("/schema", new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
          .body("<html><head><title>Maintenance</title></head><body>Back soon</body></html>").build());
      final DatabaseMetaData md = c.getMetaData();
      final SQLException e = fails("getTables", () -> readAll(md.getTables(null, "statxplore", "%", null)));
      assertEquals("08P01", e.getSQLState(), e::getMessage);
      assertTrue(e.getMessage().contains("HTML page titled \"Maintenance\""), e::getMessage);
      assertEquals(List.of("/webapi/rest/v1/schema"), paths(server.requests()), "one request, not retried");
    }
  }

  @Test void aServerErrorWhileReadingColumnsFailsGetColumns() throws SQLException {
    try (FakeSuperstar server = UcServer.start(); Connection c = DriverManager.getConnection(server.jdbcUrl(KEY))) {
      server.respondNext("/schema", new MockResponse.Builder().code(500).setHeader("Content-Type", "text/plain")
          .body("Internal error").build());
      final SQLException e = fails("getColumns", () -> readAll(c.getMetaData().getColumns(null, "statxplore", "%", "%")));
      assertEquals("08006", e.getSQLState(), e::getMessage);
      assertTrue(e.getMessage().contains("HTTP 500"), e::getMessage);
      assertEquals(List.of("/webapi/rest/v1/schema"), paths(server.requests()), "one request, not retried");
    }
  }
}
