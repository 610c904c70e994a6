package io.statxplore.protari;

import io.statxplore.core.http.ApiErrorKind;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.testkit.SqlKit;
import io.statxplore.protari.emulator.ProtariEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each pushdown rule and each of the dataset's limits through SQL against the emulator: the exact
 * query string sent (or that none is sent, for a query beyond a limit) and the rows.
 */
class PushdownTest {
  private static ProtariEmulator emulator;
  private static SqlKit<?> sql;

  @BeforeAll static void start() throws SQLException {
    emulator = ProtariEmulator.start("k3y");
    sql = SqlKit.open(new ProtariAdapterFactory(), emulator.baseUrl()).key("k3y").kit();
    // Reads the metadata of every dataset once, so that each test sees its aggregation calls only.
    for (String table : List.of("sample", "sample_longitudinal", "joined_person", "joined_household")) {
      EmulatorAnswers.rows(sql, "SELECT * FROM " + table + " WHERE 1 = 0");
    }
  }

  @AfterAll static void stop() throws SQLException {
    sql.close();
    emulator.close();
  }

  @BeforeEach void clear() {
    emulator.clearRequests();
  }

  /** The query strings of the aggregation calls sent since the test began. */
  private static List<String> sent() {
    final List<String> out = new ArrayList<>();
    for (ProtariEmulator.Recorded r : emulator.requests()) {
      assertTrue(r.path().endsWith("/aggregation"), r.path());
      assertEquals("Protari key=k3y", r.authorization());
      out.add(r.path().substring(r.path().indexOf("/datasets/") + 10, r.path().length() - 12) + "?" + r.query());
    }
    return out;
  }

  private static List<String> rows(String query) throws SQLException {
    return EmulatorAnswers.rows(sql, query);
  }

  @Test void groupByIsGroupByAndSumOfTheCountIsCount() throws SQLException {
    final List<String> rows = rows("SELECT sex, sex_code, SUM(people) AS n FROM sample GROUP BY sex, sex_code");
    assertEquals(List.of("sample?group_by=SEX&function=count"), sent());
    assertEquals(3, rows.size());
    assertTrue(rows.get(0).startsWith("Female,F,") && rows.get(2).startsWith("Not stated,,"), rows.toString());
  }

  @Test void equalityAndInListsAreWhereWithAlternatives() throws SQLException {
    rows("SELECT dwell_code, SUM(people) FROM sample WHERE sex_code = 'M' GROUP BY dwell_code");
    rows("SELECT SUM(people) FROM sample WHERE postcode IN ('6722', '6429')");
    assertEquals(List.of("sample?group_by=DWELL&function=count&where=SEX=M",
        "sample?function=count&where=POSTCODE=6722;6429"), sent());
  }

  @Test void runsOfIntervalsAreRangesAndFullParentsAreParents() throws SQLException {
    rows("SELECT SUM(people) FROM sample WHERE rooms_code IN ('1', '3', '4', '5', '7', '>=8')");
    rows("SELECT SUM(people) FROM sample WHERE amount_code IN ('10-19.99', '20-29.99', '30-39.99')");
    rows("SELECT SUM(people) FROM sample WHERE amount_code >= '40' AND amount_code < '9'");
    rows("SELECT SUM(people) FROM sample WHERE expiry_code IN ('2010-01-01/2014-12-31', '2015-01-01/2019-12-31')");
    rows("SELECT SUM(people) FROM sample WHERE country_code IN ('1101', '1102', '1199', '1201')");
    assertEquals(List.of("sample?function=count&where=ROOMS=1;3-5;>=7", "sample?function=count&where=AMOUNT=10-39.99",
        "sample?function=count&where=AMOUNT=40-89.99", "sample?function=count&where=EXPIRY=2010-01-01/2019-12-31",
        "sample?function=count&where=COUNTRY=1100;1201"), sent());
  }

  @Test void emptySentinelAndNegationAreTheValuesKept() throws SQLException {
    rows("SELECT SUM(people) FROM sample WHERE sex_code = ''");
    rows("SELECT SUM(people) FROM sample WHERE sex_code <> ''");
    rows("SELECT SUM(people) FROM sample WHERE sex = 'Not stated'");
    assertEquals(List.of("sample?function=count&where=SEX=", "sample?function=count&where=SEX=F;M",
        "sample?function=count&where=SEX="), sent());
  }

  @Test void isNullIsTheEmptySentinelWhereTheFieldHasOne() throws SQLException {
    final List<String> rows = rows("SELECT sex, sex_code, SUM(people) FROM sample WHERE sex_code IS NULL"
        + " GROUP BY sex, sex_code");
    final List<String> sentinel = rows("SELECT sex, sex_code, SUM(people) FROM sample WHERE sex_code = ''"
        + " GROUP BY sex, sex_code");
    rows("SELECT SUM(people) FROM sample WHERE sex IS NULL");
    rows("SELECT SUM(people) FROM sample WHERE sex_code IS NOT NULL");
    assertEquals(List.of("sample?function=count&where=SEX=", "sample?function=count&where=SEX=",
        "sample?function=count&where=SEX=", "sample?function=count&where=SEX=F;M"), sent());
    // Calcite shows the column the filter says is NULL as NULL; the figure is the sentinel's.
    assertEquals(1, rows.size());
    assertEquals(List.of(sentinel.get(0).replace("Not stated,,", "Not stated,null,")), rows);
  }

  @Test void isNullOnAFieldWithoutAnEmptySentinelSelectsNothing() throws SQLException {
    assertEquals(List.of(), rows("SELECT dwell_code, SUM(people) FROM sample WHERE dwell_code IS NULL"
        + " GROUP BY dwell_code"));
    assertEquals(List.of(), sent());
  }

  @Test void filterOnAGroupedFieldIsBothGroupByAndWhere() throws SQLException {
    final List<String> rows = rows("SELECT rooms_code, SUM(people) FROM sample_longitudinal WHERE rooms_code IN ('3',"
        + " '4', '5') AND year_code = '2000' GROUP BY rooms_code");
    assertEquals(List.of("sample_longitudinal?group_by=ROOMS&function=count&where=ROOMS=3-5,YEAR=2000"), sent());
    assertEquals(3, rows.size());
  }

  @Test void sumAndMeanAreFunctionsOnePerRequest() throws SQLException {
    rows("SELECT SUM(sum_amount) FROM sample");
    rows("SELECT dwell_code, AVG(mean_rooms) FROM sample GROUP BY dwell_code");
    assertEquals(List.of("sample?function=sum AMOUNT", "sample?group_by=DWELL&function=mean ROOMS"), sent());
    emulator.clearRequests();
    final List<String> both = rows("SELECT dwell_code, AVG(mean_rooms), SUM(people) FROM sample GROUP BY dwell_code");
    assertEquals(List.of("sample?group_by=DWELL&function=count", "sample?group_by=DWELL&function=mean ROOMS"),
        sent().stream().sorted().toList());
    assertEquals(3, both.size());
  }

  @Test void rollupIsTotalsWithNullInRolledUpColumns() throws SQLException {
    final List<String> rows = rows("SELECT dwell_code, sex_code, SUM(people) FROM sample GROUP BY ROLLUP(dwell_code,"
        + " sex_code)");
    assertEquals(List.of("sample?group_by=DWELL,SEX&function=count&totals=true"), sent());
    assertEquals(9 + 3 + 1, rows.size());
    assertEquals(1, rows.stream().filter(r -> r.startsWith("null,null,")).count());
    assertEquals(3, rows.stream().filter(r -> r.matches("00[123],null,.*")).count());
  }

  @Test void relatedFieldsGoByTheirRelationshipPath() throws SQLException {
    rows("SELECT buyer_transactions_type_code, SUM(people) FROM joined_person WHERE household_state_code = 'WA'"
        + " GROUP BY buyer_transactions_type_code");
    rows("SELECT SUM(households) FROM joined_household WHERE people_buyer_transactions_item_category_code = 'TOYS'");
    assertEquals(List.of("joined_person?group_by=buyer_transactions.type&function=count&where=household.STATE=WA",
        "joined_household?function=count&where=people.buyer_transactions.item.CATEGORY=TOYS"), sent());
  }

  @Test void longitudinalFieldMustBeGroupedOrFilteredToOneYear() throws SQLException {
    final SQLException e = assertThrows(SQLException.class, () -> rows("SELECT SUM(people) FROM sample_longitudinal"));
    assertEquals(ApiErrorKind.UNSUPPORTED_QUERY, ApiException.find(e).kind());
    assertTrue(e.getMessage().contains("longitudinal") && e.getMessage().contains("year"), e.getMessage());
    assertEquals(List.of(), sent());
    assertEquals(1, rows("SELECT SUM(people) FROM sample_longitudinal WHERE year_code = '2005'").size());
    assertEquals(List.of("sample_longitudinal?function=count&where=YEAR=2005"), sent());
  }

  private static SQLException refused(String query) {
    final SQLException e = assertThrows(SQLException.class, () -> rows(query));
    assertEquals(List.of(), sent(), "a refused query sends no request");
    return e;
  }

  @Test void caseBuiltGroupsAreCustomGroupsWithTheLargestLeftToOther() throws SQLException {
    final String postcodes = "CASE WHEN postcode_code IN ('6722', '6725') THEN 'west' WHEN postcode_code IN ('6429',"
        + " '6710') THEN 'east' ELSE 'rest' END";
    final List<String> rows = rows("SELECT " + postcodes + " AS area, SUM(people) AS n FROM sample GROUP BY " + postcodes);
    assertEquals(List.of("sample?group_by=POSTCODE:6722;6725:6710;6429&function=count"), sent());
    assertEquals(List.of("east,", "rest,", "west,"), rows.stream().map(r -> r.substring(0, r.indexOf(',') + 1)).toList());
    final List<String> kept = rows("SELECT " + postcodes + " AS area, SUM(people) AS n FROM sample"
        + " WHERE postcode_code <> '0872' GROUP BY " + postcodes);
    assertEquals(List.of("sample?group_by=POSTCODE:6722;6725:6762;6642:6710;6429&function=count"
        + "&where=POSTCODE=6722;6725;6762;6642;6710;6429"), sent().subList(1, 2), "no other: the groups leave 0872 out");
    assertEquals(3, kept.size());
  }

  @Test void aGroupedInListLeavesTheEmptyValueToOther() throws SQLException {
    final List<String> rows = rows("SELECT sex_code IN ('F', 'M') AS stated, SUM(people) AS n FROM sample"
        + " GROUP BY sex_code IN ('F', 'M')");
    assertEquals(List.of("sample?group_by=SEX:F;M&function=count"), sent());
    assertEquals(List.of("false", "true"), rows.stream().map(r -> r.substring(0, r.indexOf(','))).toList());
  }

  @Test void caseBuiltGroupsRollUpWithTheApisTotals() throws SQLException {
    final String dwelling = "CASE WHEN dwell = 'House' THEN 'house' ELSE 'not a house' END";
    final List<String> rows = rows("SELECT " + dwelling + " AS d, SUM(people) AS n FROM sample GROUP BY ROLLUP("
        + dwelling + ")");
    assertEquals(List.of("sample?group_by=DWELL:001&function=count&totals=true"), sent());
    assertEquals(3, rows.size());
    assertTrue(rows.get(2).startsWith("null,"), rows.toString());
  }

  @Test void anExpressionTheValuesCannotGiveIsOneRequestByItsFieldSummedWithAWarning() throws SQLException {
    final List<String> rows = rows("SELECT SUBSTRING(postcode_code, 1, 2) AS area, SUM(people) AS n FROM sample"
        + " GROUP BY SUBSTRING(postcode_code, 1, 2)");
    assertEquals(List.of("sample?group_by=POSTCODE&function=count"), sent());
    assertEquals(List.of("08", "64", "66", "67"), rows.stream().map(r -> r.substring(0, r.indexOf(','))).toList());
    assertEquals(1, sql.warnings().size(), sql.warnings().toString());
    assertTrue(sql.warnings().get(0).contains("from the API's figures for sample by postcode_code"),
        sql.warnings().toString());
  }

  @Test void customGroupsWhereTheDatasetAllowsNoneAreRefusedBeforeSending() {
    final SQLException e = refused("SELECT CASE WHEN sex_code = 'M' THEN 'm' ELSE 'not m' END AS s, year_code,"
        + " SUM(people) FROM sample_longitudinal GROUP BY CASE WHEN sex_code = 'M' THEN 'm' ELSE 'not m' END, year_code");
    assertTrue(e.getMessage().contains("allow_disjunctions_and_custom_groups is false"), e.getMessage());
  }

  @Test void limitsAreCheckedBeforeSending() {
    SQLException e = refused("SELECT SUM(people) FROM sample GROUP BY sex, dwell, rooms, postcode, expiry");
    assertTrue(e.getMessage().contains("at most 4 fields in one query (field_exclusion_rules)"), e.getMessage());
    assertEquals(ApiErrorKind.LIMIT_EXCEEDED, ApiException.find(e).kind());
    e = refused("SELECT SUM(people) FROM sample WHERE postcode = '6722' GROUP BY amount, country");
    assertTrue(e.getMessage().contains("at most 2 of the fields AMOUNT, COUNTRY, POSTCODE"), e.getMessage());
    e = refused("SELECT year, SUM(people) FROM sample_longitudinal WHERE sex_code IN ('M', 'F') GROUP BY year");
    assertTrue(e.getMessage().contains("allow_disjunctions_and_custom_groups is false"), e.getMessage());
    assertEquals(ApiErrorKind.UNSUPPORTED_QUERY, ApiException.find(e).kind());
  }

  @Test void outputAboveTheRowLimitIsSplitIntoRequestsWithinIt() throws SQLException {
    final List<String> rows = rows("SELECT country_code, amount_code, rooms_code, expiry_code, SUM(people) FROM sample"
        + " GROUP BY country_code, amount_code, rooms_code, expiry_code");
    assertEquals(10 * 12 * 11 * 13, rows.size());
    final List<String> sent = sent();
    assertTrue(sent.size() >= 9, sent.toString());
    assertEquals(rows.stream().distinct().count(), rows.size());
  }

  @Test void explainShowsTheQueryString() {
    sql.query("SELECT sex, SUM(people) FROM sample WHERE rooms_code = '>=8' GROUP BY sex")
        .explainContains("GET /datasets/sample/aggregation?group_by=SEX&function=count&where=ROOMS=>=8");
    assertEquals(List.of(), sent());
  }

  @Test void metadataListsDatasetsAndColumnsWithRemarks() throws SQLException {
    final DatabaseMetaData md = sql.connection().getMetaData();
    final List<String> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, "protari", "%", null)) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
        if (rs.getString("TABLE_NAME").equals("sample")) {
          assertTrue(rs.getString("REMARKS").startsWith("Sample dataset. A high-level description"), rs.getString(
              "REMARKS"));
          assertTrue(rs.getString("REMARKS").contains("Unit: people.") && rs.getString("REMARKS")
              .contains("Protari perturbs"), rs.getString("REMARKS"));
        }
      }
    }
    assertEquals(List.of("joined_household", "joined_person", "sample", "sample_laplace", "sample_longitudinal"),
        tables.stream().sorted().toList());
    final List<String> columns = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, "protari", "sample", "%")) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME"));
        if (rs.getString("COLUMN_NAME").equals("rooms")) {
          assertTrue(rs.getString("REMARKS").contains("sentinel values 'null' (Not stated), '999' (Not applicable)"),
              rs.getString("REMARKS"));
        }
      }
    }
    assertEquals(List.of("sex:VARCHAR", "sex_code:VARCHAR", "country:VARCHAR", "country_code:VARCHAR",
        "dwell:VARCHAR", "dwell_code:VARCHAR", "rooms:VARCHAR", "rooms_code:VARCHAR", "postcode:VARCHAR",
        "postcode_code:VARCHAR", "amount:VARCHAR", "amount_code:VARCHAR", "expiry:VARCHAR", "expiry_code:VARCHAR",
        "people:DOUBLE", "sum_rooms:DOUBLE", "mean_rooms:DOUBLE", "sum_amount:DOUBLE", "mean_amount:DOUBLE"), columns);
  }
}
