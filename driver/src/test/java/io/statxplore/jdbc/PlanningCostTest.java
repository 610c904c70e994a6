package io.statxplore.jdbc;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import org.apache.calcite.config.CalciteSystemProperty;
import org.apache.calcite.runtime.Hook;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New SQL whose plan is one API request generates the same Java code as every other such plan
 * (the request is data, not code), and Calcite's cache of compiled plans is on, so only the first
 * of them is compiled.
 */
class PlanningCostTest {
  private static final String[] MONTHS = {"201805", "201806", "201807", "201808", "201809", "201810"};

  @Test void distinctQueriesOfOneShapeShareOneCompiledPlan() throws SQLException {
    final List<String> code = new ArrayList<>();
    try (SuperstarEmulator api = SuperstarEmulator.start();
         Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl());
         Hook.Closeable hook = Hook.JAVA_PLAN.addThread((java.util.function.Consumer<Object>) source -> code.add(String.valueOf(source)))) {
      for (String month : MONTHS) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select region,"
            + " sum(households_on_universal_credit) from uc_households where month_code = '" + month
            + "' group by region")) {
          int rows = 0;
          while (rows < 20 && rs.next()) {
            rows++;
          }
          assertEquals(9, rows, month);
        }
      }
      assertEquals(MONTHS.length, api.requestCount("/table"));
    }
    assertEquals(MONTHS.length, code.size(), "each distinct SQL text is planned");
    assertEquals(1, new HashSet<>(code).size(), "and generates the same code");
    assertTrue(CalciteSystemProperty.BINDABLE_CACHE_MAX_SIZE.value() > 0, "so the compiled plan is reused");
  }
}
