package io.statxplore.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One identifier rule: tables are named in lower case like columns (the API's id in REMARKS),
 * metadata says so, and look-ups find an object whatever case the user typed, as SQL does.
 */
class IdentifierCaseTest extends EmulatorMetadataTestBase {
  @Test void tablesAreLowerCaseWithTheApiIdInRemarks() throws SQLException {
    final List<String> tables = column(connection.getMetaData().getTables(null, "statxplore", "%", null), "TABLE_NAME");
    assertTrue(tables.contains("uc_households"), tables::toString);
    assertTrue(tables.stream().allMatch(t -> t.equals(t.toLowerCase(java.util.Locale.ROOT))), tables::toString);
    try (ResultSet rs = connection.getMetaData().getTables(null, null, "uc_households", null)) {
      assertTrue(rs.next());
      assertTrue(rs.getString("REMARKS").contains("str:database:UC_Households"), () -> "REMARKS");
      assertFalse(rs.next());
    }
  }

  @Test void metadataSaysNamesAreStoredLowerCase() throws SQLException {
    final DatabaseMetaData md = connection.getMetaData();
    assertTrue(md.storesLowerCaseIdentifiers());
    assertTrue(md.storesLowerCaseQuotedIdentifiers());
    assertFalse(md.storesMixedCaseIdentifiers());
    assertFalse(md.storesMixedCaseQuotedIdentifiers());
    assertFalse(md.storesUpperCaseIdentifiers());
    assertFalse(md.supportsMixedCaseIdentifiers());
    assertFalse(md.supportsMixedCaseQuotedIdentifiers());
  }

  @Test void lookUpsFindWhatTheUserTypedInAnyCase() throws SQLException {
    final DatabaseMetaData md = connection.getMetaData();
    for (String typed : List.of("uc_households", "UC_Households", "UC_HOUSEHOLDS", "uc\\_house%")) {
      assertEquals(List.of("uc_households"), column(md.getTables(null, "STATXPLORE", typed, null), "TABLE_NAME"),
          typed);
    }
    final List<String> all = column(md.getColumns(null, "statxplore", "uc_households", "%"), "COLUMN_NAME");
    assertTrue(all.contains("region_code"), all::toString);
    assertEquals(all, column(md.getColumns(null, null, "UC_Households", null), "COLUMN_NAME"));
    assertEquals(List.of("region_code"), column(md.getColumns(null, "StatXplore", "UC_Households", "Region_Code"),
        "COLUMN_NAME"));
    assertEquals(List.of("statxplore"), column(md.getSchemas(null, "STATXPLORE"), "TABLE_SCHEM"));
  }

  @Test void oldMixedCaseSqlKeepsWorking() throws SQLException {
    final String lower = "select count(*) from uc_households";
    final List<List<Object>> expected = rows(connection, lower);
    assertEquals(expected, rows(connection, "select count(*) from UC_Households"));
    assertEquals(expected, rows(connection, "select count(*) from \"UC_Households\""));
    assertEquals(expected, rows(connection, "select count(*) from statxplore.\"uc_households\""));
  }
}
