package io.statxplore.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the driver reports a plan's warnings (what the engine says about a locally computed
 * aggregate): on the statement, its result set and a prepared statement before it runs, as
 * SQLState 01000, until cleared; a pushed query has none. What is warned about is tested with
 * the adapters' SQL (e.g. SuperSTAR's {@code LocalAggregationTest}).
 */
class StatementWarningsTest extends DriverUcServerTestBase {
  private static final String LOCAL_SUM = "select sum(" + N + " * 2) from uc_households";

  @Test void aPlanWarningReachesTheStatementAndItsResultSetUntilCleared() throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(LOCAL_SUM)) {
      assertTrue(rs.next());
      assertWarns(s.getWarnings());
      assertWarns(rs.getWarnings());
      s.clearWarnings();
      assertNull(s.getWarnings());
    }
  }

  @Test void aPreparedStatementWarnsBeforeItRuns() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(LOCAL_SUM)) {
      assertWarns(ps.getWarnings());
    }
  }

  @Test void aPushedQueryHasNoWarnings() throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("select month, sum(" + N + ") from uc_households group by month")) {
      assertEquals(4, rows(rs).size());
      assertNull(s.getWarnings());
      assertNull(rs.getWarnings());
    }
  }

  private static void assertWarns(SQLWarning warning) {
    assertNotNull(warning, "expected a warning");
    assertEquals("01000", warning.getSQLState());
    assertTrue(warning.getMessage().contains("An aggregate (SUM) of " + N + " was computed by the driver from the cells")
        && warning.getMessage().contains("may differ from the API's own"), warning::getMessage);
    assertNull(warning.getNextWarning(), "one warning");
  }
}
