package io.statxplore.protari;

import io.statxplore.core.testkit.SqlKit;
import io.statxplore.protari.emulator.ProtariEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every aggregation URL of the guide that SQL can express, with the SQL beside it: the driver's
 * rows equal the emulator's answer to the guide's URL, from one request. Custom groups are a
 * {@code CASE} (the driver may name the groups in another order, or leave a different one to
 * {@code other}: the rows are the same). The guide's URLs that SQL does not express: {@code count}
 * of a field ({@code function=count ROOMS}: on a dataset without alternatives, no filter keeps its
 * valid values), several functions in one call, and the guide's error examples
 * ({@code AMOUNT=0-13}, {@code mean household.RENT}), which no SQL over the tables' values produces.
 */
class GuideUrlsTest {
  private static ProtariEmulator emulator;
  private static SqlKit<?> sql;

  @BeforeAll static void start() throws Exception {
    emulator = ProtariEmulator.start("guide");
    sql = SqlKit.open(new ProtariAdapterFactory(), emulator.baseUrl()).key("guide").kit();
  }

  @AfterAll static void stop() throws Exception {
    sql.close();
    emulator.close();
  }

  @ParameterizedTest(name = "{0}?{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      sample_longitudinal | ""                                   | SELECT year_code, SUM(people) FROM sample_longitudinal GROUP BY year_code
      sample_longitudinal | group_by=DWELL&where=SEX=M            | SELECT dwell_code, year_code, SUM(people) FROM sample_longitudinal WHERE sex_code = 'M' GROUP BY dwell_code, year_code
      sample_longitudinal | group_by=DWELL,SEX                    | SELECT dwell_code, sex_code, year_code, SUM(people) FROM sample_longitudinal GROUP BY dwell_code, sex_code, year_code
      sample              | group_by=AMOUNT                       | SELECT amount_code, SUM(people) FROM sample GROUP BY amount_code
      sample              | group_by=ROOMS                        | SELECT rooms_code, SUM(people) FROM sample GROUP BY rooms_code
      joined_person       | group_by=buyer_transactions.type      | SELECT buyer_transactions_type_code, SUM(people) FROM joined_person GROUP BY buyer_transactions_type_code
      sample_longitudinal | where=SEX=M                           | SELECT year_code, SUM(people) FROM sample_longitudinal WHERE sex_code = 'M' GROUP BY year_code
      sample_longitudinal | where=SEX=                            | SELECT year_code, SUM(people) FROM sample_longitudinal WHERE sex_code = '' GROUP BY year_code
      sample_longitudinal | where=ROOMS>=8                        | SELECT year_code, SUM(people) FROM sample_longitudinal WHERE rooms_code = '>=8' GROUP BY year_code
      sample_longitudinal | where=AMOUNT=10-19.99                 | SELECT year_code, SUM(people) FROM sample_longitudinal WHERE amount = '10-19.99' GROUP BY year_code
      sample_longitudinal | where=AMOUNT>=100                     | SELECT year_code, SUM(people) FROM sample_longitudinal WHERE amount_code = '>=100' GROUP BY year_code
      sample              | where=EXPIRY=2010-01-01/2014-12-31    | SELECT SUM(people) FROM sample WHERE expiry_code = '2010-01-01/2014-12-31'
      sample              | where=ROOMS=1;3-5;>=7                 | SELECT SUM(people) FROM sample WHERE rooms_code IN ('1', '3', '4', '5', '7', '>=8')
      sample              | where=AMOUNT=10-39.99                 | SELECT SUM(people) FROM sample WHERE amount_code IN ('10-19.99', '20-29.99', '30-39.99')
      sample              | where=AMOUNT>=40                      | SELECT SUM(people) FROM sample WHERE amount_code NOT IN ('<0', '0-9.99', '10-19.99', '20-29.99', '30-39.99')
      sample              | where=EXPIRY=2010-01-01/2019-12-31    | SELECT SUM(people) FROM sample WHERE expiry_code BETWEEN '2010' AND '2019-12-31'
      sample              | where=ROOMS>=4                        | SELECT SUM(people) FROM sample WHERE rooms_code IN ('4', '5', '6', '7', '>=8')
      sample              | where=SEX=M;F                         | SELECT SUM(people) FROM sample WHERE sex IN ('Male', 'Female')
      sample              | where=ROOMS=1-5,DWELL=001             | SELECT SUM(people) FROM sample WHERE rooms_code IN ('1', '2', '3', '4', '5') AND dwell = 'House'
      sample_longitudinal | group_by=ROOMS&where=ROOMS=3-5,YEAR=2000 | SELECT rooms_code, year_code, SUM(people) FROM sample_longitudinal WHERE rooms_code IN ('3', '4', '5') AND year_code = '2000' GROUP BY rooms_code, year_code
      sample              | where=COUNTRY=1101-1201               | SELECT SUM(people) FROM sample WHERE country_code IN ('1101', '1102', '1199', '1201')
      sample              | where=COUNTRY=1100                    | SELECT SUM(people) FROM sample WHERE country = 'Australia' OR country_code IN ('1102', '1199')
      joined_person       | where=buyer_transactions.type=A       | SELECT SUM(people) FROM joined_person WHERE buyer_transactions_type = 'A'
      sample_longitudinal | function=mean ROOMS                   | SELECT year_code, AVG(mean_rooms) FROM sample_longitudinal GROUP BY year_code
      sample              | group_by=POSTCODE:6722;6725:6429;6710 | SELECT TRIM(g), SUM(people) FROM (SELECT CASE WHEN postcode_code IN ('6722', '6725') THEN '6722;6725' WHEN postcode_code IN ('6429', '6710') THEN '6429;6710' ELSE 'other' END AS g, people FROM sample) GROUP BY g
      sample              | group_by=COUNTRY:1101-1201            | SELECT TRIM(g), SUM(people) FROM (SELECT CASE WHEN country_code BETWEEN '1101' AND '1201' THEN '1101-1201' ELSE 'other' END AS g, people FROM sample) GROUP BY g
      sample              | group_by=ROOMS:0:1;2:3-6:>=7          | SELECT TRIM(g), SUM(people) FROM (SELECT CASE WHEN rooms_code = '0' THEN '0' WHEN rooms_code IN ('1', '2') THEN '1;2' WHEN rooms_code IN ('3', '4', '5', '6') THEN '3-6' WHEN rooms_code IN ('7', '>=8') THEN '>=7' ELSE 'other' END AS g, people FROM sample) GROUP BY g
      sample_longitudinal | group_by=DWELL,SEX&totals=true        | SELECT dwell_code, sex_code, year_code, SUM(people) FROM sample_longitudinal GROUP BY CUBE(dwell_code, sex_code), year_code
      """)
  void sqlGivesTheRowsOfTheGuidesUrl(String dataset, String query, String select) throws Exception {
    final List<String> expected = EmulatorAnswers.rows(emulator, dataset, query, "guide");
    emulator.clearRequests();
    final List<String> rows = EmulatorAnswers.rows(sql, select);
    assertFalse(expected.isEmpty());
    assertEquals(expected, rows);
    assertEquals(1, emulator.requests().stream().filter(r -> r.path().endsWith("/aggregation")).count(),
        emulator.requests().toString());
  }
}
