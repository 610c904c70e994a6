package io.statxplore.superstar.sql;

import io.statxplore.superstar.emulator.SuperstarEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.statxplore.core.testkit.SqlKit.message;
import static io.statxplore.superstar.sql.SqlAssert.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code TABLE(statxplore.query('<json or path>'))} runs an exported query as the harvester does. */
class QueryFunctionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path FIXTURES = Path.of(System.getProperty("statxplore.sharedFixtures", "../../shared/fixtures"), "superstar");
  static final Path CILIF = FIXTURES.resolve("statxplore_table_query_2d_constituency_year_cilif_rel.json");

  private SuperstarEmulator emulator;
  private Connection connection;

  @BeforeEach void start() throws SQLException {
    Assumptions.assumeTrue(Files.isRegularFile(CILIF), "shared fixtures not found at " + FIXTURES
        + "; the exported-query tests run where ../shared/fixtures exists (CI)");
    emulator = SuperstarEmulator.builder().apiKey("K").start();
    connection = SqlAssert.connect(emulator.baseUrl(), "K");
  }

  @AfterEach void stop() throws SQLException {
    if (connection != null) {
      connection.close();
      emulator.close();
    }
  }

  /** The fixture as the emulator answers it, and the POST body the driver must send. */
  private static JsonNode normalized(Path file) throws Exception {
    final JsonNode q = JSON.readTree(file.toFile());
    final var body = JSON.createObjectNode();
    body.set("database", q.get("database"));
    body.set("measures", q.get("measures"));
    body.set("recodes", q.get("recodes"));
    body.set("dimensions", q.get("dimensions"));
    return body;
  }

  @Test void runsAnExportedQueryFileAsTheHarvesterDoes() throws Exception {
    final JsonNode body = normalized(CILIF);
    final String sql = "SELECT * FROM TABLE(statxplore.query('" + CILIF + "'))";
    final List<String> columns = new ArrayList<>();
    final List<List<Object>> rows;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnName(i));
      }
      rows = rows(rs);
    }
    final JsonNode answer = emulator.table(body);
    assertEquals(List.of("westminster_parliamentary_constituencies", "year", "relative_low_income"), columns);
    assertEquals(AnswerCells.rows(answer), rows);
    assertEquals(70, rows.size(), "13 constituencies and Total, by 5 years");

    final List<String> paths = emulator.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    assertEquals(List.of(
        "GET /schema/str:field:CILIF_REL:V_F_CILIF_REL:PARLC_CODE",
        "GET /schema/str:field:CILIF_REL:F_CILIF_DATE:DATE_NAME",
        "GET /schema/str:count:CILIF_REL:V_F_CILIF_REL",
        "POST /table"), paths);
    assertEquals(body, JSON.readTree(emulator.requests().get(3).body()));
  }

  @Test void takesInlineJsonAndWorksUnderSql() throws Exception {
    final String json = Files.readString(CILIF).replace("'", "''");
    final List<List<Object>> rows = rows(connection, "SELECT year, SUM(relative_low_income) AS n"
        + " FROM TABLE(statxplore.query('" + json + "'))"
        + " WHERE westminster_parliamentary_constituencies = 'Total' GROUP BY year ORDER BY year");
    final List<List<Object>> expected = new ArrayList<>();
    for (List<Object> cell : AnswerCells.rows(emulator.table(normalized(CILIF)))) {
      if (cell.get(0).equals("Total")) {
        expected.add(SqlAssert.row(cell.get(1), cell.get(2)));
      }
    }
    assertEquals(5, expected.size());
    assertEquals(expected, rows);
    assertEquals(1, emulator.requestCount("/table"));
  }

  @Test void badQueriesAreNamed() throws Exception {
    final Path broken = FIXTURES.resolve("statxplore_table_query_INVALID_json_missing_brace.json");
    SQLException e = assertThrows(SQLException.class,
        () -> rows(connection, "SELECT * FROM TABLE(statxplore.query('" + broken + "'))"));
    assertTrue(message(e).startsWith("query file " + broken + " is not valid JSON: "), message(e));
    e = assertThrows(SQLException.class, () -> rows(connection, "SELECT * FROM TABLE(statxplore.query('nope.json'))"));
    assertEquals("'nope.json' is neither query JSON (it does not start with '{') nor an existing file", message(e));
    e = assertThrows(SQLException.class,
        () -> rows(connection, "SELECT * FROM TABLE(statxplore.query('{\"database\":\"str:database:UC_Monthly\"}'))"));
    assertTrue(message(e).contains("\"measures\" must be a non-empty list"), message(e));
    assertEquals(0, emulator.requestCount("/table"));
  }
}
