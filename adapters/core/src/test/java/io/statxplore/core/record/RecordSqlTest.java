package io.statxplore.core.record;

import io.statxplore.core.record.RecordAdapter.FilterSupport;
import io.statxplore.core.testkit.SqlKit;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record path's rules through the test kit over {@link MemoryRecords}: what the API declares
 * it computes is sent in the {@link RecordQuery}, the rest stays in Calcite, and the rows are the
 * same either way.
 */
class RecordSqlTest {
  private static final String BY_REGION = "SELECT region, SUM(amount) AS total FROM sales"
      + " WHERE \"year\" = 2021 GROUP BY region";
  private static final String[] BY_REGION_ROWS = {"region=North; total=20", "region=South; total=40",
      "region=East; total=60"};

  @Test void aFilteredGroupingIsOneRequestWhereTheApiComputesIt() throws SQLException {
    try (SqlKit<RecordQuery> kit = SqlKit.over(new MemoryRecords(FilterSupport.EXACT, true, true))) {
      kit.query(BY_REGION).returnsUnordered(BY_REGION_ROWS).sentOnce(q -> {
        assertEquals(new Pred.Compare(MemoryRecords.YEAR, Pred.Op.EQ, 2021L), q.filter());
        assertEquals(List.of(MemoryRecords.REGION), q.groupKeys());
        assertEquals(List.of(Agg.Function.SUM), q.aggregates().stream().map(Agg::function).toList());
      }).explainContains("memory RecordQuery");
    }
  }

  @Test void whatTheApiDoesNotComputeStaysInCalcite() throws SQLException {
    try (SqlKit<RecordQuery> kit = SqlKit.over(new MemoryRecords(FilterSupport.NONE, false, false))) {
      kit.query(BY_REGION).returnsUnordered(BY_REGION_ROWS).sentOnce(q -> {
        assertNull(q.filter(), "every row");
        assertFalse(q.isAggregated(), "rows, grouped by Calcite");
      }).warns();
    }
  }

  @Test void aLooseFilterIsSentAndCheckedAgain() throws SQLException {
    try (SqlKit<RecordQuery> kit = SqlKit.over(new MemoryRecords(FilterSupport.LOOSE, true, true))) {
      kit.query(BY_REGION).returnsUnordered(BY_REGION_ROWS)
          .sentOnce(q -> {
            assertEquals(new Pred.Compare(MemoryRecords.YEAR, Pred.Op.EQ, 2021L), q.filter());
            assertFalse(q.isAggregated(), "grouped above the filter Calcite keeps");
          })
          .explainContains("EnumerableAggregate", "condition=");
    }
  }

  private static List<String> tableNames(SqlKit<?> kit) throws SQLException {
    final List<String> names = new java.util.ArrayList<>();
    try (java.sql.ResultSet rs = kit.connection().getMetaData().getTables(null, SqlKit.SCHEMA, "%", null)) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }

  @Test void aTableTheAdapterDoesNotListIsFoundByNameThenListed() throws SQLException {
    try (SqlKit<RecordQuery> kit = SqlKit.over(new MemoryRecords(FilterSupport.EXACT, true, true))) {
      assertEquals(List.of("sales"), tableNames(kit));
      kit.query("SELECT region, amount FROM Sales_Again WHERE amount > 40")
          .returnsUnordered("region=East; amount=50", "region=East; amount=60")
          .sentOnce(q -> assertEquals(new Pred.Compare(MemoryRecords.AMOUNT, Pred.Op.GT, 40L), q.filter()));
      kit.query("SELECT COUNT(*) AS n FROM s.SALES_AGAIN").returnsUnordered("n=6");
      assertEquals(List.of("sales", "sales_again"), tableNames(kit).stream().sorted().toList());
      final SQLException x = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> kit.connection().createStatement().executeQuery("SELECT * FROM sales_2019"));
      assertTrue(x.getMessage().contains("Object 'sales_2019' not found"), x.getMessage());
    }
  }

  @Test void orderAndPageArePushedWhereTheApiSorts() throws SQLException {
    final String sql = "SELECT region, amount FROM sales ORDER BY amount DESC LIMIT 2 OFFSET 1";
    try (SqlKit<RecordQuery> kit = SqlKit.over(new MemoryRecords(FilterSupport.EXACT, true, true))) {
      kit.query(sql).returnsOrdered("region=East; amount=50", "region=South; amount=40").sentOnce(q -> {
        assertEquals(List.of(new RecordQuery.SortKey(1, true)), q.order());
        assertEquals(1, q.offset());
        assertEquals(2L, q.fetch());
      });
    }
    try (SqlKit<RecordQuery> kit = SqlKit.over(new MemoryRecords(FilterSupport.EXACT, true, false))) {
      kit.query(sql).returnsOrdered("region=East; amount=50", "region=South; amount=40")
          .sentOnce(q -> assertFalse(q.isSortedOrLimited(), "every row, sorted and paged by Calcite"))
          .explainContains("EnumerableLimit");
    }
  }

  @Test void anAggregateTheApiDoesNotComputeIsComputedFromItsRows() throws SQLException {
    try (SqlKit<RecordQuery> kit = SqlKit.over(new MemoryRecords(FilterSupport.EXACT, true, true))) {
      kit.query("SELECT region, AVG(amount) AS mean FROM sales GROUP BY region")
          .returnsUnordered("region=North; mean=15", "region=South; mean=35", "region=East; mean=55")
          .sentOnce(q -> assertTrue(q.aggregates() == null || q.aggregates().stream()
              .noneMatch(a -> a.function() == Agg.Function.AVG), "no AVG asked of the API"));
    }
  }
}
