package io.statxplore.core.cube;

import io.statxplore.core.engine.LocalAggregation;
import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.testkit.SqlKit;

import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a cube adapter declares changes what the rules push and how the runner sends it: SQL over
 * {@link MemoryCube} with one capability switched per test, the rows and the requests checked.
 */
class CubeCapabilitiesTest {
  /** The rows of {@code sql}, each as its values joined by commas, sorted. */
  private static List<String> rows(MemoryCube cube, String sql) throws SQLException {
    final List<String> rows = new ArrayList<>();
    try (SqlKit<CubeQuery> kit = SqlKit.over(cube); Statement s = kit.connection().createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final List<String> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join(",", values));
      }
    }
    return rows.stream().sorted().toList();
  }

  private static String explain(MemoryCube cube, String sql) throws SQLException {
    try (SqlKit<CubeQuery> kit = SqlKit.over(cube); Statement s = kit.connection().createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> measures(CubeQuery q) {
    return q.measures().stream().map(MeasureMeta::id).toList();
  }

  private static boolean anyTotal(CubeQuery q) {
    return q.dimensions().stream().anyMatch(DimensionRequest::total);
  }

  @Test void oneMeasurePerRequestSendsOneRequestPerMeasureJoinedOnTheItems() throws SQLException {
    final MemoryCube cube = new MemoryCube(CubeCapabilities.builder().measuresPerRequest(1).build());
    assertEquals(List.of("E,61.0,304.0", "N,21.0,300.0", "S,41.0,302.0"),
        rows(cube, "SELECT region_code, SUM(a), SUM(b) FROM t GROUP BY region_code"));
    assertEquals(Set.of(List.of("a"), List.of("b")), cube.requests.stream().map(CubeCapabilitiesTest::measures)
        .collect(Collectors.toSet()));
    assertEquals(2, cube.requests.size());
    for (CubeQuery q : cube.requests) {
      assertEquals(List.of("region"), q.dimensions().stream().map(d -> d.dimension().id()).toList());
      assertEquals(1, q.groupKeys().size(), "the API's aggregate");
    }

    final MemoryCube totals = new MemoryCube(CubeCapabilities.builder().measuresPerRequest(1).build());
    assertEquals(List.of("E,61.0,304.0,0", "N,21.0,300.0,0", "S,41.0,302.0,0", "null,123.0,906.0,1"),
        rows(totals, "SELECT region_code, SUM(a), SUM(b), GROUPING(region_code) FROM t GROUP BY ROLLUP(region_code)"));
    assertEquals(2, totals.requests.size());
    assertTrue(totals.requests.stream().allMatch(CubeCapabilitiesTest::anyTotal), "native Totals in each part");
  }

  @Test void aCellOneMeasuresAnswerRepeatsIsABrokenAnswer() {
    final MemoryCube cube = new MemoryCube(CubeCapabilities.builder().measuresPerRequest(1).build());
    // Each answer has as many cells as its items make; the second for measure b repeats one and lacks another.
    cube.tamper = cells -> cube.requests.size() == 1 ? List.of(cells.get(0), cells.get(0), cells.get(2)) : cells;
    final SQLException e = assertThrows(SQLException.class,
        () -> rows(cube, "SELECT region_code, SUM(a), SUM(b) FROM t GROUP BY region_code"));
    final ApiException api = ApiException.find(e);
    assertNotNull(api, e::toString);
    assertEquals(ApiErrorKind.BAD_RESPONSE, api.kind());
    assertEquals("The memory API answered the cell (N) of table t twice", api.getMessage());
  }

  @Test void withoutTotalsARollupIsNotPushed() throws SQLException {
    final String sql = "SELECT region_code, SUM(a) FROM t GROUP BY ROLLUP(region_code)";
    final MemoryCube cube = new MemoryCube(CubeCapabilities.builder().totals(CubeCapabilities.Totals.NONE).build());
    assertEquals(List.of("E,61.0", "N,21.0", "S,41.0", "null,123.0"), rows(cube, sql));
    assertEquals(1, cube.requests.size());
    final CubeQuery sent = cube.requests.get(0);
    assertFalse(anyTotal(sent));
    assertTrue(sent.groupKeys().isEmpty(), "cells at the finest grain, summed by Calcite");
    assertTrue(explain(cube, sql).contains("An aggregate (SUM) of a was computed by the driver"));

    final MemoryCube native_ = new MemoryCube(CubeCapabilities.builder().totals(CubeCapabilities.Totals.NATIVE).build());
    assertEquals(rows(cube, sql), rows(native_, sql));
    assertTrue(anyTotal(native_.requests.get(0)));
  }

  @Test void totalsBySeparateRequestsAskOnePartPerRolledUpSet() throws SQLException {
    final String sql = "SELECT region_code, sex_code, SUM(a), GROUPING(region_code, sex_code) FROM t"
        + " GROUP BY ROLLUP(region_code, sex_code)";
    final MemoryCube separate = new MemoryCube(CubeCapabilities.builder().totals(CubeCapabilities.Totals.SEPARATE_REQUEST).build());
    final MemoryCube native_ = new MemoryCube(CubeCapabilities.builder().totals(CubeCapabilities.Totals.NATIVE).build());
    final List<String> rows = rows(separate, sql);
    assertEquals(rows(native_, sql), rows);
    assertEquals(10, rows.size());
    assertTrue(rows.contains("null,null,123.0,3") && rows.contains("N,null,21.0,1"), rows::toString);
    assertEquals(1, native_.requests.size());
    assertEquals(3, separate.requests.size(), "the cells, the region subtotals, the grand total");
    assertTrue(separate.requests.stream().noneMatch(CubeCapabilitiesTest::anyTotal));
    // Each part collapses the rolled-up dimensions into one group of all their items.
    assertEquals(List.of(List.of(1, 1), List.of(3, 1), List.of(3, 2)), separate.requests.stream()
        .map(q -> q.dimensions().stream().map(d -> d.groupsOrAll().size()).toList())
        .sorted(Comparator.comparing(Object::toString)).toList());
  }

  @Test void exactFiguresAreSummedWithoutWarningPerturbedOnesWithOneAndNeverRefuses() throws SQLException {
    final String sql = "SELECT region_code, SUM(a) FROM t WHERE a > 10 GROUP BY region_code";
    final MemoryCube exact = new MemoryCube(CubeCapabilities.builder().localAggregation(
        new LocalAggregation(LocalAggregation.Mode.EXACT, "The memory API's figures are exact")).build());
    assertEquals(List.of("E,61.0", "N,11.0", "S,41.0"), rows(exact, sql));
    final String exactPlan = explain(exact, sql);
    assertFalse(exactPlan.contains("warnings=") || exactPlan.contains("refused="), exactPlan);

    final MemoryCube perturbed = new MemoryCube(CubeCapabilities.builder().localAggregation(LocalAggregation.PERTURBED).build());
    final String perturbedPlan = explain(perturbed, sql);
    assertTrue(perturbedPlan.contains("The API perturbs each cell for disclosure control, so this figure may differ"
        + " from the API's own"), perturbedPlan);

    final MemoryCube never = new MemoryCube(CubeCapabilities.builder().localAggregation(
        new LocalAggregation(LocalAggregation.Mode.NEVER, "The memory API's terms forbid adding its figures")).build());
    final String neverPlan = explain(never, sql);
    assertTrue(neverPlan.contains("refused=[An aggregate (SUM) of a would have to be computed by the driver from the"
        + " cells of t at its finest grain, because the query cannot be sent to the API as one aggregate, and the"
        + " memory API's terms forbid adding its figures."), neverPlan);
    final SQLException e = assertThrows(SQLException.class, () -> rows(never, sql));
    assertEquals(ApiErrorKind.UNSUPPORTED_QUERY, ApiException.find(e).kind());
    assertTrue(never.requests.isEmpty(), "refused before any request");
  }

  @Test void anAggregateTheApiDoesNotComputeIsSummedLocally() throws SQLException {
    final String sql = "SELECT region_code, SUM(a) FROM t GROUP BY region_code";
    final MemoryCube cube = new MemoryCube(CubeCapabilities.builder().aggregate(MeasureFunction.COUNT, null).build());
    assertEquals(List.of("E,61.0", "N,21.0", "S,41.0"), rows(cube, sql));
    assertTrue(cube.requests.get(0).groupKeys().isEmpty(), "cells, not the API's aggregate");
    assertTrue(explain(cube, sql).contains("warnings="));
    final MemoryCube sums = new MemoryCube(CubeCapabilities.builder().build());
    rows(sums, sql);
    assertEquals(1, sums.requests.get(0).groupKeys().size());
  }

  @Test void filtersOfAShapeTheApiDoesNotTakeStayInCalcite() throws SQLException {
    final CubeCapabilities single = CubeCapabilities.builder().filters(CubeCapabilities.FilterShape.SINGLE_ITEM,
        CubeCapabilities.FilterShape.GROUPED_ITEMS).build();
    final MemoryCube set = new MemoryCube(single);
    assertEquals(List.of("F,30.0", "M,32.0"),
        rows(set, "SELECT sex_code, SUM(a) FROM t WHERE region_code IN ('N', 'S') GROUP BY sex_code"));
    final DimensionRequest region = set.requests.get(0).dimensions().get(0);
    assertEquals("region", region.dimension().id());
    assertNull(region.groups(), "no item set sent");

    final MemoryCube one = new MemoryCube(single);
    assertEquals(List.of("F,10.0", "M,11.0"),
        rows(one, "SELECT sex_code, SUM(a) FROM t WHERE region_code = 'N' GROUP BY sex_code"));
    final CubeQuery sent = one.requests.get(0);
    assertEquals(List.of(List.of(MemoryCube.REGIONS.get(0))), sent.dimensions().get(1).groups());
    assertEquals(1, sent.groupKeys().size(), "the aggregate too");

    final MemoryCube noComplement = new MemoryCube(CubeCapabilities.builder().filters(CubeCapabilities.FilterShape.ITEM_SET,
        CubeCapabilities.FilterShape.GROUPED_ITEMS).build());
    assertEquals(List.of("F,50.0", "M,52.0"),
        rows(noComplement, "SELECT sex_code, SUM(a) FROM t WHERE region_code <> 'N' GROUP BY sex_code"));
    assertTrue(noComplement.requests.get(0).dimensions().stream().allMatch(d -> d.groups() == null));
  }

  @Test void anApiThatSortsAndPagesIsAskedForTheOrderedPage() throws SQLException {
    final String sql = "SELECT region_code, SUM(a) AS s FROM t GROUP BY region_code ORDER BY s DESC LIMIT 2";
    final MemoryCube cube = new MemoryCube(CubeCapabilities.builder().sorts(true).pages(true).build());
    final List<String> ordered = new ArrayList<>();
    try (SqlKit<CubeQuery> kit = SqlKit.over(cube); Statement s = kit.connection().createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ordered.add(rs.getString(1) + "," + rs.getDouble(2));
      }
    }
    assertEquals(List.of("E,61.0", "S,41.0"), ordered);
    final CubeQuery sent = cube.requests.get(0);
    assertEquals(List.of(new CubeQuery.SortKey(1, true)), sent.order());
    assertEquals(2L, sent.fetch());
    assertEquals(0, sent.offset());

    final MemoryCube plain = new MemoryCube(CubeCapabilities.builder().build());
    rows(plain, sql);
    assertFalse(plain.requests.get(0).isOrderedOrPaged(), "an API that neither sorts nor pages gets all groups");
  }
}
