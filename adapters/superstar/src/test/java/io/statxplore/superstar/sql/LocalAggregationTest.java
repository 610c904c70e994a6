package io.statxplore.superstar.sql;

import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.statxplore.core.testkit.SqlKit.message;
import static io.statxplore.core.testkit.SqlKit.sqlState;
import static io.statxplore.superstar.sql.SqlAssert.onlyTableRequest;
import static io.statxplore.superstar.sql.SqlAssert.request;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static io.statxplore.superstar.sql.SqlAssert.value;
import static io.statxplore.superstar.sql.UcServer.COUNT;
import static io.statxplore.superstar.sql.UcServer.FAMILY;
import static io.statxplore.superstar.sql.UcServer.GEO;
import static io.statxplore.superstar.sql.UcServer.MONTH;
import static io.statxplore.superstar.sql.UcServer.family;
import static io.statxplore.superstar.sql.UcServer.month;
import static io.statxplore.superstar.sql.UcServer.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the driver does when an aggregate cannot go to the API: additive measures are summed
 * from the finest-grain cells with a warning; non-additive ones are refused.
 */
class LocalAggregationTest extends UcServerTestBase {
  private static final String[] MONTHS = {"201805", "201806", "201807", "201808"};
  private static final String[] FAMILIES = {"1", "2", "3", "4", "99"};

  @Test void aFilterOnAMeasureSumsCellsLocallyWithAWarning() throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("select region, sum(" + N + ") from uc_households"
             + " where " + N + " > 50000 and region = 'London' group by region")) {
      final List<List<Object>> rows = rows(rs);
      double expected = 0;
      for (String m : MONTHS) {
        for (String f : FAMILIES) {
          final double cell = value(COUNT, region("E12000007"), month(m), family(f));
          expected += cell > 50000 ? cell : 0;
        }
      }
      assertEquals(List.of(List.of("London", expected)), rows);
      assertWarns(kit.warnings());
    }
    assertEquals(request(List.of(COUNT), List.of(GEO, MONTH, FAMILY), SqlAssert.each(GEO, false, region("E12000007"))),
        onlyTableRequest(server));
  }

  @Test void anExpressionOverAMeasureWarnsToo() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("select sum(" + N + " * 2) from uc_households")) {
      assertWarns(kit.warnings());
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
      }
    }
  }

  @Test void countMinAndMaxOfCellsNeedNoWarning() throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("select count(*), min(" + N + "), max(" + N + ") from uc_households")) {
      assertTrue(rs.next());
      assertEquals(9 * 4 * 5, rs.getLong(1));
      assertEquals(List.of(), kit.warnings());
    }
  }

  @Test void aMeanCannotBeReaggregated() throws SQLException {
    for (String sql : List.of(
        "select region, sum(mean_of_payment_amount) from uc_households group by region",
        "select avg(mean_of_payment_amount) from uc_households where " + N + " > 10",
        "select month, avg(mean_of_payment_amount / 2) from uc_households group by month")) {
      final SQLException e = assertThrows(SQLException.class, () -> rows(connection, sql), sql);
      assertEquals("0A000", sqlState(e), sql);
      assertTrue(message(e).contains("mean_of_payment_amount")
          && message(e).contains("GROUP BY dimension columns only"), () -> message(e));
    }
    assertEquals(0, server.requestCount("/table"));
  }

  @Test void explainShowsTheWarningAndTheRefusal() throws SQLException {
    final String warned = (String) rows(connection, "explain plan for select sum(" + N + " * 2) from uc_households")
        .get(0).get(0);
    assertTrue(warned.contains("warnings=[[An aggregate (SUM) of " + N + " was computed by the driver"), warned);
    final String refused = (String) rows(connection,
        "explain plan for select sum(mean_of_payment_amount) from uc_households").get(0).get(0);
    assertTrue(refused.contains("refused=[mean_of_payment_amount cannot be aggregated by the driver"), refused);
  }

  private static void assertWarns(List<String> warnings) {
    assertEquals(1, warnings.size(), "expected a warning");
    final String warning = warnings.get(0);
    assertTrue(warning.contains("An aggregate (SUM) of " + N + " was computed by the driver from the cells")
        && warning.contains("may differ from the API's own"), warning);
  }
}
