package io.statxplore.jdbc;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code getObject} returns each column's JDBC class, and {@code wasNull} follows it. */
class ResultSetValuesTest {
  private static SuperstarEmulator api;

  @BeforeAll static void start() {
    api = SuperstarEmulator.start();
  }

  @AfterAll static void stop() {
    api.close();
  }

  @Test void valuesKeepTheirClassesAndNullsAreReported() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select region, region_code, sum(households_on_universal_credit) as n,"
             + " grouping(region) as g, cast(1.5 as decimal(3, 1)) as d, date '2020-01-31' as day"
             + " from uc_households where month_code = '201904' group by rollup(region, region_code)"
             + " order by g desc, region nulls first")) {
      int rows = 0;
      while (rs.next()) {
        for (int i = 1; i <= 6; i++) {
          final Object value = rs.getObject(i);
          assertEquals(value == null, rs.wasNull(), "column " + i);
          if (value != null) {
            assertEquals(rs.getMetaData().getColumnClassName(i), value.getClass().getName(), "column " + i);
          }
        }
        if (rows++ == 0) {
          assertNull(rs.getObject(1), "the grand total comes first");
          assertEquals(total(c), rs.getObject(3));
          assertEquals(new BigDecimal("1.5"), rs.getObject(5));
          assertEquals(java.sql.Date.valueOf("2020-01-31"), rs.getObject(6));
        } else {
          assertEquals(rs.getString(1), rs.getObject(1));
          assertEquals(rs.getDouble(3), rs.getObject(3));
        }
      }
      assertTrue(rows > 9, rows + " rows");
      assertThrows(SQLException.class, () -> rs.getObject(7));
      assertThrows(SQLException.class, () -> rs.getObject(0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"region_code", "region_code, region"})
  void valuesAreReadOnlyWhileOnARow(String columns) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select " + columns + " from uc_households where month_code = '201904'"
             + " group by rollup(" + columns + ")")) {
      assertTrue(rs.isBeforeFirst());
      assertEquals("24000", assertThrows(SQLException.class, () -> rs.getObject(1)).getSQLState());
      int nulls = 0;
      int rows = 0;
      while (rs.next()) {
        final Object code = rs.getObject(1);
        assertEquals(code == null, rs.wasNull());
        assertEquals(code, rs.getString("region_code"));
        assertEquals(code == null, rs.wasNull());
        nulls += code == null ? 1 : 0;
        rows++;
      }
      assertEquals(1, nulls, "the grand total");
      assertTrue(rows > 9, rows + " rows");
      assertTrue(rs.isAfterLast());
      assertEquals("24000", assertThrows(SQLException.class, () -> rs.getObject(1)).getSQLState());
    }
  }

  private static Object total(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select sum(households_on_universal_credit)"
        + " from uc_households where month_code = '201904'")) {
      assertTrue(rs.next());
      return rs.getObject(1);
    }
  }
}
