package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.sql.SqlAssert;
import io.statxplore.superstar.sql.UcServer;

import mockwebserver3.MockResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.statxplore.superstar.sql.SqlAssert.group;
import static io.statxplore.superstar.sql.SqlAssert.onlyTableRequest;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code /schema} walk: folders and nested folders become one schema of tables, fields with
 * one or two value sets and GROUP nodes become columns, paged children are followed, and each
 * piece of metadata is fetched when first needed and once per connection.
 */
class CatalogTest {
  private static final String PIP = "str:database:PIP_Monthly";
  private static final String LA = "str:field:PIP_Monthly:V_F_PIP:LA_CODE";
  private static final String LA_VS = "str:valueset:PIP_Monthly:V_F_PIP:LA_CODE:V_C_LA";
  private static final String DATE = "str:field:PIP_Monthly:F_PIP_DATE:DATE_NAME";
  private static final String DATE_VS = "str:valueset:PIP_Monthly:F_PIP_DATE:DATE_NAME:C_PIP_DATE";
  private static final String AGE1 = "str:field:PIP_Monthly:V_F_PIP:AGE";
  private static final String AGE2 = "str:field:PIP_Monthly:V_F_PIP:AGE_AT_CLAIM";
  private static final String CLAIMS = "str:count:PIP_Monthly:V_F_PIP";

  private FakeSuperstar server;
  private Connection connection;

  @BeforeEach void start() throws SQLException {
    server = UcServer.start().pageSize(50)
        .node(FakeSuperstar.ROOT, "str:folder:fdis", "Disability", "FOLDER")
        .node("str:folder:fdis", "str:folder:fpip", "Personal Independence Payment", "FOLDER")
        .node("str:folder:fpip", PIP, "PIP Claims", "DATABASE")
        // The same database linked from a second folder is one table.
        .node("str:folder:fuc", PIP, "PIP Claims", "DATABASE")
        .node(FakeSuperstar.ROOT, "str:table:1529fb5c", "a saved table", "TABLE")
        .node(PIP, LA, "Local Authority", "FIELD")
        .node(LA, LA_VS, "Local Authority", "VALUESET")
        .node(PIP, DATE, "Date", "FIELD")
        .node(DATE, DATE_VS, "Date", "VALUESET")
        .values(DATE_VS, "202401", "January 2024", "202402", "February 2024")
        .node(PIP, AGE1, "Age", "FIELD")
        .node(AGE1, AGE1.replace("str:field:", "str:valueset:") + ":C_AGE", "Age", "VALUESET")
        .values(AGE1.replace("str:field:", "str:valueset:") + ":C_AGE", "1", "16-24", "2", "25+")
        .node(PIP, AGE2, "Age", "FIELD")
        .node(AGE2, AGE2.replace("str:field:", "str:valueset:") + ":C_AGE", "Age", "VALUESET")
        .values(AGE2.replace("str:field:", "str:valueset:") + ":C_AGE", "1", "16-24", "2", "25+")
        .node(PIP, CLAIMS, "PIP claims", "COUNT");
    for (int i = 1; i <= 120; i++) {
      server.values(LA_VS, String.format("E%08d", i), "Authority " + i);
    }
    connection = DriverManager.getConnection(server.jdbcUrl("k"));
  }

  @AfterEach void stop() throws SQLException {
    connection.close();
    server.close();
  }

  @Test void listingTablesWalksFoldersButFetchesNoColumns() throws SQLException {
    final Map<String, String> tables = new LinkedHashMap<>();
    try (ResultSet rs = connection.getMetaData().getTables(null, "statxplore", "%", null)) {
      while (rs.next()) {
        tables.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
        assertEquals("TABLE", rs.getString("TABLE_TYPE"));
      }
    }
    assertEquals(List.of("pip_monthly", "uc_households"), tables.keySet().stream().sorted().toList());
    assertEquals("Households on Universal Credit (str:database:UC_Households; folder /Universal Credit)",
        tables.get("uc_households"));
    assertEquals("PIP Claims (str:database:PIP_Monthly; folder /Universal Credit)", tables.get("pip_monthly"));
    // This server ignores ?depth=, so each folder takes a request of its own.
    assertEquals(List.of("/schema?depth=folder", "/schema/str:folder:fuc?depth=folder",
        "/schema/str:folder:fdis?depth=folder", "/schema/str:folder:fpip?depth=folder"), paths());
  }

  @Test void columnsComeFromValueSetsAndMeasuresWithRemarks() throws SQLException {
    final List<String> names = new ArrayList<>();
    final Map<String, String> remarks = new LinkedHashMap<>();
    try (ResultSet rs = connection.getMetaData().getColumns(null, "statxplore", "UC_Households", "%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
        remarks.put(rs.getString("COLUMN_NAME"), rs.getString("REMARKS"));
        final boolean measure = rs.getString("COLUMN_NAME").contains("payment")
            || rs.getString("COLUMN_NAME").startsWith("households");
        assertEquals(measure ? Types.DOUBLE : Types.VARCHAR, rs.getInt("DATA_TYPE"));
        assertEquals(measure ? "DOUBLE" : "VARCHAR", rs.getString("TYPE_NAME"));
        // Region and country are two classifications of one field: a row fills one of them.
        final boolean nullable = measure || rs.getString("COLUMN_NAME").matches("(region|country).*");
        assertEquals(nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls, rs.getInt("NULLABLE"));
      }
    }
    assertEquals(List.of("region", "region_code", "country", "country_code", "month", "month_code",
        "family_type", "family_type_code", "households_on_universal_credit", "mean_of_payment_amount",
        "sum_of_payment_amount"), names);
    assertEquals("Region (" + UcServer.GEO + " / " + UcServer.REGION_VS + ")", remarks.get("region"));
    assertEquals("Region code (" + UcServer.GEO + " / " + UcServer.REGION_VS + ")", remarks.get("region_code"));
    assertEquals("Mean of Payment Amount (" + UcServer.MEAN + ")", remarks.get("mean_of_payment_amount"));
    assertEquals("Households on Universal Credit (" + UcServer.COUNT + ")", remarks.get("households_on_universal_credit"));
    // Database, its group, its three fields and its measure (this server ignores ?depth=); no value set.
    assertTrue(paths().containsAll(Stream.of(UcServer.DB, "str:group:UC_Households:G_GEOGRAPHY", UcServer.GEO,
        UcServer.MONTH, UcServer.FAMILY, UcServer.PAYMENT).map(id -> "/schema/" + id + "?depth=valueset").toList()),
        paths()::toString);
    assertTrue(paths().stream().noneMatch(p -> p.contains("str:valueset:")), paths()::toString);
  }

  @Test void columnsAreFetchedOncePerConnection() throws SQLException {
    for (int i = 0; i < 2; i++) {
      try (ResultSet rs = connection.getMetaData().getColumns(null, "statxplore", "UC_Households", "%")) {
        assertEquals(11, rows(rs).size());
      }
    }
    rows(connection, "select month, sum(households_on_universal_credit) from uc_households group by month");
    rows(connection, "select region, sum(households_on_universal_credit) from uc_households where region = 'London' group by region");
    rows(connection, "select region, sum(households_on_universal_credit) from uc_households where region = 'Wales' group by region");
    assertEquals(1, server.requestCount("/schema/" + UcServer.DB));
    assertEquals(1, server.requestCount("/schema/" + UcServer.REGION_VS));
    assertEquals(1, server.requestCount("/schema/" + UcServer.GEO));
  }

  @Test void namesAvoidReservedWordsAndRepeats() throws SQLException {
    final List<String> names = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getColumns(null, "statxplore", "PIP_Monthly", "%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
      }
    }
    assertEquals(List.of("local_authority", "local_authority_code", "date_", "date_code", "age", "age_code",
        "age_2", "age_2_code", "pip_claims"), names);
    assertEquals(2, rows(connection, "select date_, sum(pip_claims) from pip_monthly group by date_").size());
    assertEquals(2, rows(connection, "select MONTH, sum(households_on_universal_credit) from UC_HOUSEHOLDS"
        + " where Month_Code in ('201805', '201806') group by MONTH").size());
  }

  @Test void pagedValueSetsAreReadToTheEnd() throws SQLException {
    server.clearRequests();
    final List<List<Object>> rows = rows(connection,
        "select date_, sum(pip_claims) from pip_monthly where local_authority = 'Authority 117' group by date_");
    assertEquals(2, rows.size());
    assertEquals(SqlAssert.request(List.of(CLAIMS), List.of(DATE),
        group(LA, "str:value:PIP_Monthly:V_F_PIP:LA_CODE:V_C_LA:E00000117")).get("recodes"),
        onlyTableRequest(server).get("recodes"));
    assertEquals(3, server.requestCount("/schema/" + LA_VS));
    assertTrue(server.requests().stream().anyMatch(r -> "3".equals(r.getUrl().queryParameter("page"))));
  }

  @Test void everyItemOfAPagedValueSetTakesPartInAComplement() throws SQLException {
    server.clearRequests();
    rows(connection, "select sum(pip_claims) from pip_monthly where local_authority_code <> 'E00000001'");
    assertEquals(119, onlyTableRequest(server).get("recodes").get(LA).get("map").get(0).size());
  }

  @Test void aPagingLoopIsAnError() throws SQLException {
    final String loop = server.baseUrl() + "/schema/str:folder:fuc?depth=folder";
    server.respondNext("/schema/str:folder:fuc", new MockResponse.Builder()
        .setHeader("Content-Type", "application/json").setHeader("Link", "<" + loop + ">; rel=\"next\"")
        .body("{\"id\":\"str:folder:fuc\",\"label\":\"UC\",\"type\":\"FOLDER\",\"children\":[]}").build());
    final SQLException e = assertThrows(SQLException.class,
        () -> rows(connection.getMetaData().getTables(null, null, "%", null)));
    assertTrue(e.getMessage().contains("paging loop"), e::getMessage);
  }

  @Test void aLinkToAnotherHostIsNotFollowed() throws SQLException {
    server.respondNext("/schema/str:folder:fuc", new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .setHeader("Link", "<https://elsewhere.example/schema?page=2>; rel=\"next\"")
        .body("{\"id\":\"str:folder:fuc\",\"label\":\"UC\",\"type\":\"FOLDER\",\"children\":[]}").build());
    final SQLException e = assertThrows(SQLException.class,
        () -> rows(connection.getMetaData().getTables(null, null, "%", null)));
    assertTrue(e.getMessage().contains("elsewhere.example"), e::getMessage);
    assertEquals(0, server.requests().stream().filter(r -> r.getUrl().host().contains("elsewhere")).count());
  }

  @Test void schemasListTheApiSchema() throws SQLException {
    final List<String> schemas = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getSchemas()) {
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
    }
    assertTrue(schemas.contains("statxplore"), schemas::toString);
    assertEquals("statxplore", connection.getSchema());
  }

  @Test void theSchemaPropertyRenamesIt() throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl("k") + ";schema=dwp")) {
      assertEquals("dwp", c.getSchema());
      assertEquals(4, rows(c, "select month, sum(households_on_universal_credit) from dwp.uc_households group by month").size());
    }
  }

  @Test void languageIsSentAsAcceptLanguage() throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl("k") + ";language=de")) {
      server.clearRequests();
      rows(c, "select month, sum(households_on_universal_credit) from uc_households group by month");
    }
    assertTrue(server.requests().stream().allMatch(r -> "de".equals(r.getHeaders().get("Accept-Language"))));
  }

  private List<String> paths() {
    return server.requests().stream()
        .map(r -> r.getUrl().encodedPath().substring(FakeSuperstar.BASE_PATH.length())
            + (r.getUrl().encodedQuery() == null ? "" : "?" + r.getUrl().encodedQuery()))
        .toList();
  }
}
