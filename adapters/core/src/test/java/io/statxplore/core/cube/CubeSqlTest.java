package io.statxplore.core.cube;

import io.statxplore.core.engine.LocalAggregation;
import io.statxplore.core.testkit.SqlKit;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cube path's rules through the test kit over {@link MemoryCube} (a: 10·(region+1)+sex,
 * b: 100·(sex+1)+region): grouped, filtered, totalled and paged SQL, capabilities switched per
 * test, each test checking the rows and the {@link CubeQuery}s sent.
 */
class CubeSqlTest {
  private static final String BY_REGION = "SELECT region_code, SUM(a) AS n FROM t GROUP BY region_code";
  private static final String ROLLUP = "SELECT region_code, SUM(a) AS n FROM t GROUP BY ROLLUP(region_code)";
  private static final String[] BY_REGION_ROWS = {"region_code=N; n=21.0", "region_code=S; n=41.0",
      "region_code=E; n=61.0"};

  private static SqlKit<CubeQuery> kit(CubeCapabilities.Builder capabilities) {
    return SqlKit.over(new MemoryCube(capabilities.build()));
  }

  private static DimensionRequest dimension(CubeQuery q, String id) {
    return q.dimensions().stream().filter(d -> d.dimension().id().equals(id)).findFirst().orElseThrow();
  }

  private static List<String> ids(List<DimensionRequest> dimensions) {
    return dimensions.stream().map(d -> d.dimension().id()).toList();
  }

  @Test void aGroupByIsOneRequestForTheApisAggregate() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query(BY_REGION).returnsUnordered(BY_REGION_ROWS).sentOnce(q -> {
        assertEquals(List.of("region"), ids(q.dimensions()));
        assertEquals(List.of("a"), q.measures().stream().map(MeasureMeta::id).toList());
        assertEquals(1, q.groupKeys().size(), "the API's aggregate");
        assertFalse(dimension(q, "region").total());
      }).warns();
    }
  }

  @Test void anItemSetFilterIsSentAsOneGroupOfItsItems() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query("SELECT sex_code, SUM(a) AS n FROM t WHERE region_code IN ('N', 'S') GROUP BY sex_code")
          .returnsUnordered("sex_code=F; n=30.0", "sex_code=M; n=32.0")
          .sentOnce(q -> {
            assertEquals(List.of(List.of(MemoryCube.REGIONS.get(0), MemoryCube.REGIONS.get(1))),
                dimension(q, "region").groups());
            assertNull(dimension(q, "sex").groups(), "every sex");
          });
    }
  }

  @Test void nativeTotalsAreAskedInTheRequest() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().totals(CubeCapabilities.Totals.NATIVE))) {
      kit.query(ROLLUP).returnsUnordered(rollupRows())
          .sentOnce(q -> assertTrue(dimension(q, "region").total(), "Total asked of the API"))
          .warns();
    }
  }

  @Test void separateTotalsAreAskedAsACollapsedRequest() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().totals(CubeCapabilities.Totals.SEPARATE_REQUEST))) {
      kit.query(ROLLUP).returnsUnordered(rollupRows()).requestCount(2).sent(qs -> {
        assertTrue(qs.stream().noneMatch(q -> dimension(q, "region").total()), "no Total asked");
        assertEquals(List.of(1, 3), qs.stream().map(q -> dimension(q, "region").groupsOrAll().size()).sorted()
            .toList(), "the regions, and one group of all of them");
      }).warns();
    }
  }

  @Test void withoutTotalsTheRollupIsSummedLocallyWithAWarning() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().totals(CubeCapabilities.Totals.NONE))) {
      kit.query(ROLLUP).returnsUnordered(rollupRows())
          .sentOnce(q -> {
            assertFalse(dimension(q, "region").total());
            assertTrue(q.groupKeys().isEmpty(), "cells at the finest grain");
            assertEquals(List.of("region", "sex"), ids(q.dimensions()).stream().sorted().toList());
          })
          .warns("An aggregate (SUM) of a was computed by the driver")
          .explainContains("warnings=");
    }
  }

  private static String[] rollupRows() {
    final String[] rows = new String[BY_REGION_ROWS.length + 1];
    System.arraycopy(BY_REGION_ROWS, 0, rows, 0, BY_REGION_ROWS.length);
    rows[BY_REGION_ROWS.length] = "region_code=null; n=123.0";
    return rows;
  }

  @Test void orderAndPageArePushedToAnApiThatSortsAndPages() throws SQLException {
    final String sql = BY_REGION + " ORDER BY n DESC LIMIT 2 OFFSET 1";
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().sorts(true).pages(true))) {
      kit.query(sql).returnsOrdered("region_code=S; n=41.0", "region_code=N; n=21.0").sentOnce(q -> {
        assertEquals(List.of(new CubeQuery.SortKey(1, true)), q.order());
        assertEquals(1, q.offset());
        assertEquals(2L, q.fetch());
      });
    }
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder())) {
      kit.query(sql).returnsOrdered("region_code=S; n=41.0", "region_code=N; n=21.0")
          .sentOnce(q -> assertFalse(q.isOrderedOrPaged(), "every group, sorted and paged by Calcite"))
          .explainContains("EnumerableLimit");
    }
  }

  @Test void oneMeasurePerRequestSplitsByMeasureAndJoinsOnTheItems() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().measuresPerRequest(1))) {
      kit.query("SELECT region_code, SUM(a) AS a, SUM(b) AS b FROM t GROUP BY region_code")
          .returnsUnordered("region_code=N; a=21.0; b=300.0", "region_code=S; a=41.0; b=302.0",
              "region_code=E; a=61.0; b=304.0")
          .requestCount(2)
          .sent(qs -> {
            assertEquals(List.of(List.of("a"), List.of("b")), qs.stream()
                .map(q -> q.measures().stream().map(MeasureMeta::id).toList())
                .sorted((x, y) -> x.toString().compareTo(y.toString())).toList());
            assertTrue(qs.stream().allMatch(q -> ids(q.dimensions()).equals(List.of("region"))));
          });
    }
  }

  /** A local sum of cells: a mean of them would be refused by the perturbed policy, see {@link CubeCapabilitiesTest}. */
  private static final String LOCAL_SUM = "SELECT region_code, SUM(a) AS n FROM t WHERE a > 10 GROUP BY region_code";
  private static final String[] LOCAL_SUM_ROWS = {"region_code=N; n=11.0", "region_code=S; n=41.0",
      "region_code=E; n=61.0"};

  @Test void perturbedFiguresAreSummedLocallyWithAWarning() throws SQLException {
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().localAggregation(LocalAggregation.PERTURBED))) {
      kit.query(LOCAL_SUM).returnsUnordered(LOCAL_SUM_ROWS)
          .sentOnce(q -> assertTrue(q.groupKeys().isEmpty(), "cells, filtered and summed by Calcite"))
          .warns("The API perturbs each cell for disclosure control, so this figure may differ from the API's own");
    }
  }

  @Test void exactFiguresAreSummedLocallyWithoutWarning() throws SQLException {
    final LocalAggregation exact = new LocalAggregation(LocalAggregation.Mode.EXACT, "The memory API's figures are exact");
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().localAggregation(exact))) {
      kit.query(LOCAL_SUM).returnsUnordered(LOCAL_SUM_ROWS)
          .sentOnce(q -> assertTrue(q.groupKeys().isEmpty()))
          .warns();
    }
  }

  @Test void neverMeansRefusedInTheAdaptersWordsBeforeAnyRequest() throws SQLException {
    final LocalAggregation never = new LocalAggregation(LocalAggregation.Mode.NEVER,
        "The memory API's terms forbid adding its figures");
    try (SqlKit<CubeQuery> kit = kit(CubeCapabilities.builder().localAggregation(never))) {
      kit.query(LOCAL_SUM)
          .fails("0A000", "An aggregate (SUM) of a would have to be computed by the driver from the cells of t at"
              + " its finest grain, because the query cannot be sent to the API as one aggregate, and the memory API's terms forbid"
              + " adding its figures.")
          .requestCount(0);
      kit.query(BY_REGION).returnsUnordered(BY_REGION_ROWS).requestCount(1).warns();
    }
  }
}
