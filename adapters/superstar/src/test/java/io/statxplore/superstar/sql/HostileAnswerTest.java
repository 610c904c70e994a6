package io.statxplore.superstar.sql;

import io.statxplore.core.spi.RequestLimits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

import static io.statxplore.core.testkit.SqlKit.message;
import static io.statxplore.core.testkit.SqlKit.sqlState;
import static io.statxplore.superstar.sql.SqlAssert.limits;
import static io.statxplore.superstar.sql.SqlAssert.each;
import static io.statxplore.superstar.sql.SqlAssert.group;
import static io.statxplore.superstar.sql.SqlAssert.onlyTableRequest;
import static io.statxplore.superstar.sql.SqlAssert.request;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static io.statxplore.superstar.sql.UcServer.COUNT;
import static io.statxplore.superstar.sql.UcServer.GEO;
import static io.statxplore.superstar.sql.UcServer.MONTH;
import static io.statxplore.superstar.sql.UcServer.month;
import static io.statxplore.superstar.sql.UcServer.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * A server whose answer is not the one asked for (it ignores recodes, drops or adds a Total,
 * answers other items) gives no rows: each answer is checked against its request (08P01).
 */
class HostileAnswerTest extends UcServerTestBase {
  @AfterEach void honest() {
    server.answerAs(UnaryOperator.identity());
  }

  private SQLException fails(String sql) {
    final SQLException e = assertThrows(SQLException.class, () -> query(sql));
    assertEquals("08P01", sqlState(e), () -> message(e));
    return e;
  }

  private static void assertMessage(SQLException e, String expected) {
    assertTrue(message(e).startsWith(expected), () -> message(e));
  }

  /** The query a server answers when it ignores the recodes. */
  private static JsonNode withoutRecodes(JsonNode query) {
    ((ObjectNode) query).remove("recodes");
    return query;
  }

  /** The query with each recode's {@code total} set to {@code total}. */
  private static UnaryOperator<JsonNode> totals(boolean total) {
    return query -> {
      query.path("recodes").forEach(r -> ((ObjectNode) r).put("total", total));
      return query;
    };
  }

  @Test void aFilterTheServerIgnoresGivesNoRows() throws SQLException {
    server.answerAs(HostileAnswerTest::withoutRecodes);
    final SQLException grouped = fails("select region, sum(" + N + ") from uc_households"
        + " where region = 'North East' group by region");
    // Counted as the items arrive: the second is one too many.
    assertMessage(grouped, "SuperSTAR API at localhost answered more items for field Region of table uc_households"
        + " than the request asked for: 1 (North East)");
    assertEquals(request(List.of(COUNT), List.of(GEO), each(GEO, false, region("E12000001"))),
        onlyTableRequest(server));
    server.clearRequests();
    // Filtered, not grouped: one group of the selected items, which the server gave apart.
    final SQLException total = fails("select sum(" + N + ") from uc_households where region in ('North East', 'London')");
    assertMessage(total, "SuperSTAR API at localhost answered more items for field Region of table uc_households"
        + " than the request asked for: 1 (North East; London)");
    assertEquals(request(List.of(COUNT), List.of(GEO), group(GEO, region("E12000001"), region("E12000007"))),
        onlyTableRequest(server));
  }

  @Test void aTotalTheServerDropsOrAddsGivesNoRows() throws SQLException {
    server.answerAs(totals(false));
    assertMessage(fails("select month, sum(" + N + ") from uc_households group by rollup(month)"),
        "SuperSTAR API at localhost answered no Total item for field Month of table uc_households, which the"
            + " request asked for");
    onlyTableRequest(server);
    server.clearRequests();
    final String june = "select month, sum(" + N + ") from uc_households where month_code = '201806' group by month";
    server.answerAs(totals(true));
    assertMessage(fails(june), "SuperSTAR API at localhost answered more items for field Month of table"
        + " uc_households than the request asked for: 1 (June 2018)");
    // A Total in place of the item asked for.
    server.answerAs(query -> {
      ((ArrayNode) query.path("recodes").path(MONTH).path("map")).removeAll();
      return totals(true).apply(query);
    });
    assertMessage(fails(june), "SuperSTAR API at localhost answered a Total item for field Month of table"
        + " uc_households, which the request did not ask for");
  }

  @Test void itemsTheRequestDidNotAskForGiveNoRows() throws SQLException {
    // The server answers the next month instead of the one asked for.
    server.answerAs(query -> {
      final ArrayNode map = (ArrayNode) query.path("recodes").path(MONTH).path("map");
      map.removeAll();
      map.addArray().add(month("201807"));
      return query;
    });
    assertMessage(fails("select month, sum(" + N + ") from uc_households where month_code = '201806' group by month"),
        "SuperSTAR API at localhost answered item 'July 2018' (201807) for field Month of table uc_households,"
            + " which the request did not ask for; it asked for 1 (June 2018)");
    // The server leaves out one of the months asked for.
    server.answerAs(query -> {
      ((ArrayNode) query.path("recodes").path(MONTH).path("map")).remove(0);
      return query;
    });
    assertMessage(fails("select month, sum(" + N + ") from uc_households where month_code in ('201805', '201806')"
        + " group by month"), "SuperSTAR API at localhost answered 1 item for field Month of table uc_households"
        + " where the request asked for 2 (May 2018, June 2018)");
  }

  @Test void eachPartOfASplitQueryIsChecked() throws SQLException {
    try (Connection c = SqlAssert.connect(server.baseUrl(), "k", limits(10, RequestLimits.DEFAULT.parallelism()))) {
      // Filters fetch the item lists, so the query below is split before it is sent.
      rows(c, "select count(*) from uc_households where month_code = '201806' and region_code = 'E12000001'"
          + " and family_type_code = '1'");
      server.clearRequests();
      final String sql = "select region, month, sum(" + N + ") from uc_households group by rollup(region, month)";
      final List<List<Object>> honest = rows(c, sql);
      assertEquals(9 * 4 + 9 + 1, honest.size());
      final int parts = server.tableBodies().size();
      assertTrue(parts > 2, parts + " parts");
      server.clearRequests();
      // A server that ignores recodes answers each part, and the Totals' own part, with every item.
      server.answerAs(HostileAnswerTest::withoutRecodes);
      final SQLException e = assertThrows(SQLException.class, () -> rows(c, sql));
      assertEquals("08P01", sqlState(e), () -> message(e));
      assertTrue(message(e).matches("SuperSTAR API at localhost answered more items for field (Region|Month)"
          + " of table uc_households than the request asked for: \\d+ .*"), () -> message(e));
    }
  }
}
