package io.statxplore.jdbc;

import io.statxplore.core.spi.DemoServer;
import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.AnswerCells;
import io.statxplore.superstar.sql.SqlAssert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.each;
import static io.statxplore.superstar.sql.SqlAssert.request;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static io.statxplore.superstar.sql.UcServer.COUNT;
import static io.statxplore.superstar.sql.UcServer.GEO;
import static io.statxplore.superstar.sql.UcServer.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo=true}: the connection runs the bundled emulator, sends it its queries, and stops it on close. */
class DemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test void aDemoConnectionQueriesItsOwnEmulator() throws Exception {
    final DemoServer demo;
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:demo=true")) {
      demo = StatXploreDriver.demoServer(c);
      final SuperstarEmulator emulator = (SuperstarEmulator) demo.server();
      final List<List<Object>> rows = rows(c, "SELECT region, SUM(households_on_universal_credit) AS n"
          + " FROM uc_households GROUP BY ROLLUP(region)");

      final String[] regions = new String[9];
      for (int r = 0; r < regions.length; r++) {
        regions[r] = region("E1200000" + (r + 1));
      }
      final JsonNode body = request(List.of(COUNT), List.of(GEO), each(GEO, true, regions));
      final List<JsonNode> tableBodies = new ArrayList<>();
      for (SuperstarEmulator.Recorded r : emulator.requests()) {
        if (r.path().equals("/table")) {
          tableBodies.add(JSON.readTree(r.body()));
          assertEquals("demo", r.headers().get("apikey"));
        }
      }
      assertEquals(List.of(body), tableBodies, "the one /table request");

      final List<List<Object>> expected = new ArrayList<>();
      for (List<Object> cell : AnswerCells.rows(emulator.table(body))) {
        expected.add(SqlAssert.row(cell.get(0).equals("Total") ? null : cell.get(0), cell.get(1)));
      }
      assertEquals(10, expected.size());
      assertEquals(expected, rows);
      assertTrue(c.getMetaData().getURL().endsWith("demo=true"), c.getMetaData().getURL());
    }
    final HttpRequest ping = HttpRequest.newBuilder(URI.create(demo.baseUrl() + "/info")).build();
    assertThrows(ConnectException.class, () -> HttpClient.newHttpClient().send(ping, HttpResponse.BodyHandlers.ofString()),
        "the emulator stops with the connection");
  }

  @Test void demoCannotBeCombinedWithAUrl() {
    final SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:statxplore:demo=true;url=https://stat-xplore.dwp.gov.uk/webapi/rest/v1"));
    assertTrue(e.getMessage().startsWith("demo=true connects to the bundled emulator"), e.getMessage());
  }

  @Test void demoMustBeTrueOrFalse() {
    final SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:statxplore:demo=yes"));
    assertEquals("demo must be true or false, not 'yes'", e.getMessage());
  }
}
