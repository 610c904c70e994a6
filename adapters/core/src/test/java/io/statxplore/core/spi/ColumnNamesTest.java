package io.statxplore.core.spi;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DESIGN §3's naming rule. */
class ColumnNamesTest {
  @Test void normalizesLabels() {
    assertEquals("national_regional_la_oas", ColumnNames.normalize("National - Regional - LA - OAs"));
    assertEquals("age_bands_and_single_year", ColumnNames.normalize("Age (bands and single year)"));
    assertEquals("_2019_20_financial_year", ColumnNames.normalize("2019/20 financial year"));
    assertEquals("caf_s_rate", ColumnNames.normalize("Café's rate"));
    assertEquals("column", ColumnNames.normalize("***"));
  }

  @Test void repeatsAreNumberedInPairs() {
    final ColumnNames names = new ColumnNames(SqlParserImpl.FACTORY);
    assertEquals(List.of("age", "age_code"), names.unique("Age", "_code"));
    assertEquals(List.of("age_2", "age_2_code"), names.unique("AGE", "_code"));
    assertEquals(List.of("age_code_2"), names.unique("Age code"));
  }

  @Test void reservedWordsGetASuffixForTheParserInUse() {
    final ColumnNames names = new ColumnNames(SqlParserImpl.FACTORY);
    assertEquals(List.of("year_", "year_code"), names.unique("Year", "_code"));
    assertEquals(List.of("date_", "date_code"), names.unique("Date", "_code"));
    assertEquals(List.of("region", "region_code"), names.unique("Region", "_code"));
  }
}
