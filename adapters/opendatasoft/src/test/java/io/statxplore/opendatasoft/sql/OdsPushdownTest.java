package io.statxplore.opendatasoft.sql;

import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each pushdown rule sends the exact ODSQL it should, in one request; what ODSQL cannot express
 * stays in Calcite and still gives the right rows.
 */
class OdsPushdownTest {
  private static FakeOds ods;
  private static Connection connection;

  @BeforeAll static void start() throws SQLException {
    ods = new FakeOds();
    connection = ods.connect();
  }

  @AfterAll static void stop() throws SQLException {
    connection.close();
    ods.close();
  }

  @BeforeEach void clear() {
    ods.clear();
  }

  /** Runs {@code sql} and returns the one data request it sent: path below the dataset, and decoded query. */
  private static String onlyRequest(String sql) throws SQLException {
    ods.clear();
    rows(sql);
    final List<RecordedRequest> sent = ods.dataRequests();
    assertEquals(1, sent.size(), "requests for " + sql + ": " + sent.stream().map(r -> r.getUrl().query()).toList());
    final String path = sent.get(0).getUrl().encodedPath();
    assertEquals("Apikey s3cr3t-key", sent.get(0).getHeaders().get("Authorization"));
    return path.substring(path.lastIndexOf("/geo/") + 5) + "?" + sent.get(0).getUrl().query();
  }

  private static List<List<Object>> rows(String sql) throws SQLException {
    return OdsSql.rows(connection, sql);
  }

  @Test void comparisonsAndLogicBecomeWhere() throws SQLException {
    assertEquals("records?select=name&where=(population >= 1000 and (country_code = \"FR\" or elevation < 2.5))"
        + "&limit=10", onlyRequest("select name from geo where population >= 1000 and (country_code = 'FR'"
        + " or elevation < 2.5) limit 10"));
  }

  @Test void inListBetweenAndNullTests() throws SQLException {
    assertEquals("records?select=name&where=((country_code = \"BE\" or country_code = \"FR\")"
        + " and (population >= 10 and population <= 20) and elevation is null and name is not null)&limit=5",
        onlyRequest("select name from geo where country_code in ('FR', 'BE') and population between 10 and 20"
            + " and elevation is null and name is not null limit 5"));
  }

  @Test void notEqualAndNotExcludeNullsAsSqlDoes() throws SQLException {
    assertEquals("records?select=name&where=(country_code is not null and not (country_code = \"FR\"))&limit=5",
        onlyRequest("select name from geo where country_code <> 'FR' limit 5"));
    assertEquals("records?select=name&where=(capital is not null and not (capital = true))&limit=5",
        onlyRequest("select name from geo where not capital limit 5"));
  }

  @Test void dateLiterals() throws SQLException {
    assertEquals("records?select=name&where=modified > date'2020-01-31'&limit=5",
        onlyRequest("select name from geo where modified > date '2020-01-31' limit 5"));
  }

  @Test void likePrefixIsPushedAsStartswithAndCheckedAgain() throws SQLException {
    ods.respondNext("/exports/json", 200, "[{\"name\": \"Saint-Leu\"}, {\"name\": \"Le Saint\"}]");
    assertEquals(List.of(List.of("Saint-Leu")), rows("select name from geo where name like 'Saint%'"));
    assertEquals(1, ods.dataRequests().size());
    assertEquals("select=name&where=startswith(name, \"Saint\")", ods.dataRequests().get(0).getUrl().query(),
        "a LIMIT could not be pushed above the local re-check, so this is an export");
  }

  @Test void whatOdsqlCannotExpressStaysInCalcite() throws SQLException {
    ods.respondNext("/exports/json", 200, "[{\"name\": \"Saint-Leu\"}, {\"name\": \"Paris\"}]");
    assertEquals(List.of(List.of("Saint-Leu")),
        rows("select name from geo where name like '%Leu' and updated is not null"));
    assertEquals("select=name&where=updated is not null", ods.dataRequests().get(0).getUrl().query(),
        "the suffix LIKE stays local, the null test is pushed");
  }

  @Test void groupByWithAggregatesUsesAliases() throws SQLException {
    ods.respondNext("/records", 200, "{\"results\": [{\"country_code\": \"FR\", \"agg_0\": 2, \"agg_1\": 30,"
        + " \"agg_2\": 1.5, \"agg_3\": \"2019-01-01\", \"agg_4\": 7}]}");
    final String sql = "select country_code, count(*), sum(population), avg(elevation), max(modified),"
        + " count(elevation) from geo group by country_code";
    assertEquals(List.of(List.of("FR", 2L, 30L, 1.5, java.sql.Date.valueOf("2019-01-01"), 7L)), rows(sql));
    assertEquals("select=country_code, count(*) as agg_0, sum(population) as agg_1, avg(elevation) as agg_2,"
        + " max(modified) as agg_3, count(elevation) as agg_4&group_by=country_code&limit=19999",
        ods.dataRequests().get(0).getUrl().query());
    assertEquals(1, ods.dataRequests().size());
  }

  @Test void aggregateWithoutGroupBy() throws SQLException {
    assertEquals("records?select=count(*) as agg_0, min(population) as agg_1&where=capital = true&limit=1",
        onlyRequest("select count(*), min(population) from geo where capital"));
  }

  @Test void orderByLimitOffset() throws SQLException {
    assertEquals("records?select=name, population&order_by=population desc, name asc&limit=20&offset=40",
        onlyRequest("select name, population from geo order by population desc, name limit 20 offset 40"));
  }

  @Test void orderByAnAggregate() throws SQLException {
    assertEquals("records?select=country_code, sum(population) as agg_0&group_by=country_code"
        + "&order_by=agg_0 desc&limit=3",
        onlyRequest("select country_code, sum(population) as p from geo group by country_code order by p desc limit 3"));
  }

  @Test void havingDistinctAndNullsFirstStayLocal() throws SQLException {
    assertEquals("records?select=country_code, sum(population) as agg_0&group_by=country_code&limit=19999",
        onlyRequest("select country_code from geo group by country_code having sum(population) > 10"));
    assertEquals("exports/json?select=name", onlyRequest("select name from geo order by name nulls first"),
        "ODS sorts nulls high, so NULLS FIRST ascending is sorted locally");
  }

  @Test void geoPointColumnsReadOneField() throws SQLException {
    ods.respondNext("/exports/json", 200, "[{\"coordinates\": {\"lat\": 50.5, \"lon\": 4.25},"
        + " \"alternate_names\": [\"a\", \"b\"], \"shape\": {\"type\": \"Point\", \"coordinates\": [4.25, 50.5]}}]");
    assertEquals(List.of(List.of(50.5, 4.25, "a,b", "{\"type\":\"Point\",\"coordinates\":[4.25,50.5]}")),
        rows("select coordinates_lat, coordinates_lon, alternate_names, shape from geo"));
    assertEquals("select=coordinates, alternate_names, shape", ods.dataRequests().get(0).getUrl().query());
  }

  @Test void fullScanIsOneExport() throws SQLException {
    assertEquals("exports/json?select=name, population&where=population > 5",
        onlyRequest("select name, population from geo where population > 5"));
  }
}
