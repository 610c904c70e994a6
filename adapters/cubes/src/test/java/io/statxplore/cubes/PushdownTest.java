package io.statxplore.cubes;

import io.statxplore.cubes.emulator.CubesEmulator;
import io.statxplore.cubes.emulator.CubesEmulator.Flavor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exact request each pushdown rule sends, per flavor, and the rows it gives against the
 * emulator (checked against the same SQL computed locally from the flavor's entries).
 */
class PushdownTest {
  private static final String T = "cubes.ukgov_finances_cra";
  private static final String V2 = "/api/2/aggregate?dataset=ukgov-finances-cra";
  private static final String BAB = "/api/3/cubes/ukgov-finances-cra/aggregate?";
  private static final String CUB = "/cube/ukgov-finances-cra/aggregate?";

  private static CubesEmulator emulator;
  private static final Map<Flavor, CubesSql> SQL = new EnumMap<>(Flavor.class);
  private static Reference reference;

  @BeforeAll static void start() throws Exception {
    emulator = CubesEmulator.builder().pageCap(1000).start();
    reference = new Reference(emulator.datasets().get("ukgov-finances-cra"));
    for (Flavor f : Flavor.values()) {
      SQL.put(f, new CubesSql(emulator.baseUrl(), CubesSql.flavorSetting(f), null));
      SQL.get(f).rows("SELECT COUNT(*) FROM " + T);
    }
  }

  @AfterAll static void stop() throws Exception {
    for (CubesSql s : SQL.values()) {
      s.close();
    }
    reference.close();
    emulator.close();
  }

  /** Runs {@code sql} in {@code flavor}, checks its rows against the reference and returns what it sent. */
  private static List<String> sent(Flavor flavor, String sql) throws Exception {
    emulator.clearRequests();
    final List<List<Object>> rows = SQL.get(flavor).rows(sql);
    final boolean ordered = sql.contains("ORDER BY");
    assertEquals(DifferentialTest.normalize(reference.sql.rows(sql.replace(T, "ref.t")), ordered),
        DifferentialTest.normalize(rows, ordered), sql);
    final List<String> out = new ArrayList<>();
    emulator.requests().forEach(r -> out.add(r.path() + (r.query().isEmpty() ? "" : "?" + r.query())));
    return out;
  }

  private static void check(String sql, String v2, String babbage, String cubes) throws Exception {
    assertEquals(List.of(v2), sent(Flavor.V2, sql), "v2: " + sql);
    assertEquals(List.of(babbage), sent(Flavor.BABBAGE, sql), "babbage: " + sql);
    assertEquals(List.of(cubes), sent(Flavor.CUBES, sql), "cubes: " + sql);
  }

  @Test void sumOfTheWholeCube() throws Exception {
    check("SELECT SUM(amount) FROM " + T, V2, BAB + "aggregates=amount.sum|_count",
        CUB + "aggregates=amount_sum|record_count");
  }

  @Test void groupByIsADrilldownAndCountStar() throws Exception {
    check("SELECT time_year, COUNT(*) FROM " + T + " GROUP BY time_year",
        V2 + "&drilldown=time.year&page=1&pagesize=10000",
        BAB + "drilldown=time.year&aggregates=_count&page=1&pagesize=10000",
        CUB + "drilldown=time&aggregates=record_count&page=0&pagesize=10000");
  }

  @Test void equalityIsACut() throws Exception {
    check("SELECT SUM(amount) FROM " + T + " WHERE region_name = 'UKI'", V2 + "&cut=region.name:UKI",
        BAB + "cut=region.name:\"UKI\"&aggregates=amount.sum|_count",
        CUB + "aggregates=amount_sum|record_count&cut=region:UKI");
  }

  @Test void inIsASetCut() throws Exception {
    check("SELECT SUM(amount) FROM " + T + " WHERE time_year IN (2006, 2009)",
        V2 + "&cut=time.year:2006|time.year:2009", BAB + "cut=time.year:2006;2009&aggregates=amount.sum|_count",
        CUB + "aggregates=amount_sum|record_count&cut=time:2006;2009");
  }

  @Test void conditionsOnTwoAttributesAreTwoCuts() throws Exception {
    check("SELECT SUM(amount) FROM " + T + " WHERE time_year = 2010 AND to_name = 'lg'",
        V2 + "&cut=time.year:2010|to.name:lg", BAB + "cut=time.year:2010|to.name:\"lg\"&aggregates=amount.sum|_count",
        CUB + "aggregates=amount_sum|record_count&cut=time:2010|to:lg");
  }

  @Test void twoConditionsOnOneAttributeAreIntersectedIntoOneCut() throws Exception {
    // The APIs read two cuts on one attribute as OR: the adapter sends the values both allow.
    check("SELECT SUM(amount) FROM " + T + " WHERE time_year IN (2006, 2007, 2008) AND time_year IN (2008, 2009)",
        V2 + "&cut=time.year:2008", BAB + "cut=time.year:2008&aggregates=amount.sum|_count",
        CUB + "aggregates=amount_sum|record_count&cut=time:2008");
  }

  @Test void contradictoryConditionsSendNothing() throws Exception {
    for (Flavor f : Flavor.values()) {
      assertEquals(List.of(), sent(f, "SELECT COUNT(*), SUM(amount) FROM " + T
          + " WHERE region_name = 'UKC' AND region_name = 'UKD'"));
    }
  }

  @Test void cubesEscapesReservedCharactersInACut() throws Exception {
    check("SELECT SUM(amount) FROM " + T + " WHERE from_name = 'dept-dh'", V2 + "&cut=from.name:dept-dh",
        BAB + "cut=from.name:\"dept-dh\"&aggregates=amount.sum|_count",
        CUB + "aggregates=amount_sum|record_count&cut=from:dept\\-dh");
  }

  /** v2 and babbage have no range: the entries are read, 3000 in pages of the emulator's cap of 1000. */
  @Test void rangesAreCutsInCubesOnly() throws Exception {
    final String sql = "SELECT SUM(amount) FROM " + T + " WHERE time_year BETWEEN 2006 AND 2008";
    assertEquals(List.of(CUB + "aggregates=amount_sum|record_count&cut=time:2006-2008"), sent(Flavor.CUBES, sql));
    assertEquals(List.of(CUB + "aggregates=amount_sum|record_count&cut=time:2009-"),
        sent(Flavor.CUBES, "SELECT SUM(amount) FROM " + T + " WHERE time_year > 2008"));
    assertEquals(List.of("/api/2/search?dataset=ukgov-finances-cra&page=1&pagesize=10000",
        "/api/2/search?dataset=ukgov-finances-cra&page=2&pagesize=1000",
        "/api/2/search?dataset=ukgov-finances-cra&page=3&pagesize=1000"), sent(Flavor.V2, sql));
    assertEquals(List.of("/api/3/cubes/ukgov-finances-cra/facts?fields=time.year,amount&page=1&pagesize=10000",
        "/api/3/cubes/ukgov-finances-cra/facts?fields=time.year,amount&page=2&pagesize=1000",
        "/api/3/cubes/ukgov-finances-cra/facts?fields=time.year,amount&page=3&pagesize=1000"),
        sent(Flavor.BABBAGE, sql));
  }

  @Test void orderAndLimitAreOrderAndPage() throws Exception {
    check("SELECT region_name, SUM(amount) FROM " + T + " GROUP BY region_name ORDER BY SUM(amount) DESC LIMIT 3",
        V2 + "&drilldown=region.name&order=amount:desc&page=1&pagesize=3",
        BAB + "drilldown=region.name&aggregates=amount.sum&order=amount.sum:desc&page=1&pagesize=3",
        CUB + "drilldown=region&aggregates=amount_sum&order=amount_sum:desc&page=0&pagesize=3");
  }

  @Test void anOffsetThatIsAMultipleOfTheLimitIsAPage() throws Exception {
    final String sql = "SELECT cofog3_name, COUNT(*) FROM " + T + " GROUP BY cofog3_name ORDER BY COUNT(*) DESC,"
        + " cofog3_name LIMIT 5 OFFSET 10";
    assertEquals(List.of(BAB + "drilldown=cofog3.name&aggregates=_count&order=_count:desc,cofog3.name:asc"
        + "&page=3&pagesize=5"), sent(Flavor.BABBAGE, sql));
    assertEquals(List.of(CUB + "drilldown=cofog3&aggregates=record_count&order=record_count:desc,cofog3.name:asc"
        + "&page=2&pagesize=5"), sent(Flavor.CUBES, sql));
  }

  @Test void minAndMaxArePushedWhereTheModelDefinesThem() throws Exception {
    final String sql = "SELECT to_name, MIN(amount), MAX(amount) FROM " + T + " GROUP BY to_name";
    assertEquals(List.of(BAB + "drilldown=to.name&aggregates=amount.min|amount.max&page=1&pagesize=10000"),
        sent(Flavor.BABBAGE, sql));
    assertEquals(List.of(CUB + "drilldown=to&aggregates=amount_min|amount_max&page=0&pagesize=10000"),
        sent(Flavor.CUBES, sql));
    // v2 sums only: the engine reads the entries (in pages of the cap).
    assertEquals(List.of("/api/2/search?dataset=ukgov-finances-cra&page=1&pagesize=10000",
        "/api/2/search?dataset=ukgov-finances-cra&page=2&pagesize=1000",
        "/api/2/search?dataset=ukgov-finances-cra&page=3&pagesize=1000"), sent(Flavor.V2, sql));
  }

  @Test void entriesWithoutAggregationAreFacts() throws Exception {
    final String sql = "SELECT region_name, amount FROM " + T + " WHERE time_year = 2010 ORDER BY amount DESC LIMIT 4";
    assertEquals(List.of("/api/3/cubes/ukgov-finances-cra/facts?cut=time.year:2010&fields=region.name,amount"
        + "&order=amount:desc&page=1&pagesize=4"), sent(Flavor.BABBAGE, sql));
    assertEquals(List.of("/cube/ukgov-finances-cra/facts?fields=region.name,amount&cut=time:2010"
        + "&order=amount:desc&page=0&pagesize=4"), sent(Flavor.CUBES, sql));
  }

  @Test void sumOfNumEntriesIsTheFlavorsCountOfEntries() throws Exception {
    check("SELECT time_year, SUM(num_entries) FROM " + T + " GROUP BY time_year",
        V2 + "&drilldown=time.year&page=1&pagesize=10000",
        BAB + "drilldown=time.year&aggregates=_count&page=1&pagesize=10000",
        CUB + "drilldown=time&aggregates=record_count&page=0&pagesize=10000");
    check("SELECT SUM(num_entries), SUM(amount) FROM " + T + " WHERE region_name = 'UKI'",
        V2 + "&cut=region.name:UKI", BAB + "cut=region.name:\"UKI\"&aggregates=_count|amount.sum",
        CUB + "aggregates=record_count|amount_sum&cut=region:UKI");
  }

  @Test void anEntryIsOneEntryAndAsksForNoField() throws Exception {
    final String sql = "SELECT region_name, num_entries FROM " + T + " WHERE time_year = 2010"
        + " ORDER BY region_name LIMIT 4";
    assertEquals(List.of("/api/3/cubes/ukgov-finances-cra/facts?cut=time.year:2010&fields=region.name"
        + "&order=region.name:asc&page=1&pagesize=4"), sent(Flavor.BABBAGE, sql));
    assertEquals(List.of("/cube/ukgov-finances-cra/facts?fields=region.name&cut=time:2010"
        + "&order=region.name:asc&page=0&pagesize=4"), sent(Flavor.CUBES, sql));
  }

  @Test void aMembersTableReadsEachFlavorsMembersResource() throws Exception {
    final List<List<Object>> regions = reference.sql.rows("SELECT DISTINCT region_name, region_label FROM ref.t"
        + " ORDER BY region_name");
    final Map<Flavor, String> request = Map.of(Flavor.V2, "/ukgov-finances-cra/region.json?page=1",
        Flavor.BABBAGE, "/api/3/cubes/ukgov-finances-cra/members/region?page=1&pagesize=10000",
        Flavor.CUBES, "/cube/ukgov-finances-cra/members/region?page=0&pagesize=1000");
    for (Flavor f : Flavor.values()) {
      emulator.clearRequests();
      assertEquals(regions, SQL.get(f).rows("SELECT name, label FROM " + T + "__members_Region ORDER BY name"),
          f.name());
      assertEquals(List.of(request.get(f)), emulator.requests().stream().map(r -> r.path() + "?" + r.query())
          .filter(r -> !r.startsWith("/info")).toList(), f.name());
    }
  }

  @Test void aCubesLabelIsGroupedWithItsKeyOnly() throws Exception {
    final String both = "SELECT region_name, region_label, SUM(amount) FROM " + T + " GROUP BY region_name, region_label";
    assertEquals(List.of(CUB + "drilldown=region&aggregates=amount_sum&page=0&pagesize=10000"),
        sent(Flavor.CUBES, both));
    // A label alone may name two members: the engine groups the entries, read in pages of /info's
    // json_record_limit; Cubes' facts report no total, so an empty fourth page ends the 3000.
    final List<String> alone = sent(Flavor.CUBES, "SELECT region_label, SUM(amount) FROM " + T
        + " GROUP BY region_label");
    assertEquals(List.of("/cube/ukgov-finances-cra/facts?fields=region.label,amount&page=0&pagesize=1000",
        "/cube/ukgov-finances-cra/facts?fields=region.label,amount&page=1&pagesize=1000",
        "/cube/ukgov-finances-cra/facts?fields=region.label,amount&page=2&pagesize=1000",
        "/cube/ukgov-finances-cra/facts?fields=region.label,amount&page=3&pagesize=1000"),
        alone.stream().filter(r -> !r.equals("/info")).toList());
  }
}
