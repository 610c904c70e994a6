package io.statxplore.jdbc;

import io.statxplore.superstar.FakeSuperstar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Running SQL and describing the {@code /table} requests a test expects. */
final class SqlAssert {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SqlAssert() {
  }

  /** All rows of a query, each a list of column values. */
  static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  static List<List<Object>> rows(ResultSet rs) throws SQLException {
    final List<List<Object>> rows = new ArrayList<>();
    final int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      final List<Object> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getObject(i));
      }
      rows.add(row);
    }
    return rows;
  }

  static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** The one {@code /table} body the server received since it was last cleared. */
  static JsonNode onlyTableRequest(FakeSuperstar server) {
    final List<JsonNode> bodies = server.tableBodies();
    assertEquals(1, bodies.size(), "number of /table requests");
    return bodies.get(0);
  }

  /** A recode of one dimension: its groups of value URIs (null for none) and its total flag. */
  record Recode(String dimension, List<List<String>> map, boolean total) { }

  static Recode each(String dimension, boolean total, String... values) {
    return new Recode(dimension, Arrays.stream(values).map(List::of).toList(), total);
  }

  static Recode group(String dimension, String... values) {
    return new Recode(dimension, List.of(List.of(values)), false);
  }

  /** The body the driver should send. */
  static JsonNode request(List<String> measures, List<String> dimensions, Recode... recodes) {
    final ObjectNode body = JSON.createObjectNode().put("database", UcServer.DB);
    final ArrayNode ms = body.putArray("measures");
    measures.forEach(ms::add);
    if (recodes.length > 0) {
      final ObjectNode rs = body.putObject("recodes");
      for (Recode r : recodes) {
        final ObjectNode o = rs.putObject(r.dimension());
        final ArrayNode map = o.putArray("map");
        r.map().forEach(g -> {
          final ArrayNode a = map.addArray();
          g.forEach(a::add);
        });
        o.put("total", r.total());
      }
    }
    final ArrayNode ds = body.putArray("dimensions");
    dimensions.forEach(d -> ds.addArray().add(d));
    return body;
  }

  /** The fake server's value for a cell; item keys are value URIs, {@code a+b} groups, or TOTAL. */
  static double value(String measure, String... itemKeys) {
    return FakeSuperstar.value(measure, List.of(itemKeys));
  }
}
