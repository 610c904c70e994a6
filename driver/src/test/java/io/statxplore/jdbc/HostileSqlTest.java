package io.statxplore.jdbc;

import io.statxplore.superstar.sql.SqlAssert;

import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Careless SQL and parameters end in an SQLException with a SQLState of the README's table and one
 * clear sentence, before any request is sent: never an Error, a ClassCastException or a planner
 * dump, and never only after the API answered.
 */
class HostileSqlTest extends DriverUcServerTestBase {
  private SQLException fails(String sql, String state, String message) {
    final SQLException e = assertThrows(SQLException.class, () -> query(sql));
    assertEquals(state, e.getSQLState(), e::getMessage);
    assertEquals(message, e.getMessage());
    assertEquals(0, server.requestCount("/table"), "requests sent");
    return e;
  }

  @Test void aMeasureComparedWithTextThatIsNoNumberFailsAtEveryRun() throws SQLException {
    // Calcite computed CAST('abc' AS DOUBLE) in the static initializer of the class it generated:
    // an ExceptionInInitializerError, then a NoClassDefFoundError at every later run of the cached class.
    for (int run = 0; run < 2; run++) {
      fails("select * from uc_households where " + N + " > 'abc'", "22018", "'abc' is not a number (DOUBLE),"
          + " which the query compares it with or converts it to; write a number such as 100 without quotes");
    }
    fails("select " + N + " from uc_households where cast('1,5' as integer) < " + N, "22018", "'1,5' is not a number"
        + " (INTEGER), which the query compares it with or converts it to; write a number such as 100 without quotes");
    for (int run = 0; run < 2; run++) {
      fails("select 1 / 0 from uc_households", "22012", "The query divides 1 by zero");
    }
    // Text that is a number is compared as one.
    assertEquals(query("select count(*) from uc_households where " + N + " > 100"),
        query("select count(*) from uc_households where " + N + " > '100'"));
  }

  @Test void aDimensionComparedWithANumberFailsBeforeTheRequest() throws SQLException {
    fails("select * from uc_households where region = 1", "42000", "Column region is text, and its value"
        + " 'North East' is not a number (INTEGER), so it cannot be compared with one; compare it with text,"
        + " e.g. region = '1'");
    // Codes that are all numbers can be compared with one.
    final List<List<Object>> rows = query("select distinct family_type from uc_households where family_type_code = 1");
    assertEquals(List.of(List.of("Single, no children")), rows);
  }

  @Test void aRowCountBeyondAnIntIsRefusedAndAMaxRowsBeyondOneIsNoLimit() throws SQLException {
    fails("select * from uc_households limit 2147483648", "22003", "LIMIT 2147483648 is above 2147483647, the most"
        + " rows it can count; leave the LIMIT out to read every row");
    fails("select * from uc_households offset 2147483648 rows", "22003", "OFFSET 2147483648 is above 2147483647,"
        + " the most rows it can count; leave the OFFSET out to read every row");
    try (Statement s = connection.createStatement()) {
      s.setLargeMaxRows(3_000_000_000L);
      try (ResultSet rs = s.executeQuery("select month from uc_households")) {
        assertEquals(9 * 4 * 5, SqlAssert.rows(rs).size());
      }
    }
  }

  @Test void aLikeEscapeOfTwoCharactersOrABrokenPatternFailsBeforeTheRequest() throws SQLException {
    fails("select * from uc_households where region like 'N%' escape 'xx'", "22019",
        "The ESCAPE of a LIKE must be one character, not 'xx'");
    fails("select * from uc_households where region like 'N\\' escape '\\'", "22025", "The LIKE pattern 'N\\'"
        + " is invalid with ESCAPE '\\': its escape character must precede %, _ or itself");
    try (PreparedStatement p = connection.prepareStatement("select region from uc_households where region like ?"
        + " escape ? group by region")) {
      p.setString(1, "N%");
      p.setString(2, "xx");
      final SQLException e = assertThrows(SQLException.class, () -> SqlAssert.rows(p.executeQuery()));
      assertEquals("22019", e.getSQLState(), e::getMessage);
      assertEquals(0, server.requestCount("/table"));
      p.setString(2, "!");
      assertEquals(List.of(List.of("North East"), List.of("North West")), SqlAssert.rows(p.executeQuery()));
    }
  }

  @Test void textBoundToAMeasureParameterIsConvertedOrRefusedWhenBound() throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("select count(*) from uc_households where " + N + " > ?")) {
      final SQLException e = assertThrows(SQLDataException.class, () -> p.setString(1, "abc"));
      assertEquals("22018", e.getSQLState());
      assertEquals("Parameter 1 takes a number (DOUBLE): 'abc' is not one", e.getMessage());
      assertThrows(SQLDataException.class, () -> p.setObject(1, "abc"));
      p.setString(1, " 12.5 ");
      final List<List<Object>> asText = SqlAssert.rows(p.executeQuery());
      p.setDouble(1, 12.5);
      assertEquals(SqlAssert.rows(p.executeQuery()), asText);
      assertFalse(asText.isEmpty());
      assertTrue(((Number) asText.get(0).get(0)).longValue() > 0, asText::toString);
    }
  }
}
