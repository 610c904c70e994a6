package io.statxplore.cubes;

import io.statxplore.core.record.Agg;
import io.statxplore.core.record.RecordQuery;
import io.statxplore.core.testkit.SqlKit;
import io.statxplore.cubes.emulator.CubesEmulator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The cubes adapter through the test kit's checks: the {@link RecordQuery} the engine asks of the
 * adapter, the request EXPLAIN shows, the rows, and a failure's SQLState as the driver reports it.
 */
class CubesKitTest {
  @Test void aCutDrilldownWithTheModelsAggregatesIsOneRecordQuery() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().flavors(CubesEmulator.Flavor.BABBAGE).start();
        SqlKit<Object> kit = SqlKit.open(new CubesAdapterFactory(), e.baseUrl()).set("flavor", "babbage").kit()) {
      final double uki2010 = e.datasets().get("ukgov-finances-cra").entries().stream()
          .filter(x -> x.values().get("region.name").equals("UKI") && x.values().get("time.year").equals(2010L))
          .mapToDouble(x -> x.amount()).sum();
      final String sql = "select time_year, sum(amount) as spent from ukgov_finances_cra"
          + " where region_name = 'UKI' and time_year in (2009, 2010) group by time_year order by time_year desc";
      kit.query(sql)
          .explainContains("GET /api/3/cubes/ukgov-finances-cra/aggregate?cut=time.year:2009;2010|region.name:\"UKI\""
              + "&drilldown=time.year&aggregates=amount.sum&order=time.year:desc&page=1&pagesize=10000");
      kit.clearRequests();
      final List<String> rows = kit.query(sql)
          .sentOnce(q -> {
            final RecordQuery r = assertInstanceOf(RecordQuery.class, q);
            assertEquals(List.of("time_year"), r.groupKeys().stream().map(c -> c.name()).toList());
            assertEquals(Agg.Function.SUM, r.aggregates().get(0).function());
            assertEquals(2, r.conjuncts().size());
          }).rows();
      assertEquals("time_year=2010; spent=" + uki2010, rows.get(0));
      assertEquals(2, rows.size());
    }
  }

  @Test void aWrongKeyFailsWith28000() throws Exception {
    try (CubesEmulator e = CubesEmulator.builder().apiKey("right").start();
        SqlKit<Object> kit = SqlKit.open(new CubesAdapterFactory(), e.baseUrl()).set("flavor", "cubes")
            .key("wrong").retries(0).kit()) {
      kit.query("select count(*) from ukgov_finances_cra").fails("28000", "Invalid API key");
    }
  }
}
