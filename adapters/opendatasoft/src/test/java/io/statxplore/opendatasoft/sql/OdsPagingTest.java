package io.statxplore.opendatasoft.sql;

import io.statxplore.core.testkit.SqlKit;
import io.statxplore.opendatasoft.OdsAdapterFactory;
import io.statxplore.opendatasoft.emulator.OdsEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pages of /records within the API's window, and the export beyond it, against the emulator. */
class OdsPagingTest {
  private static OdsEmulator ods;
  private static Connection connection;

  @BeforeAll static void start() throws SQLException {
    ods = OdsEmulator.start();
    connection = SqlKit.open(new OdsAdapterFactory(), ods.baseUrl()).connect();
  }

  @AfterAll static void stop() throws SQLException {
    connection.close();
    ods.close();
  }

  @BeforeEach void clear() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeQuery("select count(*) from world_cities").close();
    }
    ods.clearRequests();
  }

  private static List<String> ids(String sql) throws SQLException {
    final List<String> ids = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static List<String> requests() {
    return ods.requests().stream().map(r -> r.path().substring(r.path().lastIndexOf('/') + 1) + "?" + r.query()).toList();
  }

  /** The emulator's own ids, in its record order, from {@code from} for {@code n}. */
  private static List<String> expected(int from, int n) {
    return ods.datasets().get("world-cities").records().stream().skip(from).limit(n)
        .map(r -> (String) r.get("geoname_id")).toList();
  }

  @Test void limitAboveOneHundredReadsPages() throws SQLException {
    assertEquals(expected(30, 250), ids("select geoname_id from world_cities limit 250 offset 30"));
    assertEquals(List.of("records?select=geoname_id&limit=100&offset=30",
        "records?select=geoname_id&limit=100&offset=130",
        "records?select=geoname_id&limit=50&offset=230"), requests());
  }

  @Test void aShortPageEndsTheAnswer() throws SQLException {
    final List<String> fr = ids("select geoname_id from world_cities where country_code = 'FR' limit 1000");
    final long total = ods.datasets().get("world-cities").records().stream()
        .filter(r -> r.get("country_code").equals("FR")).count();
    assertEquals(total, fr.size());
    assertEquals((total + 99) / 100, requests().size(), requests().toString());
  }

  @Test void beyondTheWindowTheExportIsStreamedAndTheOffsetSkipped() throws SQLException {
    assertEquals(expected(2900, 100), ids("select geoname_id from world_cities limit 9950 offset 2900"));
    assertEquals(List.of("json?select=geoname_id&limit=12850"), requests());
  }

  @Test void aFullScanIsOneExport() throws SQLException {
    assertEquals(expected(0, 3000), ids("select geoname_id from world_cities"));
    assertEquals(List.of("json?select=geoname_id"), requests());
  }

  @Test void theEmulatorEnforcesTheRealLimits() throws Exception {
    final okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    final String base = ods.baseUrl() + OdsEmulator.API + "/catalog/datasets/world-cities/records";
    for (String query : new String[] {"limit=101", "limit=100&offset=9900"}) {
      try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "?" + query).build()).execute()) {
        assertEquals(400, r.code(), query);
        assertTrue(r.body().string().contains("\"error_code\":\"InvalidRESTParameterError\""), query);
      }
    }
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder()
        .url(base + "?group_by=country_code&select=country_code&limit=20000").build()).execute()) {
      assertEquals(400, r.code(), "grouped: offset + limit must be below 20000");
    }
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder()
        .url(base + "?select=invalid_function()&limit=1").build()).execute()) {
      assertEquals(400, r.code());
      assertTrue(r.body().string().contains("\"error_code\":\"ODSQLError\""));
    }
  }
}
