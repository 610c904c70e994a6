package io.statxplore.jdbc;

import io.statxplore.core.adapter.DemoServer;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import java.io.IOException;
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

import static io.statxplore.jdbc.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo=true}: the connection runs the bundled emulator, sends it its queries, and stops it on close. */
class DemoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GEO = "str:field:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE";
  private static final String COUNT = "str:count:UC_Households:V_F_UC_HOUSEHOLDS";
  private static final String REGION_VALUE = "str:value:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:"
      + "V_C_MASTERGEOG11_REGION_TO_COUNTRY:E1200000";

  @Test void aDemoConnectionQueriesItsOwnEmulator() throws Exception {
    final DemoServer demo;
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:demo=true")) {
      demo = StatXploreDriver.demoServer(c);
      final SuperstarEmulator emulator = (SuperstarEmulator) demo.server();
      final List<List<Object>> rows = rows(c, "SELECT region, SUM(households_on_universal_credit) AS n"
          + " FROM uc_households GROUP BY ROLLUP(region)");

      final ObjectNode body = JSON.createObjectNode().put("database", "str:database:UC_Households");
      body.putArray("measures").add(COUNT);
      final ObjectNode recode = body.putObject("recodes").putObject(GEO);
      final ArrayNode map = recode.putArray("map");
      for (int r = 1; r <= 9; r++) {
        map.addArray().add(REGION_VALUE + r);
      }
      recode.put("total", true);
      body.putArray("dimensions").addArray().add(GEO);
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

  @Test void demoMustBeTrueOrFalse() throws IOException {
    final SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:statxplore:demo=yes"));
    assertEquals("demo must be true or false, not 'yes'", e.getMessage());
  }
}
