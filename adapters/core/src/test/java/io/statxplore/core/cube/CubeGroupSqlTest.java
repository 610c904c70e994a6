package io.statxplore.core.cube;

import io.statxplore.core.testkit.SqlKit;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.core.cube.MemoryCube.REGIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GROUP BY an expression over one dimension's columns ({@code CASE}, an {@code IN}-list) through
 * the test kit over {@link MemoryCube} (a: 10·(region+1)+sex; by region N 21, S 41, E 61): the
 * items become groups the API aggregates, in one request, and each row shows the expression's
 * value for its group, with no figure computed by the driver. The values are Calcite's own: a
 * {@code CASE} of texts of several lengths pads them to the longest ({@code CHAR}).
 */
class CubeGroupSqlTest {
  private static final Item N = REGIONS.get(0);
  private static final Item S = REGIONS.get(1);
  private static final Item E = REGIONS.get(2);
  private static final String AREA = "CASE WHEN region_code IN ('N', 'S') THEN 'North or South' ELSE 'East' END";

  private static SqlKit<CubeQuery> kit(CubeCapabilities.Builder capabilities) {
    return SqlKit.over(new MemoryCube(capabilities.build()));
  }

  private static DimensionRequest dimension(CubeQuery q, String id) {
    return q.dimensions().stream().filter(d -> d.dimension().id().equals(id)).findFirst().orElseThrow();
  }

  @Test void aCaseOverOneFieldIsSentAsGroupsOfItsItems() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT " + AREA + " AS area, SUM(a) AS n FROM t GROUP BY " + AREA)
          .returnsUnordered("area=North or South; n=62.0", "area=East          ; n=61.0")
          .sentOnce(q -> {
            assertEquals(List.of(List.of(N, S), List.of(E)), dimension(q, "region").groups());
            assertFalse(dimension(q, "region").total());
            assertEquals(1, q.dimensions().size(), "only the grouped field");
          })
          .warns();
    }
  }

  @Test void aGroupedInListIsTwoGroupsTrueAndFalse() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT region_code IN ('N', 'E') AS ne, SUM(a) AS n FROM t GROUP BY region_code IN ('N', 'E')")
          .returnsUnordered("ne=true; n=82.0", "ne=false; n=41.0")
          .sentOnce(q -> assertEquals(List.of(List.of(N, E), List.of(S)), dimension(q, "region").groups()))
          .warns();
    }
  }

  @Test void aCaseWithoutElseGroupsTheRestUnderNullAndRollsUpWithTheApisTotals() throws SQLException {
    final String g = "CASE WHEN region = 'North' THEN 'N' END";
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT " + g + " AS g, sex_code, SUM(a) AS n FROM t WHERE region_code <> 'S'"
              + " GROUP BY ROLLUP(" + g + ", sex_code)")
          .returnsUnordered("g=N; sex_code=F; n=10.0", "g=N; sex_code=M; n=11.0", "g=N; sex_code=null; n=21.0",
              "g=null; sex_code=F; n=30.0", "g=null; sex_code=M; n=31.0", "g=null; sex_code=null; n=61.0",
              "g=null; sex_code=null; n=82.0")
          .sentOnce(q -> {
            final DimensionRequest region = dimension(q, "region");
            assertEquals(List.of(List.of(N), List.of(E)), region.groups(), "S filtered out, E the NULL group");
            assertTrue(region.total(), "the API's Total of the kept items");
          })
          .warns();
    }
  }

  @Test void twoExpressionsOverOneFieldGroupByTheirPairs() throws SQLException {
    final String first = "CASE WHEN region_code = 'N' THEN 'n' ELSE 'not n' END";
    final String second = "region_code IN ('N', 'S')";
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT " + first + " AS x, " + second + " AS y, SUM(a) AS n FROM t GROUP BY " + first + ", " + second)
          .returnsUnordered("x=n    ; y=true; n=21.0", "x=not n; y=true; n=41.0", "x=not n; y=false; n=61.0")
          .sentOnce(q -> assertEquals(List.of(List.of(N), List.of(S), List.of(E)), dimension(q, "region").groups()))
          .warns();
    }
  }

  @Test void theGroupsFollowTheStatementsParameters() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      final Connection c = kit.connection();
      try (PreparedStatement ps = c.prepareStatement("SELECT g, SUM(a) AS n FROM (SELECT CASE WHEN region_code = ?"
          + " THEN 'chosen' ELSE 'rest' END AS g, a FROM t) GROUP BY g")) {
        assertEquals(List.of("chosen=21.0", "rest=102.0"), rows(kit, ps, "N"));
        assertEquals(List.of(List.of(N), List.of(S, E)), dimension(kit.requests().get(0), "region").groups());
        assertEquals(List.of("chosen=61.0", "rest=62.0"), rows(kit, ps, "E"));
        assertEquals(List.of(List.of(N, S), List.of(E)), dimension(kit.requests().get(0), "region").groups());
      }
    }
  }

  private static List<String> rows(SqlKit<CubeQuery> kit, PreparedStatement ps, String value) throws SQLException {
    kit.clearRequests();
    ps.setString(1, value);
    final List<String> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(rs.getString(1).strip() + "=" + rs.getDouble(2));
      }
    }
    assertEquals(1, kit.requests().size(), "one request per execution");
    return rows.stream().sorted().toList();
  }

  @Test void anApiWithoutGroupsHasTheCaseComputedOverItsItemsWithAWarning() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().filters(CubeCapabilities.FilterShape.ITEM_SET))) {
      kit.query("SELECT " + AREA + " AS area, SUM(a) AS n FROM t GROUP BY " + AREA)
          .returnsUnordered("area=North or South; n=62.0", "area=East          ; n=61.0")
          .sentOnce(q -> assertNull(dimension(q, "region").groups(), "every item on its own"))
          .warns("An aggregate (SUM) of a was computed by the driver");
    }
  }

  @Test void anExpressionTheItemsCannotGiveIsSummedFromTheApisFiguresForItsField() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT CHAR_LENGTH(region) AS len, SUM(a) AS n FROM t WHERE sex_code = 'F'"
              + " GROUP BY CHAR_LENGTH(region)")
          .returnsUnordered("len=5; n=30.0", "len=4; n=30.0")
          .sentOnce(q -> {
            assertEquals(List.of("region", "sex"), q.dimensions().stream().map(d -> d.dimension().id()).toList());
            assertNull(dimension(q, "region").groups(), "the API's figure per region");
            assertEquals(1, q.groupKeys().size(), "an aggregate by region, not cells");
          })
          .warns("An aggregate (SUM) of a was computed by the driver from the API's figures for t by region");
    }
  }

  @Test void aRollupOfSuchAnExpressionAddsUpTheSameFiguresLocally() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT CHAR_LENGTH(region) AS len, GROUPING(CHAR_LENGTH(region)) AS g, SUM(a) AS n FROM t"
              + " GROUP BY ROLLUP(CHAR_LENGTH(region))")
          .returnsUnordered("len=5; g=0; n=62.0", "len=4; g=0; n=61.0", "len=null; g=1; n=123.0")
          .sentOnce(q -> {
            assertFalse(dimension(q, "region").total(), "no Total of the API: the rolled-up key is an expression");
            assertEquals(1, q.groupKeys().size());
          })
          .warns("from the API's figures for t by region");
    }
  }

  @Test void aCountOverAnExpressionStillCountsTheCells() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT CHAR_LENGTH(region) AS len, COUNT(*) AS cells FROM t GROUP BY CHAR_LENGTH(region)")
          .returnsUnordered("len=5; cells=4", "len=4; cells=2")
          .sentOnce(q -> assertTrue(q.groupKeys().isEmpty(), "cells at the finest grain"));
    }
  }

  @Test void aSumOfTheApisSumsInASubqueryIsWarnedOf() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT SUM(n) AS total FROM (SELECT region_code, SUM(a) AS n FROM t GROUP BY region_code)")
          .returnsUnordered("total=123.0")
          .sentOnce(q -> assertEquals(1, q.groupKeys().size()))
          .warns("An aggregate (SUM) of a was computed by the driver from the API's figures for t by region_code");
    }
  }

  @Test void anApiThatSortsLeavesTheOrderOfAGroupExpressionToCalcite() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().sorts(true))) {
      kit.query("SELECT " + AREA + " AS area, SUM(a) AS n FROM t GROUP BY " + AREA + " ORDER BY 1")
          .returnsOrdered("area=East          ; n=61.0", "area=North or South; n=62.0")
          .sentOnce(q -> {
            assertTrue(q.order().isEmpty(), "the API does not know the CASE's values");
            assertEquals(2, dimension(q, "region").groups().size());
          })
          .warns();
    }
  }
}
