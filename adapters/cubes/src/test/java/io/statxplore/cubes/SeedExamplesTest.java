package io.statxplore.cubes;

import io.statxplore.cubes.emulator.BudgetData;
import io.statxplore.cubes.emulator.CubesEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each example URL of the OpenSpending API documentation (the seed) has its SQL, against the v2 emulator. */
class SeedExamplesTest {
  private static final String KEY = "owner-key";
  private static final String CRA = "cubes.ukgov_finances_cra";

  private static CubesEmulator emulator;
  private static CubesSql sql;
  private static BudgetData.Dataset data;

  @BeforeAll static void start() throws Exception {
    emulator = CubesEmulator.builder().apiKey(KEY).flavors(CubesEmulator.Flavor.V2).start();
    data = emulator.datasets().get("ukgov-finances-cra");
    sql = new CubesSql(emulator.baseUrl(), null, KEY);
  }

  @AfterAll static void stop() throws Exception {
    sql.close();
    emulator.close();
  }

  @BeforeEach void clear() throws Exception {
    sql.rows("SELECT COUNT(*) FROM " + CRA);
    emulator.clearRequests();
  }

  /** The requests other than metadata, as {@code path?query}. */
  private static List<String> sent() {
    final List<String> out = new ArrayList<>();
    emulator.requests().stream().filter(r -> !r.path().endsWith("model.json") && !r.path().equals("/datasets.json"))
        .forEach(r -> out.add(r.path() + (r.query().isEmpty() ? "" : "?" + r.query())));
    return out;
  }

  private static double sum(java.util.function.Predicate<BudgetData.Entry> p) {
    return data.entries().stream().filter(p).mapToDouble(BudgetData.Entry::amount).sum();
  }

  @Test void aggregateOfTheWholeDataset() throws Exception {
    assertEquals(List.of(List.of(sum(e -> true), (long) data.entries().size())),
        sql.rows("SELECT SUM(amount), COUNT(*) FROM " + CRA));
    assertEquals(List.of("/api/2/aggregate?dataset=ukgov-finances-cra"), sent());
  }

  @Test void aggregateCutByYear() throws Exception {
    assertEquals(List.of(List.of(sum(e -> e.values().get("time.year").equals(2010L)))),
        sql.rows("SELECT SUM(amount) FROM " + CRA + " WHERE time_year = 2010"));
    assertEquals(List.of("/api/2/aggregate?dataset=ukgov-finances-cra&cut=time.year:2010"), sent());
  }

  @Test void aggregateCutByYearDrilledDownByRegion() throws Exception {
    final List<List<Object>> rows = sql.rows("SELECT region_name, region_label, SUM(amount) FROM " + CRA
        + " WHERE time_year = 2010 GROUP BY region_name, region_label ORDER BY region_name");
    assertEquals(12, rows.size());
    assertEquals(List.of("UKC", "North East", sum(e -> e.values().get("time.year").equals(2010L)
        && e.values().get("region.name").equals("UKC"))), rows.get(0));
    assertEquals(List.of("/api/2/aggregate?dataset=ukgov-finances-cra&cut=time.year:2010"
        + "&drilldown=region.name|region.label&page=1&pagesize=10000"), sent());
  }

  @Test void aggregateDrilledDownByTheThreeCofogLevels() throws Exception {
    final List<List<Object>> rows = sql.rows("SELECT cofog1_name, cofog2_name, cofog3_name, SUM(amount) FROM " + CRA
        + " WHERE time_year = 2010 GROUP BY cofog1_name, cofog2_name, cofog3_name");
    assertEquals(data.entries().stream().filter(e -> e.values().get("time.year").equals(2010L))
        .map(e -> e.values().get("cofog3.name")).distinct().count(), rows.size());
    assertEquals(List.of("/api/2/aggregate?dataset=ukgov-finances-cra&cut=time.year:2010"
        + "&drilldown=cofog1.name|cofog2.name|cofog3.name&page=1&pagesize=10000"), sent());
  }

  @Test void datasetsAndModelAreTablesAndColumns() throws Exception {
    final DatabaseMetaData meta = sql.connection.getMetaData();
    final List<String> tables = new ArrayList<>();
    try (ResultSet rs = meta.getTables(null, "cubes", "%", null)) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertEquals(List.of("cra_wales_2010", "ukgov_finances_cra"), tables.stream().sorted().toList());
    final List<String> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(null, "cubes", "ukgov_finances_cra", "%")) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME"));
      }
    }
    assertEquals(List.of("id:VARCHAR", "time_year:BIGINT", "region_name:VARCHAR", "region_label:VARCHAR",
        "cofog1_name:VARCHAR", "cofog1_label:VARCHAR", "cofog2_name:VARCHAR", "cofog2_label:VARCHAR",
        "cofog3_name:VARCHAR", "cofog3_label:VARCHAR", "from_name:VARCHAR", "from_label:VARCHAR", "to_name:VARCHAR",
        "to_label:VARCHAR", "amount:DOUBLE", "num_entries:BIGINT"), columns);
  }

  @Test void dimensionMembers() throws Exception {
    final List<List<Object>> rows = sql.rows("SELECT name, label FROM TABLE(cubes.members('ukgov-finances-cra',"
        + " 'from')) WHERE name = 'dept-dh'");
    assertEquals(List.of(List.of("dept-dh", "Department of Health")), rows);
    assertEquals(List.of("/ukgov-finances-cra/from.json?page=1"), sent());
  }

  @Test void dimensionMembersAsATableFoundByName() throws Exception {
    final List<List<Object>> rows = sql.rows("SELECT label, name FROM " + CRA + "__members_FROM WHERE name = 'dept-dh'");
    assertEquals(List.of(List.of("Department of Health", "dept-dh")), rows);
    assertEquals(List.of("/ukgov-finances-cra/from.json?page=1"), sent());
    emulator.clearRequests();
    final long regions = data.entries().stream().map(e -> e.values().get("region.name")).distinct().count();
    assertEquals(List.of(List.of(regions)), sql.rows("SELECT COUNT(*) FROM ukgov_finances_cra__members_region"));
    assertEquals(List.of("/ukgov-finances-cra/region.json?page=1"), sent());
    final java.sql.SQLException x = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
        () -> sql.rows("SELECT * FROM ukgov_finances_cra__members_nothing"));
    assertTrue(x.getMessage().contains("ukgov_finances_cra__members_nothing"), x.getMessage());
  }

  @Test void aDimensionOfMoreMembersThanAPageIsReadPageAfterPage() throws Exception {
    // 100 members per page: cofog3 has 60 here; the entry ids of the dataset would be thousands.
    final long members = data.entries().stream().map(e -> e.values().get("cofog3.name")).distinct().count();
    assertEquals(List.of(List.of(members)),
        sql.rows("SELECT COUNT(*) FROM TABLE(cubes.members('ukgov-finances-cra', 'cofog3'))"));
    assertEquals(List.of("/ukgov-finances-cra/cofog3.json?page=1"), sent());
  }

  @Test void oneEntryById() throws Exception {
    final BudgetData.Entry e = data.entries().get(7);
    assertEquals(List.of(List.of(e.id(), e.values().get("region.name"), e.amount())),
        sql.rows("SELECT id, region_name, amount FROM " + CRA + " WHERE id = '" + e.id() + "'"));
    assertEquals(List.of("/ukgov-finances-cra/entries/" + e.id() + ".json"), sent());
  }

  @Test void fullTextSearch() throws Exception {
    final long expected = data.entries().stream().filter(e -> e.values().values().stream()
        .anyMatch(v -> v.toString().toLowerCase(java.util.Locale.ROOT).contains("health"))
        && e.values().get("time.year").equals(2009L)).count();
    assertEquals(List.of(List.of(expected)), sql.rows("SELECT COUNT(*) FROM TABLE(cubes.search('health',"
        + " 'ukgov-finances-cra', 'time.year:2009')) WHERE dataset = 'ukgov-finances-cra'"));
    assertEquals(List.of("/api/2/search?q=health&dataset=ukgov-finances-cra&filter=time.year:2009"), sent());
  }

  @Test void searchFacets() throws Exception {
    final Map<Object, Long> expected = data.entries().stream().filter(e -> e.values().values().stream()
            .anyMatch(v -> v.toString().toLowerCase(java.util.Locale.ROOT).contains("health")))
        .collect(java.util.stream.Collectors.groupingBy(e -> e.values().get("time.year").toString(),
            java.util.stream.Collectors.counting()));
    assertTrue(expected.size() > 1, expected.toString());
    final Map<Object, Object> actual = new java.util.HashMap<>();
    for (List<Object> row : sql.rows("SELECT \"value\", \"count\" FROM TABLE(cubes.search_facets('health',"
        + " 'ukgov-finances-cra', 'time.year'))")) {
      assertEquals(null, actual.put(row.get(0), row.get(1)), row.toString());
    }
    assertEquals(expected, actual);
    assertEquals(List.of("/api/2/search?q=health&dataset=ukgov-finances-cra&facet_field=time.year"), sent());
  }

  @Test void personalTax() throws Exception {
    final List<List<Object>> rows = sql.rows("SELECT total_direct_tax, tobacco_tax, explanation"
        + " FROM TABLE(cubes.mytax(income => 10000, smoker => false))");
    assertEquals(1, rows.size());
    assertEquals(0.0, rows.get(0).get(1));
    assertTrue(((Double) rows.get(0).get(0)) > 1000, rows.toString());
    assertTrue(rows.get(0).get(2).toString().contains("income of 10000.00"), rows.toString());
    assertEquals(List.of("/api/mytax?income=10000&smoker=no"), sent());
  }

  @Test void permissions() throws Exception {
    assertEquals(List.of(List.of(true, true, true, true)),
        sql.rows("SELECT \"create\", \"read\", \"update\", \"delete\" FROM TABLE(cubes.permissions('ukgov-finances-cra'))"));
    assertEquals(List.of("/api/2/permissions?dataset=ukgov-finances-cra"), sent());
    assertEquals("ApiKey " + KEY, emulator.requests().get(emulator.requests().size() - 1).authorization());
  }

  /** {@code CALL cubes.load(…)} as the issue spells it, through {@code execute} and {@code executeQuery}. */
  @Test void loadingApi() throws Exception {
    try (java.sql.Statement s = sql.connection.createStatement()) {
      assertTrue(s.execute("CALL cubes.load('https://example.org/data.csv', 'https://example.org/model.json', true)"));
      try (ResultSet rs = s.getResultSet()) {
        assertTrue(rs.next());
        assertEquals("ok", new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1)).path("status")
            .asText(), rs.getString(1));
        assertEquals(false, rs.next());
      }
    }
    assertEquals(List.of("/api/2/new?csv_file=https://example.org/data.csv&metadata=https://example.org/model.json"
        + "&private=true"), sent());
    assertEquals("POST", emulator.requests().get(emulator.requests().size() - 1).method());
    assertEquals("ApiKey " + KEY, emulator.requests().get(emulator.requests().size() - 1).authorization());
    assertEquals(Map.of("csv_file", "https://example.org/data.csv", "metadata", "https://example.org/model.json",
        "private", "true"), emulator.loads().get(emulator.loads().size() - 1));
    emulator.clearRequests();
    final List<List<Object>> rows = sql.rows("CALL cubes.load('https://example.org/b.csv', 'https://example.org/b.json',"
        + " false)");
    assertEquals(1, rows.size());
    assertTrue(rows.get(0).get(0).toString().contains("\"status\":\"ok\""), rows.toString());
    assertEquals(List.of("/api/2/new?csv_file=https://example.org/b.csv&metadata=https://example.org/b.json"
        + "&private=false"), sent());
    assertEquals(Map.of("csv_file", "https://example.org/b.csv", "metadata", "https://example.org/b.json",
        "private", "false"), emulator.loads().get(emulator.loads().size() - 1));
  }

}
