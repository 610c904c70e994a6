package io.statxplore.jdbc;

import io.statxplore.opendatasoft.emulator.OdsEmulator;
import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.emulator.SuperstarEmulator;
import io.statxplore.superstar.sql.SqlAssert;
import io.statxplore.superstar.sql.UcServer;
import io.statxplore.superstar.sql.UcServerTestBase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.onlyTableRequest;
import static io.statxplore.superstar.sql.SqlAssert.row;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan that reads an API answer more than once (whatever join order Calcite picks, LIMITed or
 * not) sends its request once per statement: the requests are counted on the servers' logs.
 */
class HostileJoinRereadTest {
  private static SuperstarEmulator emulator;
  private Connection connection;

  @BeforeAll static void start() {
    emulator = SuperstarEmulator.start();
  }

  @AfterAll static void stop() {
    emulator.close();
  }

  @BeforeEach void connect() throws SQLException {
    connection = DriverManager.getConnection("jdbc:statxplore:url=" + emulator.baseUrl());
  }

  @AfterEach void close() throws SQLException {
    connection.close();
  }

  private List<List<Object>> query(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      // Bounds the test where each outer row sends the inner request again.
      s.setQueryTimeout(60);
      try (ResultSet rs = s.executeQuery(sql)) {
        return SqlAssert.rows(rs);
      }
    }
  }

  @Test void aLimitedInnerSideOfAJoinIsSentOnce() throws SQLException {
    final long cells = ((Number) query("select count(*) from hb_new").get(0).get(0)).longValue();
    emulator.resetRequests();
    // The inner side stops after 20 rows of its answer, once per outer row: 1,000 requests and more before.
    assertEquals(List.of(row(cells * 20)),
        query("select count(*) from hb_new a, (select month from hb_new limit 20) b"));
    assertEquals(2, emulator.requestCount("/table"), "the outer answer and the inner preview, once each");
  }

  @Test void aSelfJoinReadsTheAnswerOnce() throws SQLException {
    try (FakeSuperstar server = UcServer.start();
         Connection c = DriverManager.getConnection(server.jdbcUrl("test-key"))) {
      rows(c, "select * from uc_households where 1 = 0");
      server.clearRequests();
      final List<List<Object>> rows = rows(c, "with t as (select month, sum(" + UcServerTestBase.N + ") as n"
          + " from uc_households group by month) select a.month, b.n from t a join t b on a.n < b.n");
      assertEquals(6, rows.size());
      // The first side is still streaming when the second is read: both read the one answer.
      onlyTableRequest(server);
    }
  }

  @Test void aSelfJoinSendsItsRequestOnce() throws SQLException {
    final String t = "select month, sum(housing_benefit_claimants) as n from hb_new group by month";
    final List<List<Object>> months = query(t);
    final List<List<Object>> expected = new ArrayList<>();
    for (List<Object> a : months) {
      for (List<Object> b : months) {
        if ((Double) a.get(1) < (Double) b.get(1)) {
          expected.add(row(a.get(0), b.get(1)));
        }
      }
    }
    emulator.resetRequests();
    final List<List<Object>> rows = query("with t as (" + t + ") select a.month, b.n from t a join t b on a.n < b.n");
    assertEquals(sorted(expected), sorted(rows));
    assertTrue(rows.size() > 1, rows::toString);
    assertEquals(1, emulator.requestCount("/table"));
  }

  @Test void aNestedLoopJoinWhoseInnerSideIsLimitedSendsItOnce() throws SQLException {
    final List<List<Object>> months = query("select month_code from hb_new group by month_code");
    emulator.resetRequests();
    // A condition on both sides that no index can serve: the inner side is read anew for each month.
    final List<List<Object>> rows = query("select a.month_code, b.month from (select month_code from hb_new"
        + " group by month_code) a join (select month from hb_new limit 20) b"
        + " on char_length(a.month_code) + char_length(b.month) > 0");
    assertEquals(months.size() * 20, rows.size(), rows::toString);
    assertTrue(months.size() > 1, months::toString);
    assertEquals(2, emulator.requestCount("/table"));
  }

  @Test void anExportedQueryReadTwiceIsSentOnce() throws SQLException {
    final String query = "table(statxplore.query('{\"database\":\"str:database:UC_Households\",\"measures\":"
        + "[\"str:count:UC_Households:V_F_UC_HOUSEHOLDS\"],\"dimensions\":[[\"str:field:UC_Households:F_UC_DATE:DATE_NAME\"]]}'))";
    final List<List<Object>> months = query("select * from " + query);
    emulator.resetRequests();
    final List<List<Object>> rows = query("with t as (select * from " + query + ") select a.month, b.month"
        + " from t a join t b on a.month < b.month");
    assertEquals(months.size() * (months.size() - 1) / 2, rows.size(), rows::toString);
    assertTrue(months.size() > 2, months::toString);
    assertEquals(1, emulator.requestCount("/table"));
  }

  /**
   * An answer too large to keep for a second read is sent once more for a self-join, never again
   * per read (a third read fails with 54000, see {@code ExecutionTest}).
   */
  @Test void anAnswerTooLargeToKeepIsSentTwiceForASelfJoin() throws SQLException {
    final String db = "str:database:BIG";
    final String area = "str:field:BIG:F:AREA";
    final String areas = "str:valueset:BIG:F:AREA:C_AREA";
    final String month = "str:field:BIG:F:MONTH";
    final String months = "str:valueset:BIG:F:MONTH:C_MONTH";
    final FakeSuperstar big = new FakeSuperstar()
        .node(FakeSuperstar.ROOT, db, "Big", "DATABASE")
        .node(db, area, "Area", "FIELD").node(area, areas, "Area", "VALUESET")
        .node(db, month, "Month", "FIELD").node(month, months, "Month", "VALUESET")
        .node(db, "str:count:BIG:F", "People", "COUNT");
    big.values(areas, values("A", 400));
    big.values(months, values("M", 251));
    try (big; Connection c = DriverManager.getConnection(big.jdbcUrl("k"))) {
      rows(c, "select * from big where 1 = 0");
      big.clearRequests();
      // A hash join reads one side whole before the other: both are the one answer of 100,400 cells.
      final List<List<Object>> count = rows(c, "with t as (select area_code, month_code, people from big)"
          + " select count(*) from t a join t b on a.area_code = b.area_code and a.month_code = b.month_code");
      assertEquals(List.of(List.of(400L * 251)), count);
      assertEquals(2, big.requestCount("/table"));
    }
  }

  @Test void aRecordAnswerReadTwiceIsSentOnce() throws SQLException {
    try (OdsEmulator ods = OdsEmulator.start();
         Connection c = DriverManager.getConnection("jdbc:statxplore:api=opendatasoft;url=" + ods.baseUrl())) {
      final String t = "select cou_name_en, count(*) as n from world_cities group by cou_name_en";
      final List<List<Object>> countries = rows(c, t);
      final long pairs = countries.stream().flatMap(a -> countries.stream()
          .filter(b -> ((Number) a.get(1)).longValue() < ((Number) b.get(1)).longValue())).count();
      ods.clearRequests();
      final List<List<Object>> rows = rows(c, "with t as (" + t + ") select a.cou_name_en, b.n from t a"
          + " join t b on a.n < b.n");
      assertEquals(pairs, rows.size());
      assertTrue(pairs > 1);
      assertEquals(1, ods.requests().size(), () -> ods.requests().toString());
    }
  }

  private static String[] values(String prefix, int n) {
    final String[] codesAndLabels = new String[2 * n];
    for (int i = 0; i < n; i++) {
      codesAndLabels[2 * i] = prefix + i;
      codesAndLabels[2 * i + 1] = prefix + " " + i;
    }
    return codesAndLabels;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    return rows.stream().sorted(Comparator.comparing(Object::toString)).toList();
  }
}
