package io.statxplore.jdbc;

import io.statxplore.core.engine.PlannerSettings;
import io.statxplore.core.spi.ApiAdapter;
import io.statxplore.core.spi.CommandHost;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The API of a {@code jdbc:statxplore:} URL without SQL: the adapter its settings configure (base
 * URL, key, timeout, a {@code demo=true} emulator), for tools that call the API directly, such as
 * the command-line harvester. Closing it releases the HTTP client and stops a demo emulator.
 */
public final class ApiSession implements CommandHost.Session {
  private final ConnectionConfig config;
  private final ApiAdapter adapter;

  private ApiSession(ConnectionConfig config, ApiAdapter adapter) {
    this.config = config;
    this.adapter = adapter;
  }

  /** Opens the API a driver URL and properties describe, as {@code DriverManager.getConnection} would. */
  public static ApiSession open(String url, Properties info) throws SQLException {
    if (url == null || !url.startsWith(StatXploreDriver.PREFIX)) {
      throw new SQLException("not a " + StatXploreDriver.PREFIX + " URL: " + url, "08001");
    }
    final ConnectionConfig config = ConnectionConfig.parse(url.substring(StatXploreDriver.PREFIX.length()), info,
        System::getenv, Path.of(System.getProperty("user.home")));
    try {
      return new ApiSession(config, config.factory().create(config.adapterContext(PlannerSettings.parserFactory())));
    } catch (SQLException | RuntimeException e) {
      config.close();
      throw e;
    }
  }

  @Override public ApiAdapter adapter() {
    return adapter;
  }

  /** Why properties of the URL were ignored (unknown names, each with the closest known one). */
  public List<String> warnings() {
    return config.warnings();
  }

  @Override public void close() {
    try {
      adapter.close();
    } finally {
      config.close();
    }
  }
}
