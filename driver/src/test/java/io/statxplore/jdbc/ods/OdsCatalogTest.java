package io.statxplore.jdbc.ods;

import io.statxplore.opendatasoft.emulator.OdsEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Datasets as tables and fields as typed columns with REMARKS, against the emulator. */
class OdsCatalogTest {
  private static OdsEmulator ods;

  @BeforeAll static void start() {
    ods = OdsEmulator.builder().apiKey("k3y").start();
  }

  @AfterAll static void stop() {
    ods.close();
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:statxplore:api=opendatasoft;url=" + ods.baseUrl() + ";apiKey=k3y;cacheTtl=0s");
  }

  @Test void tablesAreDatasetsWithTitlesInRemarks() throws SQLException {
    ods.clearRequests();
    try (Connection c = connect(); ResultSet rs = c.getMetaData().getTables(null, "opendatasoft", "%", null)) {
      final Map<String, String> tables = new LinkedHashMap<>();
      while (rs.next()) {
        tables.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
      }
      assertEquals(2, tables.size(), tables.toString());
      assertTrue(tables.get("world_cities").startsWith("World cities (synthetic): Towns with a population over 1000"),
          tables.get("world_cities"));
      assertTrue(tables.get("air_quality").endsWith("(dataset air-quality)"), tables.get("air_quality"));
    }
    assertEquals(1, ods.requests().size(), "the catalog is one page; listing fetches no dataset");
    final OdsEmulator.Recorded r = ods.requests().get(0);
    assertEquals("/api/explore/v2.1/catalog/datasets", r.path());
    assertEquals("limit=100&offset=0", r.query());
    assertEquals("Apikey k3y", r.authorization());
  }

  @Test void columnsAreTypedFromOdsTypes() throws SQLException {
    try (Connection c = connect()) {
      final DatabaseMetaData md = c.getMetaData();
      final Map<String, Integer> types = new LinkedHashMap<>();
      final Map<String, String> remarks = new LinkedHashMap<>();
      try (ResultSet rs = md.getColumns(null, "opendatasoft", "world_cities", "%")) {
        while (rs.next()) {
          types.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
          remarks.put(rs.getString("COLUMN_NAME"), rs.getString("REMARKS"));
        }
      }
      assertEquals(Map.ofEntries(Map.entry("geoname_id", Types.VARCHAR), Map.entry("name", Types.VARCHAR),
          Map.entry("country_code", Types.VARCHAR), Map.entry("cou_name_en", Types.VARCHAR),
          Map.entry("population", Types.BIGINT), Map.entry("elevation", Types.DOUBLE),
          Map.entry("modification_date", Types.DATE), Map.entry("capital", Types.BOOLEAN),
          Map.entry("timezone", Types.VARCHAR), Map.entry("alternate_names", Types.VARCHAR),
          Map.entry("coordinates_lat", Types.DOUBLE), Map.entry("coordinates_lon", Types.DOUBLE)), types);
      assertEquals("Elevation: metres above sea level (field elevation, double)", remarks.get("elevation"));
      assertEquals("Coordinates (field coordinates, geo_point_2d, latitude)", remarks.get("coordinates_lat"));
      assertEquals("Alternate Names (field alternate_names, text, multivalued, joined with ',')",
          remarks.get("alternate_names"));
      try (ResultSet rs = md.getColumns(null, "opendatasoft", "air_quality", "%")) {
        final Map<String, Integer> air = new LinkedHashMap<>();
        while (rs.next()) {
          air.put(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"));
        }
        assertEquals(Types.TIMESTAMP, air.get("measured_at"));
        assertEquals(Types.BIGINT, air.get("year"), "Babel accepts year unquoted: " + air.keySet());
      }
    }
  }

  @Test void rowsDecodeEveryType() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from world_cities where geoname_id = '2000000'")) {
      assertTrue(rs.next());
      assertEquals(ods.datasets().get("world-cities").records().get(0).get("name"), rs.getString("name"));
      assertTrue(rs.getLong("population") >= 1000);
      assertEquals(java.sql.Date.class, rs.getObject("modification_date").getClass());
      assertEquals(Boolean.class, rs.getObject("capital").getClass());
      assertEquals(Double.class, rs.getObject("coordinates_lat").getClass());
    }
  }
}
