package io.statxplore.jdbc;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maxCellsPerRequest} set below the API's own limit is a ceiling: on a connection that has
 * not read the item lists yet, the driver reads them before sending, so that no {@code /table}
 * request asks for more cells than the setting.
 */
class CellCeilingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** 9 regions × 12 months × 1 measure: 108 cells. */
  private static final String BY_REGION_AND_MONTH = "select region_code, month_code,"
      + " sum(households_on_universal_credit) from uc_households group by region_code, month_code";

  private static SuperstarEmulator api;

  @BeforeAll static void start() {
    api = SuperstarEmulator.start();
  }

  @AfterAll static void stop() {
    api.close();
  }

  /** The cells the emulator's answer to each {@code /table} request of the log has: items of its fields × measures. */
  private static List<Long> cellsPerRequest() throws IOException {
    final List<Long> cells = new ArrayList<>();
    for (SuperstarEmulator.Recorded r : api.requests()) {
      if (r.path().equals("/table")) {
        final JsonNode answer = api.table(JSON.readTree(r.body()));
        long n = answer.get("measures").size();
        for (JsonNode field : answer.get("fields")) {
          n *= field.get("items").size();
        }
        cells.add(n);
      }
    }
    return cells;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    return rows.stream().sorted(Comparator.comparing(Object::toString)).toList();
  }

  @Test void noRequestExceedsACeilingBelowTheApisLimit() throws SQLException, IOException {
    final List<List<Object>> whole;
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl())) {
      whole = sorted(rows(c, BY_REGION_AND_MONTH));
    }
    assertEquals(108, whole.size());
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=" + api.baseUrl()
        + ";maxCellsPerRequest=20")) {
      api.resetRequests();
      assertEquals(whole, sorted(rows(c, BY_REGION_AND_MONTH)));
      // Split along the months (the wider dimension): 9 cells a month, 2 months a part, 6 parts.
      assertEquals(List.of(18L, 18L, 18L, 18L, 18L, 18L), cellsPerRequest());
      final List<String> paths = api.requests().stream().map(SuperstarEmulator.Recorded::path).toList();
      assertTrue(paths.indexOf("/table") > paths.lastIndexOf("/schema") || !paths.contains("/schema"),
          "the item lists are read before the first /table request: " + paths);

      // The item lists are kept: the same query again sends the same parts and nothing else.
      api.resetRequests();
      assertEquals(whole, sorted(rows(c, BY_REGION_AND_MONTH)));
      assertEquals(List.of(18L, 18L, 18L, 18L, 18L, 18L), cellsPerRequest());
      assertEquals(6, api.requests().size(), api.requests().toString());
    }
  }
}
