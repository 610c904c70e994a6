package io.statxplore.superstar.sql;

import io.statxplore.core.http.ApiClient;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.statxplore.core.testkit.SqlKit.message;
import static io.statxplore.core.testkit.SqlKit.sqlState;
import static io.statxplore.superstar.sql.SqlAssert.limits;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queries whose answers exceed the cell limit are split into parts; the rows equal those of one
 * unsplit request to a server without the limit, Totals included (never summed from parts).
 */
class SplitTest {
  private static final String BY_CONSTITUENCY_AND_MONTH = "select westminster_parliamentary_constituencies_code,"
      + " month_code, sum(people_on_universal_credit) from uc_monthly"
      + " group by westminster_parliamentary_constituencies_code, month_code";
  private static final String ROLLUP = "select westminster_parliamentary_constituencies_code, gender,"
      + " sum(people_on_universal_credit) from uc_monthly where month_code = '201904'"
      + " group by rollup(westminster_parliamentary_constituencies_code), gender";

  private static SuperstarEmulator unlimited;
  private static SuperstarEmulator limited;

  @BeforeAll static void start() {
    unlimited = SuperstarEmulator.start();
    limited = SuperstarEmulator.builder().cellLimit(300).start();
  }

  @AfterAll static void stop() {
    unlimited.close();
    limited.close();
  }

  private static List<List<Object>> expected(String sql) throws SQLException {
    try (Connection c = SqlAssert.connect(unlimited.baseUrl(), null)) {
      return sorted(rows(c, sql));
    }
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    return rows.stream().sorted(Comparator.comparing(Object::toString)).toList();
  }

  @Test void theApisCellLimitErrorMakesTheDriverSplit() throws SQLException {
    limited.resetRequests();
    try (Connection c = SqlAssert.connect(limited.baseUrl(), null)) {
      final List<List<Object>> rows = rows(c, BY_CONSTITUENCY_AND_MONTH);
      assertEquals(expected(BY_CONSTITUENCY_AND_MONTH), sorted(rows));
      assertTrue(limited.requestCount("/table") > 6, limited.requestCount("/table") + " requests");
    }
    assertEquals(0, ApiClient.callsInFlight());
  }

  @Test void aKnownCellCountIsSplitBeforeSending() throws SQLException {
    try (Connection c = SqlAssert.connect(limited.baseUrl(), null, limits(300, 3))) {
      // Filtering on both fields fetches their item lists, so the next query's size is known.
      rows(c, "select sum(people_on_universal_credit) from uc_monthly where month_code = '201805'"
          + " and westminster_parliamentary_constituencies_code = 'E14000919'");
      limited.resetRequests();
      final List<List<Object>> expected = expected(BY_CONSTITUENCY_AND_MONTH);
      assertEquals(expected, sorted(rows(c, BY_CONSTITUENCY_AND_MONTH)));
      // Split along the constituencies: as many as fit 300 cells with all their months per part.
      final long constituencies = expected.stream().map(r -> r.get(0)).distinct().count();
      final long months = expected.stream().map(r -> r.get(1)).distinct().count();
      final long perPart = 300 / months;
      assertEquals((constituencies + perPart - 1) / perPart, limited.requestCount("/table"),
          "parts of at most 300 cells, none refused");
      assertTrue(limited.requests().stream().noneMatch(r -> r.path().equals("/schema")));
    }
  }

  @Test void parallelismBoundsTheOpenRequestsTheOneBeingReadIncluded() throws SQLException {
    final List<List<Object>> expected = expected(BY_CONSTITUENCY_AND_MONTH);
    for (int parallelism : new int[] {1, 3}) {
      try (Connection c = SqlAssert.connect(limited.baseUrl(), null, limits(300, parallelism))) {
        rows(c, "select sum(people_on_universal_credit) from uc_monthly where month_code = '201805'"
            + " and westminster_parliamentary_constituencies_code = 'E14000919'");
        limited.faults().delay(Duration.ofMillis(30));
        limited.resetRequests();
        int most = 0;
        final List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BY_CONSTITUENCY_AND_MONTH)) {
          while (rs.next()) {
            most = Math.max(most, ApiClient.callsInFlight());
            rows.add(List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3)));
          }
        } finally {
          limited.faults().clear();
        }
        assertEquals(expected, sorted(rows));
        assertTrue(limited.requestCount("/table") > 6, limited.requestCount("/table") + " parts");
        assertEquals(parallelism, most, "requests open at once with parallelism " + parallelism);
      }
    }
    assertEquals(0, ApiClient.callsInFlight());
  }

  @Test void aGatewayTimeoutIsSplitInHalvesInsteadOfRetried() throws SQLException {
    final List<List<Object>> expected = expected(BY_CONSTITUENCY_AND_MONTH);
    final String oneCell = "select sum(people_on_universal_credit) from uc_monthly where month_code = '201805'"
        + " and westminster_parliamentary_constituencies_code = 'E14000919'";
    final List<List<Object>> single = expected(oneCell);
    // One part at a time, so that the faults meet the requests in a known order.
    try (Connection c = SqlAssert.connect(unlimited.baseUrl(), null, limits(RequestLimits.DEFAULT.maxCellsPerRequest(), 1))) {
      unlimited.resetRequests();
      // The whole query, its first half and that half's first half time out at the gateway.
      unlimited.faults().failNext(3, 504);
      assertEquals(expected, sorted(rows(c, BY_CONSTITUENCY_AND_MONTH)));
      assertEquals(7, unlimited.requestCount("/table"));
      // Constituencies asked for by each request, depth first: all (no recode), the first half, its
      // first half, that one's halves (they pass), the first half's second half, the second half.
      final long n = expected.stream().map(r -> r.get(0)).distinct().count();
      final long half = (n + 1) / 2;
      final long quarter = (half + 1) / 2;
      final List<Long> asked = unlimited.requests().stream().filter(r -> r.path().equals("/table"))
          .map(r -> (long) r.body().split("PARLC_CODE:V_C_MASTERGEOG11_PARLC_TO_REGION:", -1).length - 1)
          .toList();
      assertEquals(List.of(0L, half, quarter, (quarter + 1) / 2, quarter / 2, half - quarter, n - half), asked);

      // One cell cannot be split: a 504 is retried as before.
      unlimited.resetRequests();
      unlimited.faults().failNext(1, 504);
      assertEquals(single, rows(c, oneCell));
      assertEquals(2, unlimited.requestCount("/table"));
    } finally {
      unlimited.faults().clear();
    }
    assertEquals(0, ApiClient.callsInFlight());
  }

  @Test void totalsOfASplitDimensionComeFromTheirOwnRequest() throws SQLException {
    try (Connection c = SqlAssert.connect(limited.baseUrl(), null, limits(100, RequestLimits.DEFAULT.parallelism()))) {
      final List<List<Object>> rows = rows(c, ROLLUP);
      assertEquals(expected(ROLLUP), sorted(rows));
      assertTrue(rows.stream().anyMatch(r -> r.get(0) == null), "Total rows are there");
    }
  }

  @Test void aQueryAboveMaxCellsIsRefusedWithItsSize() throws SQLException {
    try (Connection c = SqlAssert.connect(unlimited.baseUrl(), null, new RequestLimits(500, RequestLimits.DEFAULT.parallelism(), 1000))) {
      rows(c, "select sum(people_on_universal_credit) from uc_monthly where month_code = '201805'"
          + " and westminster_parliamentary_constituencies_code = 'E14000919'");
      final long cells = expected(BY_CONSTITUENCY_AND_MONTH).size();
      unlimited.resetRequests();
      final SQLException e = assertThrows(SQLException.class, () -> rows(c, BY_CONSTITUENCY_AND_MONTH));
      assertEquals("54000", sqlState(e));
      assertTrue(message(e).startsWith("The answer would have " + cells + " cells, " + (cells + 499) / 500
          + " requests of at most 500 cells") && message(e).contains("maxCells"), () -> message(e));
      assertEquals(0, unlimited.requestCount("/table"));
    }
  }

  /**
   * Rows closed early leave no call behind: the parts fetched ahead are aborted at once, not left
   * waiting for a slow server (each answer here takes 3 s).
   */
  @Test void closingTheRowsAbortsThePartsFetchedAhead() throws Exception {
    try (Connection c = SqlAssert.connect(limited.baseUrl(), null, limits(300, 4))) {
      rows(c, "select sum(people_on_universal_credit) from uc_monthly where month_code = '201805'"
          + " and westminster_parliamentary_constituencies_code = 'E14000919'");
      limited.faults().delay(Duration.ofSeconds(3));
      try (Statement s = c.createStatement()) {
        final ResultSet rs = s.executeQuery(BY_CONSTITUENCY_AND_MONTH);
        // Past the first part (at most 300 cells): the fifth part is now asked for, 3 s away.
        for (int i = 0; i < 301; i++) {
          assertTrue(rs.next());
        }
        assertTrue(ApiClient.callsInFlight() > 0, "parts are in flight");
        rs.close();
        final long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (ApiClient.callsInFlight() > 0 && System.nanoTime() < end) {
          Thread.sleep(10);
        }
        assertEquals(0, ApiClient.callsInFlight(), "calls left in flight after the rows were closed");
      }
    } finally {
      limited.faults().clear();
    }
  }
}
