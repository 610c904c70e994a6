package io.statxplore.superstar.sql;

import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.core.testkit.SqlKit.message;
import static io.statxplore.core.testkit.SqlKit.sqlState;
import static io.statxplore.superstar.sql.SqlAssert.each;
import static io.statxplore.superstar.sql.SqlAssert.group;
import static io.statxplore.superstar.sql.SqlAssert.onlyTableRequest;
import static io.statxplore.superstar.sql.SqlAssert.request;
import static io.statxplore.superstar.sql.SqlAssert.row;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static io.statxplore.superstar.sql.SqlAssert.value;
import static io.statxplore.superstar.sql.UcServer.COUNT;
import static io.statxplore.superstar.sql.UcServer.COUNTRY_VS;
import static io.statxplore.superstar.sql.UcServer.FAMILY;
import static io.statxplore.superstar.sql.UcServer.GEO;
import static io.statxplore.superstar.sql.UcServer.MEAN;
import static io.statxplore.superstar.sql.UcServer.MONTH;
import static io.statxplore.superstar.sql.UcServer.SUM;
import static io.statxplore.superstar.sql.UcServer.family;
import static io.statxplore.superstar.sql.UcServer.month;
import static io.statxplore.superstar.sql.UcServer.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per pushdown rule (DESIGN §3): the exact {@code /table} body sent, that it is the
 * only {@code /table} request, and the rows, which must be the server's own cell values.
 */
class PushdownTest extends UcServerTestBase {
  private static final String[] MONTHS = {"201805", "201806", "201807", "201808"};
  private static final String[] MONTH_LABELS = {"May 2018", "June 2018", "July 2018", "August 2018"};
  private static final String[] FAMILIES = {"1", "2", "3", "4", "99"};
  private static final String[] REGIONS = {"E12000001", "E12000002", "E12000003", "E12000004",
      "E12000005", "E12000006", "E12000007", "E12000008", "E12000009"};

  private static String[] uris(java.util.function.Function<String, String> uri, String... codes) {
    return java.util.Arrays.stream(codes).map(uri).toArray(String[]::new);
  }

  @Test void groupByBecomesDimensions() throws SQLException {
    final List<List<Object>> rows = query("select month, sum(" + N + ") as n from uc_households group by month");
    assertEquals(request(List.of(COUNT), List.of(MONTH)), onlyTableRequest(server));
    final List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < MONTHS.length; i++) {
      expected.add(row(MONTH_LABELS[i], value(COUNT, month(MONTHS[i]))));
    }
    assertEquals(expected, rows);
  }

  @Test void groupByCodeColumnAsksForTheSameDimension() throws SQLException {
    final List<List<Object>> rows = query("select month_code, sum(" + N + ") from uc_households group by month_code");
    assertEquals(request(List.of(COUNT), List.of(MONTH)), onlyTableRequest(server));
    assertEquals(row("201805", value(COUNT, month("201805"))), rows.get(0));
    assertEquals(4, rows.size());
  }

  @Test void equalsOnAFieldNotGroupedBecomesOneGroupedItem() throws SQLException {
    final List<List<Object>> rows =
        query("select month, sum(" + N + ") from uc_households where region = 'London' group by month");
    assertEquals(request(List.of(COUNT), List.of(MONTH, GEO), group(GEO, region("E12000007"))),
        onlyTableRequest(server));
    assertEquals(row("May 2018", value(COUNT, month("201805"), region("E12000007"))), rows.get(0));
    assertEquals(4, rows.size());
  }

  @Test void inListBecomesOneGroupOfTheItems() throws SQLException {
    final List<List<Object>> rows = query("select month, sum(" + N + ") from uc_households"
        + " where region in ('London', 'North East') group by month");
    assertEquals(request(List.of(COUNT), List.of(MONTH, GEO), group(GEO, region("E12000001"), region("E12000007"))),
        onlyTableRequest(server));
    assertEquals(row("July 2018", value(COUNT, month("201807"), region("E12000001") + "+" + region("E12000007"))),
        rows.get(2));
  }

  @Test void aCaseOverOneFieldIsOneRecodeOfItsGroups() throws SQLException {
    final String area = "case when region in ('London', 'North East') then 'A' when region_code = 'E12000008'"
        + " then 'B' else 'C' end";
    final List<List<Object>> rows = query("select " + area + " as area, sum(" + N + ") as n from uc_households"
        + " where region <> 'South West' group by rollup(" + area + ")");
    final String[] rest = uris(UcServer::region, "E12000002", "E12000003", "E12000004", "E12000005", "E12000006");
    assertEquals(request(List.of(COUNT), List.of(GEO), new SqlAssert.Recode(GEO, List.of(
        List.of(region("E12000001"), region("E12000007")), List.of(rest), List.of(region("E12000008"))), true)),
        onlyTableRequest(server));
    assertEquals(List.of(row("A", value(COUNT, region("E12000001") + "+" + region("E12000007"))),
        row("C", value(COUNT, String.join("+", rest))), row("B", value(COUNT, region("E12000008"))),
        row(null, value(COUNT, "TOTAL"))), rows);
  }

  @Test void orOfLabelAndCodeOnOneFieldIsOneRecode() throws SQLException {
    query("select month, sum(" + N + ") from uc_households"
        + " where region = 'London' or region_code = 'E12000001' group by month");
    assertEquals(request(List.of(COUNT), List.of(MONTH, GEO), group(GEO, region("E12000001"), region("E12000007"))),
        onlyTableRequest(server));
  }

  @Test void notEqualsSendsTheComplement() throws SQLException {
    final List<List<Object>> rows = query("select family_type, sum(" + N + ") from uc_households"
        + " where family_type <> 'Unknown or missing family type' group by family_type");
    assertEquals(request(List.of(COUNT), List.of(FAMILY), each(FAMILY, false, uris(UcServer::family, "1", "2", "3", "4"))),
        onlyTableRequest(server));
    assertEquals(row("Couple, with children", value(COUNT, family("4"))), rows.get(3));
    assertEquals(4, rows.size());
  }

  @Test void notInOnCodesSendsTheComplement() throws SQLException {
    final List<List<Object>> rows = query("select month, sum(" + N + ") from uc_households"
        + " where month_code not in ('201805', '201806') group by month");
    assertEquals(request(List.of(COUNT), List.of(MONTH), each(MONTH, false, month("201807"), month("201808"))),
        onlyTableRequest(server));
    assertEquals(List.of(row("July 2018", value(COUNT, month("201807"))),
        row("August 2018", value(COUNT, month("201808")))), rows);
  }

  @Test void likeAndRangesAreEvaluatedAgainstTheItemList() throws SQLException {
    query("select sum(" + N + ") from uc_households where region like 'North%' and month_code >= '201807'");
    assertEquals(request(List.of(COUNT), List.of(GEO, MONTH),
        group(GEO, region("E12000001"), region("E12000002")), group(MONTH, month("201807"), month("201808"))),
        onlyTableRequest(server));
  }

  @Test void caseInsensitiveMatchingIsPushedToo() throws SQLException {
    query("select sum(" + N + ") from uc_households where upper(region) = 'LONDON' or lower(region) = 'south east'");
    assertEquals(request(List.of(COUNT), List.of(GEO), group(GEO, region("E12000007"), region("E12000008"))),
        onlyTableRequest(server));
  }

  @Test void sumOfASumStatisticAsksForIt() throws SQLException {
    final List<List<Object>> rows =
        query("select family_type_code, sum(sum_of_payment_amount) from uc_households group by family_type_code");
    assertEquals(request(List.of(SUM), List.of(FAMILY)), onlyTableRequest(server));
    assertEquals(row("99", value(SUM, family("99"))), rows.get(4));
  }

  @Test void avgOfAMeanAsksForTheMean() throws SQLException {
    final List<List<Object>> rows =
        query("select region, avg(mean_of_payment_amount) from uc_households group by region");
    assertEquals(request(List.of(MEAN), List.of(GEO)), onlyTableRequest(server));
    assertEquals(row("London", value(MEAN, region("E12000007"))), rows.get(6));
    assertEquals(9, rows.size());
  }

  @Test void severalMeasuresInOneRequest() throws SQLException {
    final List<List<Object>> rows = query("select month, avg(mean_of_payment_amount) as mean_pay,"
        + " sum(" + N + ") as households from uc_households group by month");
    assertEquals(request(List.of(MEAN, COUNT), List.of(MONTH)), onlyTableRequest(server));
    assertEquals(row("June 2018", value(MEAN, month("201806")), value(COUNT, month("201806"))), rows.get(1));
  }

  @Test void globalAggregateIsOneGroupOfAllItems() throws SQLException {
    final List<List<Object>> rows = query("select sum(" + N + ") from uc_households");
    assertEquals(request(List.of(COUNT), List.of(GEO), group(GEO, uris(UcServer::region, REGIONS))),
        onlyTableRequest(server));
    assertEquals(List.of(row(value(COUNT, String.join("+", uris(UcServer::region, REGIONS))))), rows);
  }

  @Test void rollupAsksForTheTotalAndShowsNull() throws SQLException {
    final List<List<Object>> rows =
        query("select region, sum(" + N + ") from uc_households group by rollup(region)");
    assertEquals(request(List.of(COUNT), List.of(GEO), each(GEO, true, uris(UcServer::region, REGIONS))),
        onlyTableRequest(server));
    assertEquals(10, rows.size());
    assertEquals(row("North East", value(COUNT, region("E12000001"))), rows.get(0));
    // The Total row carries the server's own figure, not a sum of the regions.
    assertEquals(row(null, value(COUNT, "TOTAL")), rows.get(9));
    final double sum = rows.subList(0, 9).stream().mapToDouble(r -> (Double) r.get(1)).sum();
    assertNotEquals(value(COUNT, "TOTAL"), sum);
  }

  @Test void cubeWithGroupingGivesEveryCombinationOfTotals() throws SQLException {
    final List<List<Object>> rows = query("select month, family_type_code, grouping(month, family_type_code) as g,"
        + " sum(" + N + ") from uc_households group by cube(month, family_type_code)");
    assertEquals(request(List.of(COUNT), List.of(MONTH, FAMILY),
        each(MONTH, true, uris(UcServer::month, MONTHS)), each(FAMILY, true, uris(UcServer::family, FAMILIES))),
        onlyTableRequest(server));
    assertEquals(4 * 5 + 4 + 5 + 1, rows.size());
    assertTrue(rows.containsAll(List.of(
        row("May 2018", "1", 0L, value(COUNT, month("201805"), family("1"))),
        row("May 2018", null, 1L, value(COUNT, month("201805"), "TOTAL")),
        row(null, "99", 2L, value(COUNT, "TOTAL", family("99"))),
        row(null, null, 3L, value(COUNT, "TOTAL", "TOTAL")))), rows::toString);
  }

  @Test void groupingSetsKeepOnlyTheirCombinations() throws SQLException {
    final List<List<Object>> rows = query("select month, family_type, sum(" + N + ") from uc_households"
        + " group by grouping sets ((month), (family_type))");
    assertEquals(request(List.of(COUNT), List.of(MONTH, FAMILY),
        each(MONTH, true, uris(UcServer::month, MONTHS)), each(FAMILY, true, uris(UcServer::family, FAMILIES))),
        onlyTableRequest(server));
    assertEquals(4 + 5, rows.size());
    assertTrue(rows.containsAll(List.of(row("August 2018", null, value(COUNT, month("201808"), "TOTAL")),
        row(null, "Couple, no children", value(COUNT, "TOTAL", family("3"))))), rows::toString);
  }

  @Test void cellsAtTheFinestGrainWithFilters() throws SQLException {
    final List<List<Object>> rows = query("select region, month, family_type, " + N + " from uc_households"
        + " where region = 'London' and month_code = '201805'");
    assertEquals(request(List.of(COUNT), List.of(GEO, MONTH, FAMILY),
        each(GEO, false, region("E12000007")), each(MONTH, false, month("201805"))), onlyTableRequest(server));
    assertEquals(5, rows.size());
    assertEquals(row("London", "May 2018", "Single, no children",
        value(COUNT, region("E12000007"), month("201805"), family("1"))), rows.get(0));
  }

  @Test void aSecondValueSetIsAskedForByItsUri() throws SQLException {
    final List<List<Object>> rows = query("select country, sum(" + N + ") from uc_households group by country");
    assertEquals(request(List.of(COUNT), List.of(COUNTRY_VS)), onlyTableRequest(server));
    assertEquals(List.of("England", "Wales"), rows.stream().map(r -> r.get(0)).toList());
  }

  @Test void twoValueSetsOfOneFieldCannotBeCombined() throws SQLException {
    final SQLException e = assertThrows(SQLException.class,
        () -> query("select region, country, sum(" + N + ") from uc_households group by region, country"));
    assertTrue(message(e).contains("region and country") && message(e).contains("same field"), () -> message(e));
    assertEquals("0A000", sqlState(e));
    assertEquals(0, server.requestCount("/table"));
  }

  @Test void aFilterThatSelectsNothingSendsNoRequest() throws SQLException {
    assertEquals(List.of(), query("select month, sum(" + N + ") from uc_households where region = 'Atlantis' group by month"));
    assertEquals(List.of(row((Object) null)), query("select sum(" + N + ") from uc_households where region = 'Atlantis'"));
    assertEquals(0, server.requestCount("/table"));
  }

  @Test void orderLimitAndHavingRunOverTheOneRequest() throws SQLException {
    final List<List<Object>> rows = query("select region, sum(" + N + ") as n from uc_households"
        + " group by region having sum(" + N + ") > 0 order by n desc limit 3");
    assertEquals(request(List.of(COUNT), List.of(GEO)), onlyTableRequest(server));
    assertEquals(3, rows.size());
    assertTrue((Double) rows.get(0).get(1) >= (Double) rows.get(1).get(1));
  }

  @Test void explainShowsTheRequestWithoutSendingIt() throws SQLException {
    final List<List<Object>> plan = query("explain plan for select month, sum(" + N + ")"
        + " from uc_households where region in ('London', 'North East') group by month");
    final String text = (String) plan.get(0).get(0);
    assertTrue(text.contains("CubeToEnumerable"), text);
    assertTrue(text.contains(
        "{\"database\":\"str:database:UC_Households\",\"measures\":[\"" + COUNT + "\"],\"recodes\":{\"" + GEO
            + "\":{\"map\":[[\"" + region("E12000001") + "\",\"" + region("E12000007") + "\"]],\"total\":false}},"
            + "\"dimensions\":[[\"" + MONTH + "\"],[\"" + GEO + "\"]]}"), text);
    assertEquals(0, server.requestCount("/table"));
  }

  @Test void preparedStatementSendsOneRequestPerExecution() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("select month, sum(" + N + ") from uc_households group by month")) {
      for (int i = 0; i < 3; i++) {
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(4, rows(rs).size());
        }
      }
    }
    assertEquals(3, server.requestCount("/table"));
    assertEquals(request(List.of(COUNT), List.of(MONTH)), server.tableBodies().get(2));
  }

  @Test void pushedQueriesHaveNoWarnings() throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("select month, sum(" + N + ") from uc_households group by month")) {
      rows(rs);
      assertEquals(List.of(), kit.warnings());
    }
  }

  @Test void requestsCarryTheKeyAndJsonContentType() throws SQLException {
    query("select month, sum(" + N + ") from uc_households group by month");
    final var request = server.requests().get(0);
    assertEquals("POST", request.getMethod());
    assertEquals("test-key", request.getHeaders().get("APIKey"));
    assertTrue(request.getHeaders().get("Content-Type").startsWith("application/json"));
    assertNull(request.getHeaders().get("Accept-Language"));
  }
}
