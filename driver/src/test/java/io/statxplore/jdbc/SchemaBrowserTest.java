package io.statxplore.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a schema browser shows (DBeaver, SchemaCrawler): no Calcite-internal schema in the way,
 * the table function with its parameter, sizes of text columns, nullability, a cube's key.
 */
class SchemaBrowserTest extends EmulatorMetadataTestBase {
  /** Per column of {@code table}: NULLABLE, IS_NULLABLE, DATA_TYPE and COLUMN_SIZE. */
  private Map<String, List<Object>> columns(String table) throws SQLException {
    final Map<String, List<Object>> columns = new TreeMap<>();
    try (ResultSet rs = connection.getMetaData().getColumns(null, "statxplore", table, "%")) {
      while (rs.next()) {
        columns.put(rs.getString("COLUMN_NAME"), List.of(rs.getInt("NULLABLE"), rs.getString("IS_NULLABLE"),
            rs.getInt("DATA_TYPE"), rs.getInt("COLUMN_SIZE")));
      }
    }
    return columns;
  }

  @Test void calcitesMetadataSchemaIsNotListedButStillWorks() throws SQLException {
    final DatabaseMetaData md = connection.getMetaData();
    assertEquals(List.of("statxplore"), column(md.getSchemas(), "TABLE_SCHEM"));
    assertTrue(column(md.getTables(null, "metadata", "%", null), "TABLE_NAME").isEmpty());
    assertEquals(List.of("query"), column(md.getFunctions(null, null, "%"), "FUNCTION_NAME"),
        "the API's table function, none of Calcite's 79");
    assertFalse(rows(connection, "select tableName from metadata.TABLES where tableSchem = 'statxplore'").isEmpty());
  }

  @Test void theTableFunctionIsListedWithItsParameter() throws SQLException {
    final DatabaseMetaData md = connection.getMetaData();
    try (ResultSet rs = md.getFunctions(null, "statxplore", "QUERY")) {
      assertTrue(rs.next());
      assertEquals("query", rs.getString("FUNCTION_NAME"));
      assertEquals(DatabaseMetaData.functionReturnsTable, rs.getInt("FUNCTION_TYPE"));
      assertFalse(rs.next());
    }
    try (ResultSet rs = md.getFunctionColumns(null, "statxplore", "query", "%")) {
      assertTrue(rs.next());
      assertEquals(List.of("query", "query", DatabaseMetaData.functionColumnIn, Types.VARCHAR, 1, "NO"),
          List.of(rs.getString("FUNCTION_NAME"), rs.getString("COLUMN_NAME"), rs.getInt("COLUMN_TYPE"),
              rs.getInt("DATA_TYPE"), rs.getInt("ORDINAL_POSITION"), rs.getString("IS_NULLABLE")));
      assertFalse(rs.next());
    }
  }

  @Test void textColumnsHaveASizeAndLabelsAndCodesAreNeverNull() throws SQLException {
    final Map<String, List<Object>> monthly = columns("uc_monthly");
    final int no = DatabaseMetaData.columnNoNulls;
    final int yes = DatabaseMetaData.columnNullable;
    monthly.forEach((name, c) -> assertEquals(c.get(2).equals(Types.VARCHAR)
        ? List.of(no, "NO", Types.VARCHAR, Integer.MAX_VALUE) : List.of(yes, "YES", Types.DOUBLE, c.get(3)),
        c, name));
    final Map<String, List<Object>> households = columns("uc_households");
    // Region and Country are two classifications of one field: a row fills one of them.
    for (String name : List.of("region", "region_code", "country", "country_code", "households_on_universal_credit")) {
      assertEquals(List.of(yes, "YES"), households.get(name).subList(0, 2), name);
    }
    for (String name : List.of("month", "month_code", "family_type", "family_type_code")) {
      assertEquals(List.of(no, "NO", Types.VARCHAR, Integer.MAX_VALUE), households.get(name), name);
    }
  }

  @Test void theCodeColumnsOfACubeAreItsKey() throws SQLException {
    final DatabaseMetaData md = connection.getMetaData();
    final List<String> codes = columns("uc_monthly").keySet().stream().filter(c -> c.endsWith("_code")).toList();
    assertEquals(4, codes.size(), codes::toString);
    assertEquals(codes, column(md.getPrimaryKeys(null, "statxplore", "uc_monthly"), "COLUMN_NAME"));
    assertEquals(codes, column(md.getPrimaryKeys(null, null, "UC_Monthly"), "COLUMN_NAME"), "the name as typed");
    try (ResultSet rs = md.getPrimaryKeys(null, "statxplore", "uc_monthly")) {
      assertTrue(rs.next());
      assertEquals(List.of("statxplore", "uc_monthly", "uc_monthly_key"),
          List.of(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"), rs.getString("PK_NAME")));
    }
    assertEquals(List.of(), column(md.getPrimaryKeys(null, "statxplore", "uc_households"), "COLUMN_NAME"),
        "a field with two classifications: a row's codes are not all filled");
    assertEquals(List.of(), column(md.getPrimaryKeys(null, "statxplore", "nope"), "COLUMN_NAME"));
    final List<String> anyTable = column(md.getPrimaryKeys(null, null, null), "TABLE_NAME");
    assertEquals(4, anyTable.stream().filter("uc_monthly"::equals).count(), anyTable::toString);
    assertFalse(anyTable.contains("uc_households"), anyTable::toString);
  }
}
