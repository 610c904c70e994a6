package io.statxplore.cubes;

import io.statxplore.core.engine.AdapterSchema;
import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.http.Secret;
import io.statxplore.core.http.Secrets;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;
import io.statxplore.cubes.emulator.CubesEmulator;

import okhttp3.HttpUrl;

import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A SQL connection whose schema {@code cubes} is the adapter over a server, for tests. */
final class CubesSql implements AutoCloseable {
  final Connection connection;

  CubesSql(Connection connection) {
    this.connection = connection;
  }

  /** @param flavor the {@code flavor} setting, or null to detect it */
  CubesSql(String baseUrl, String flavor, String key) throws SQLException {
    final Properties properties = new Properties();
    properties.putAll(PlannerSettings.CALCITE);
    connection = new Driver().connect("jdbc:calcite:", properties);
    final Map<String, String> settings = new HashMap<>();
    if (flavor != null) {
      settings.put("flavor", flavor);
    }
    final AdapterContext context = new AdapterContext(HttpUrl.get(baseUrl), key == null ? null : Secret.of(key),
        new CubesAdapterFactory().keyTransport(), null, Duration.ofSeconds(20), 0, RequestLimits.DEFAULT,
        PlannerSettings.parserFactory(), null, settings, Map.of(), Secrets.NONE);
    final CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add("cubes", new AdapterSchema(new CubesAdapter(context), 2));
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
        final List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  @Override public void close() throws SQLException {
    connection.close();
  }
}
