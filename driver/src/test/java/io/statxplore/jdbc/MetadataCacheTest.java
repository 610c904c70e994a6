package io.statxplore.jdbc;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code cacheDir}, metadata survives the connection: a second one browses without /schema requests. */
class MetadataCacheTest {
  @TempDir Path cache;

  /** What a SQL client does on connect and browse: tables, one table's columns, a data preview. */
  private static List<List<Object>> browse(Connection c) throws SQLException {
    final DatabaseMetaData md = c.getMetaData();
    final List<List<Object>> seen = new ArrayList<>(rows(md.getTables(null, "statxplore", "%", null)));
    seen.addAll(rows(md.getColumns(null, "statxplore", "UC_Monthly", null)));
    try (Statement s = c.createStatement()) {
      s.setMaxRows(50);
      seen.addAll(rows(s.executeQuery("select * from uc_monthly")));
    }
    return seen;
  }

  private String url(SuperstarEmulator api, String key, String more) {
    return "jdbc:statxplore:url=" + api.baseUrl() + ";apiKey=" + key + ";cacheDir=" + cache + more;
  }

  @Test void aSecondConnectionBrowsesFromTheCache() throws SQLException {
    try (SuperstarEmulator api = SuperstarEmulator.start()) {
      final List<List<Object>> first;
      try (Connection c = DriverManager.getConnection(url(api, "k1", ""))) {
        first = browse(c);
      }
      final int cold = api.requestCount("/schema");
      assertTrue(cold > 5, cold + " /schema requests");
      api.resetRequests();
      try (Connection c = DriverManager.getConnection(url(api, "k1", ""))) {
        assertEquals(first, browse(c));
      }
      assertEquals(0, api.requestCount("/schema"), "warm: every /schema answer came from the cache");
      assertEquals(1, api.requestCount("/table"), "query answers are never cached");

      api.resetRequests();
      try (Connection c = DriverManager.getConnection(url(api, "k1", ";cacheTtl=0s"))) {
        assertEquals(first, browse(c));
      }
      final List<SuperstarEmulator.Recorded> revalidated =
          api.requests().stream().filter(r -> r.path().startsWith("/schema")).toList();
      assertEquals(cold, revalidated.size());
      assertTrue(revalidated.stream().allMatch(r -> r.headers().containsKey("if-none-match")),
          "expired answers are revalidated with their ETag");

      api.resetRequests();
      try (Connection c = DriverManager.getConnection(url(api, "k2", ""))) {
        browse(c);
      }
      assertEquals(cold, api.requestCount("/schema"), "another key has a cache of its own");
    }
  }

  @Test void aBadTtlIsAClearError() {
    final SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:statxplore:url=http://127.0.0.1:1/x;cacheDir=" + cache + ";cacheTtl=soon"));
    assertTrue(e.getMessage().startsWith("cacheTtl must be a number"), e::getMessage);
  }
}
