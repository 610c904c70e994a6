package io.statxplore.superstar.sql;

import io.statxplore.superstar.FakeSuperstar;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.statxplore.core.testkit.SqlKit.message;
import static io.statxplore.core.testkit.SqlKit.sqlState;
import static io.statxplore.superstar.sql.SqlAssert.group;
import static io.statxplore.superstar.sql.SqlAssert.onlyTableRequest;
import static io.statxplore.superstar.sql.SqlAssert.request;
import static io.statxplore.superstar.sql.SqlAssert.row;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static io.statxplore.superstar.sql.SqlAssert.value;
import static io.statxplore.superstar.sql.UcServer.COUNT;
import static io.statxplore.superstar.sql.UcServer.COUNTRY_VS;
import static io.statxplore.superstar.sql.UcServer.GEO;
import static io.statxplore.superstar.sql.UcServer.MONTH;
import static io.statxplore.superstar.sql.UcServer.month;
import static io.statxplore.superstar.sql.UcServer.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plan shapes beyond the plain pushdown rules: how each ends, request by request. */
class PlanEdgeCasesTest extends UcServerTestBase {

  @Test void oneColumnOfLabels() throws SQLException {
    final List<List<Object>> rows = query("select month from uc_households group by month");
    assertEquals(List.of(row("May 2018"), row("June 2018"), row("July 2018"), row("August 2018")), rows);
    assertEquals(request(List.of(COUNT), List.of(MONTH)), onlyTableRequest(server));
  }

  @Test void oneColumnOfCells() throws SQLException {
    final List<List<Object>> rows = query("select " + N + " from uc_households where region = 'London'"
        + " and month_code = '201805' and family_type_code = '1'");
    assertEquals(1, rows.size());
    onlyTableRequest(server);
  }

  @Test void sumOverPushedSumsStaysTheSumOfTheCells() throws SQLException {
    try (Statement s = connection.createStatement()) {
      final List<List<Object>> rows = rows(s.executeQuery("select sum(n) from (select month, sum(" + N
          + ") as n from uc_households group by month)"));
      assertEquals(request(List.of(COUNT), List.of(MONTH)), onlyTableRequest(server));
      double sum = 0;
      for (String m : new String[] {"201805", "201806", "201807", "201808"}) {
        sum += value(COUNT, month(m));
      }
      assertEquals(List.of(row(sum)), rows);
    }
  }

  @Test void countStarOnATableWithTwoValueSets() throws SQLException {
    final List<List<Object>> rows = query("select count(*) from uc_households where month_code = '201805'");
    assertEquals(List.of(row(9L * 5)), rows);
    onlyTableRequest(server);
  }

  @Test void selectStarOnATableWithTwoValueSets() throws SQLException {
    final List<List<Object>> rows = query("select * from uc_households where month_code = '201805'");
    assertEquals(9 * 5, rows.size());
    onlyTableRequest(server);
  }

  @Test void distinctAggregateOfCellsWarns() throws SQLException {
    try (Statement s = connection.createStatement()) {
      rows(s.executeQuery("select month, sum(distinct " + N + ") from uc_households group by month"));
      assertTrue(!kit.warnings().isEmpty() && kit.warnings().get(0).contains("SUM"), "warning expected");
    }
  }

  @Test void avgOfMeansDistinctIsRefused() throws SQLException {
    final SQLException e = assertThrows(SQLException.class,
        () -> query("select month, avg(distinct mean_of_payment_amount) from uc_households group by month"));
    assertEquals("0A000", sqlState(e), () -> message(e));
  }

  @Test void boundedCastIsEvaluatedByCalciteNotAsAnItemMatch() throws SQLException {
    try (Statement s = connection.createStatement()) {
      final List<List<Object>> rows = rows(s.executeQuery("select region, sum(" + N + ") from uc_households"
          + " where cast(region as varchar(5)) = 'North' group by region"));
      assertEquals(List.of("North East", "North West"), rows.stream().map(r -> r.get(0)).sorted().toList());
      assertEquals(null, onlyTableRequest(server).get("recodes"));
      assertTrue(!kit.warnings().isEmpty(), "summed locally, so a warning");
    }
  }

  @Test void parametersArePushedWhenTheStatementRuns() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "select month, sum(" + N + ") from uc_households where region = ? group by month")) {
      for (String[] region : new String[][] {{"London", "E12000007"}, {"North East", "E12000001"}}) {
        ps.setString(1, region[0]);
        final List<List<Object>> rows = rows(ps.executeQuery());
        assertEquals(request(List.of(COUNT), List.of(MONTH, GEO), group(GEO, region(region[1]))),
            onlyTableRequest(server));
        assertEquals(row("May 2018", value(COUNT, month("201805"), region(region[1]))), rows.get(0));
        assertEquals(4, rows.size());
        server.clearRequests();
      }
      ps.setString(1, "Atlantis");
      assertEquals(List.of(), rows(ps.executeQuery()));
      assertEquals(0, server.requestCount("/table"));
    }
  }

  @Test void explainOfAParameterizedQuerySaysWhenTheRequestIsBuilt() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "explain plan for select sum(" + N + ") from uc_households where month_code in (?, ?)")) {
      ps.setString(1, "201805");
      ps.setString(2, "201806");
      final String plan = (String) rows(ps.executeQuery()).get(0).get(0);
      assertTrue(plan.contains("request=[built when the statement runs, from its parameters]"), plan);
    }
  }

  @Test void withinDistinctIsComputedByCalcite() throws SQLException {
    try (Statement s = connection.createStatement()) {
      rows(s.executeQuery("select month, sum(" + N + ") within distinct (region, family_type)"
          + " from uc_households group by month"));
      assertTrue(!kit.warnings().isEmpty(), "local aggregate of cells, so a warning");
      assertEquals(null, onlyTableRequest(server).get("recodes"));
    }
  }

  @Test void selectStarLeavesTheSecondClassificationNullAndSaysSo() throws SQLException {
    try (Statement s = connection.createStatement()) {
      final List<List<Object>> rows = rows(s.executeQuery(
          "select region, country, country_code, month from uc_households where month_code = '201805'"));
      assertEquals(9 * 5, rows.size());
      assertTrue(rows.stream().allMatch(r -> r.get(0) != null && r.get(1) == null && r.get(2) == null));
      assertTrue(kit.warnings().get(0).startsWith("Columns country (with their codes) are NULL"),
          kit.warnings()::toString);
    }
    server.clearRequests();
    final List<List<Object>> byCountry = query("select * from uc_households where country = 'Wales'");
    assertTrue(onlyTableRequest(server).get("dimensions").toString().contains(COUNTRY_VS));
    assertTrue(byCountry.stream().allMatch(r -> r.get(0) == null && "Wales".equals(r.get(2))), byCountry::toString);
  }

  @Test void aJoinReadingTheAnswerRepeatedlySendsTheRequestOnce() throws SQLException {
    final List<List<Object>> rows = query("select t.y, a.month from (values (1), (2), (3)) as t(y)"
        + " join (select month, sum(" + N + ") as n from uc_households group by month) a on a.n > t.y");
    assertEquals(3 * 4, rows.size());
    onlyTableRequest(server);
  }

  @Test void groupingByALabelThatTwoItemsShareIsRefused() throws SQLException {
    final String db = "str:database:LA";
    final String field = "str:field:LA:F_LA:LA_CODE";
    final String vs = "str:valueset:LA:F_LA:LA_CODE:C_LA";
    try (FakeSuperstar las = new FakeSuperstar()
             .node(FakeSuperstar.ROOT, db, "People by local authority", "DATABASE")
             .node(db, field, "Local Authority", "FIELD")
             .node(field, vs, "Local Authority", "VALUESET")
             .values(vs, "E06000001", "Hartlepool", "E08000021", "Newcastle", "E07000195", "Newcastle")
             .node(db, "str:count:LA:F_LA", "People", "COUNT");
         Connection c = SqlAssert.connect(las.baseUrl(), "k")) {
      final SQLException e = assertThrows(SQLException.class,
          () -> rows(c, "select local_authority, sum(people) from la group by local_authority"));
      assertEquals("0A000", sqlState(e));
      assertTrue(message(e).contains("E08000021 and E07000195") && message(e).contains("'Newcastle'"),
          () -> message(e));
      final List<List<Object>> rows = rows(c, "select local_authority, local_authority_code, sum(people)"
          + " from la group by local_authority, local_authority_code");
      assertEquals(List.of("E06000001", "E08000021", "E07000195"), rows.stream().map(r -> r.get(1)).toList());
      assertEquals(2, las.requestCount("/table"));
    }
  }

  @Test void aLimitWithoutOrderAsksOnlyForTheLeadingItems() throws SQLException {
    final List<List<Object>> all = query("select * from uc_households");
    server.clearRequests();
    final List<List<Object>> preview = query("select * from uc_households limit 7");
    assertEquals(all.subList(0, 7), preview);
    assertEquals(request(List.of(COUNT, UcServer.MEAN, UcServer.SUM), List.of(GEO, MONTH, UcServer.FAMILY),
        SqlAssert.each(GEO, false, region("E12000001")), SqlAssert.each(MONTH, false, month("201805"), month("201806"))),
        onlyTableRequest(server));
  }

  @Test void onlyTheLimitedRowsAreAPreview() throws SQLException {
    // The filter applies to the first 7 rows, which are all of May and June 2018.
    assertEquals(List.of(), query("select * from (select * from uc_households limit 7) where month_code = '201808'"));
    assertEquals(SqlAssert.each(MONTH, false, month("201805"), month("201806")).map().size(),
        onlyTableRequest(server).get("recodes").get(MONTH).get("map").size());
    server.clearRequests();
    query("select region, month from uc_households order by month limit 2");
    assertEquals(null, onlyTableRequest(server).get("recodes"));
  }

  @Test void setMaxRowsIsAPreviewToo() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setMaxRows(3);
      assertEquals(3, rows(s.executeQuery("select region, month, family_type from uc_households")).size());
    }
    assertEquals("[[\"" + region("E12000001") + "\"]]",
        onlyTableRequest(server).get("recodes").get(GEO).get("map").toString());
  }

  @Test void theSameSqlUnderAnotherRowLimitIsPlannedAgain() throws SQLException {
    final String sql = "select region, month, family_type from uc_households";
    for (int maxRows : new int[] {3, 0, 3}) {
      try (Statement s = connection.createStatement()) {
        s.setMaxRows(maxRows);
        assertEquals(maxRows == 0 ? 9 * 4 * 5 : 3, rows(s.executeQuery(sql)).size());
      }
      assertEquals(maxRows != 0, onlyTableRequest(server).has("recodes"), "preview only under a row limit");
      server.clearRequests();
    }
  }
}
