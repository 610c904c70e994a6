package io.statxplore.jdbc.ods;

import io.statxplore.opendatasoft.sql.FakeOds;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OpenDataSoft answer that is not the one asked for gives no wrong rows (08P01): a server that
 * ignores {@code select} (every field comes back), {@code group_by} (a group comes back twice) or
 * {@code limit} (more rows than asked for).
 */
class HostileOdsAnswerTest {
  private FakeOds ods;

  @BeforeEach void start() {
    ods = new FakeOds();
  }

  @AfterEach void stop() {
    ods.close();
  }

  private List<String> query(String sql) throws SQLException {
    final List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(ods.jdbcUrl()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "," + rs.getString(2));
      }
    }
    return rows;
  }

  private SQLException fails(String sql, String expected) {
    final SQLException e = assertThrows(SQLException.class, () -> query(sql));
    assertEquals("08P01", e.getSQLState(), e::getMessage);
    assertTrue(e.getMessage().startsWith("OpenDataSoft sent a broken answer to GET /api/explore/v2.1/catalog/datasets"
        + "/geo/records?") && e.getMessage().endsWith(expected), e::getMessage);
    return e;
  }

  @Test void fieldsTheRequestDidNotSelectAreRefused() throws SQLException {
    ods.respondNext("/records", 200, "{\"total_count\": 2, \"results\": [{\"name\": \"A\", \"population\": 5},"
        + " {\"name\": \"B\", \"population\": 7}]}");
    assertEquals(List.of("A,5", "B,7"), query("select name, population from geo limit 5"), "both fields selected");
    ods.respondNext("/records", 200, "{\"total_count\": 2, \"results\": [{\"name\": \"A\", \"population\": 5},"
        + " {\"name\": \"B\", \"population\": 7, \"country_code\": \"FR\"}]}");
    fails("select name, population from geo limit 5", ": it has field 'country_code', which the request did not select");
  }

  @Test void aGroupAnsweredTwiceIsRefused() {
    ods.respondNext("/records", 200, "{\"results\": [{\"country_code\": \"FR\", \"agg_0\": 3},"
        + " {\"country_code\": \"BE\", \"agg_0\": 1}, {\"country_code\": \"FR\", \"agg_0\": 2}]}");
    fails("select country_code, count(*) from geo group by country_code", ": it has the group [\"FR\"] twice");
  }

  @Test void moreRowsThanThePageAskedForAreRefused() {
    // 250 rows are read in pages of 100; the server answers the first with 101.
    final StringBuilder results = new StringBuilder();
    for (int i = 0; i <= 100; i++) {
      results.append(i == 0 ? "" : ", ").append("{\"name\": \"N").append(i).append("\"}");
    }
    ods.respondNext("/records", 200, "{\"results\": [" + results + "]}");
    fails("select name, name from geo limit 250", ": it has more results than the 100 the request asked for");
    assertEquals(1, ods.dataRequests().size());
    assertTrue(ods.dataRequests().get(0).getUrl().toString().endsWith("limit=100"), ods.dataRequests().toString());
  }
}
