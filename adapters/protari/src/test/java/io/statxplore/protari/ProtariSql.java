package io.statxplore.protari;

import io.statxplore.core.engine.AdapterSchema;
import io.statxplore.core.engine.EnginePrepare;
import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.http.ApiException;
import io.statxplore.core.http.Secret;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.RequestLimits;

import okhttp3.HttpUrl;

import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.Driver;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * SQL over a {@link ProtariAdapter} at a base URL, planned by the engine as the driver plans it
 * (until core's test kit lands): the rows as text, sorted, and EXPLAIN's text.
 */
final class ProtariSql implements AutoCloseable {
  private final Connection connection;

  ProtariSql(String baseUrl, @Nullable String key, String... authScheme) throws SQLException {
    final ProtariAdapterFactory factory = new ProtariAdapterFactory();
    final AdapterContext defaults = new AdapterContext(factory, HttpUrl.get(baseUrl), key == null ? null : Secret.of(key),
        null, Duration.ofSeconds(10), 0, RequestLimits.DEFAULT, PlannerSettings.parserFactory());
    final AdapterContext context = authScheme.length == 0 ? defaults : new AdapterContext(defaults.baseUrl(),
        defaults.apiKey(), defaults.keyTransport(), null, defaults.timeout(), 0, defaults.limits(),
        defaults.parserFactory(), null, Map.of(ProtariAdapterFactory.AUTH_SCHEME, authScheme[0]), Map.of(),
        defaults.secrets());
    final Properties properties = new Properties();
    properties.putAll(PlannerSettings.CALCITE);
    final Driver driver = new Driver() {
      @Override public CalcitePrepare createPrepare() {
        return new EnginePrepare();
      }
    };
    connection = driver.connect("jdbc:calcite:", properties);
    final CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add("protari", new AdapterSchema(factory.create(context), 2));
    calcite.setSchema("protari");
  }

  Connection connection() {
    return connection;
  }

  /**
   * The rows of {@code sql}, each as its values joined by commas (NULL as {@code null}), sorted;
   * a failure while reading is the {@code SQLException} the driver makes of it.
   */
  List<String> rows(String sql) throws SQLException {
    try {
      return read(sql);
    } catch (RuntimeException e) {
      final ApiException api = ApiException.find(e);
      if (api == null) {
        throw e;
      }
      throw api.toSqlException();
    }
  }

  private List<String> read(String sql) throws SQLException {
    final List<String> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final List<String> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          final Object v = rs.getObject(i);
          values.add(v instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(v));
        }
        rows.add(String.join(",", values));
      }
    }
    return rows.stream().sorted().toList();
  }

  String explain(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override public void close() throws SQLException {
    connection.close();
  }
}
