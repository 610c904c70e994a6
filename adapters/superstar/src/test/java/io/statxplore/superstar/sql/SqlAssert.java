package io.statxplore.superstar.sql;

import io.statxplore.core.spi.RequestLimits;
import io.statxplore.core.testkit.SqlKit;
import io.statxplore.superstar.FakeSuperstar;
import io.statxplore.superstar.SuperstarAdapterFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Running SQL and describing the {@code /table} requests a test expects. */
public final class SqlAssert {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SqlAssert() {
  }

  /** A connection to the SuperSTAR server at {@code baseUrl}, with {@code key} (or none) and the driver's limits. */
  public static Connection connect(String baseUrl, @Nullable String key) throws SQLException {
    return connect(baseUrl, key, RequestLimits.DEFAULT);
  }

  /** A connection through the test kit, which closes the adapter when it closes. */
  public static Connection connect(String baseUrl, @Nullable String key, RequestLimits limits) throws SQLException {
    final SqlKit.Options options = SqlKit.open(new SuperstarAdapterFactory(), baseUrl).limits(limits);
    if (key != null) {
      options.key(key);
    }
    return options.connect();
  }

  /** The driver's limits but these: {@code maxCellsPerRequest} and {@code parallelism}. */
  public static RequestLimits limits(long maxCellsPerRequest, int parallelism) {
    return new RequestLimits(maxCellsPerRequest, parallelism, RequestLimits.DEFAULT.maxCells());
  }

  /** All rows of a query, each a list of column values. */
  public static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  public static List<List<Object>> rows(ResultSet rs) throws SQLException {
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

  public static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** The one {@code /table} body the server received since it was last cleared. */
  public static JsonNode onlyTableRequest(FakeSuperstar server) {
    final List<JsonNode> bodies = server.tableBodies();
    assertEquals(1, bodies.size(), "number of /table requests");
    return bodies.get(0);
  }

  /** A recode of one dimension: its groups of value URIs (null for none) and its total flag. */
  public record Recode(String dimension, List<List<String>> map, boolean total) { }

  public static Recode each(String dimension, boolean total, String... values) {
    return new Recode(dimension, Arrays.stream(values).map(List::of).toList(), total);
  }

  public static Recode group(String dimension, String... values) {
    return new Recode(dimension, List.of(List.of(values)), false);
  }

  /** The body the driver should send. */
  public static JsonNode request(List<String> measures, List<String> dimensions, Recode... recodes) {
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
  public static double value(String measure, String... itemKeys) {
    return FakeSuperstar.value(measure, List.of(itemKeys));
  }
}
