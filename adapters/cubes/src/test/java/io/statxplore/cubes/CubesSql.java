package io.statxplore.cubes;

import io.statxplore.core.testkit.SqlKit;
import io.statxplore.cubes.emulator.CubesEmulator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The test kit's connection to a server through the adapter (schema {@code cubes}), and the rows
 * of a query as values, for tests that compare them with another engine's.
 */
final class CubesSql implements AutoCloseable {
  final Connection connection;
  private final AutoCloseable owner;

  CubesSql(Connection connection) {
    this.connection = connection;
    this.owner = connection;
  }

  /** @param flavor the {@code flavor} setting, or null to detect it */
  CubesSql(String baseUrl, String flavor, String key) throws SQLException {
    final SqlKit.Options options = SqlKit.open(new CubesAdapterFactory(), baseUrl);
    if (flavor != null) {
      options.set("flavor", flavor);
    }
    if (key != null) {
      options.key(key);
    }
    final SqlKit<Object> kit = options.retries(0).kit();
    this.connection = kit.connection();
    this.owner = kit;
  }

  static String flavorSetting(CubesEmulator.Flavor flavor) {
    return switch (flavor) {
      case V2 -> "openspending-v2";
      case BABBAGE -> "babbage";
      case CUBES -> "cubes";
    };
  }

  /** The rows of {@code sql}, each as a list of values. */
  List<List<Object>> rows(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final List<List<Object>> rows = new ArrayList<>();
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  @Override public void close() throws Exception {
    owner.close();
  }
}
