package io.statxplore.jdbc;

import io.statxplore.core.spi.AdapterContext;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** api=opendatasoft: platform URLs, key resolution as odsclient does it, enforceApiKey. */
class OdsConnectionConfigTest {
  @TempDir Path home;

  private ConnectionConfig parse(String tail, Map<String, String> env) throws SQLException {
    return ConnectionConfig.parse("api=opendatasoft;" + tail, new Properties(), env::get, home);
  }

  private static String key(ConnectionConfig config) throws SQLException {
    final AdapterContext context = config.adapterContext(SqlParserImpl.FACTORY);
    return context.apiKey() == null ? null : context.apiKey().reveal();
  }

  private static String url(ConnectionConfig config) throws SQLException {
    return config.adapterContext(SqlParserImpl.FACTORY).baseUrl().toString();
  }

  @Test void urlDefaultsToThePublicPortalAndPlatformNamesAnother() throws SQLException {
    assertEquals("https://public.opendatasoft.com/", url(parse("", Map.of())));
    assertEquals("https://data.opendatasoft.com/", url(parse("platform=data", Map.of())));
    assertEquals("https://opendata.example.org/", url(parse("platform=data;url=https://opendata.example.org", Map.of())),
        "url wins over platform");
  }

  @Test void keyFromPropertyThenFileThenEnvironment() throws Exception {
    final Path file = Files.writeString(home.resolve("my.apikey"), "from-file\n");
    final Map<String, String> env = Map.of("ODS_APIKEY", "from-env");
    assertEquals("from-prop", key(parse("apiKey=from-prop;apiKeyFile=" + file, env)));
    assertEquals("from-file", key(parse("apiKeyFile=" + file, env)));
    assertEquals("from-env", key(parse("", env)));
    assertNull(key(parse("", Map.of())));
  }

  @Test void defaultKeyFileInTheWorkingDirectoryComesBeforeTheEnvironment() throws Exception {
    final Path file = Path.of("ods.apikey");
    assertFalse(Files.exists(file), "a stray ods.apikey in " + file.toAbsolutePath());
    Files.writeString(file, "from-ods-apikey\n");
    try {
      assertEquals("from-ods-apikey", key(parse("", Map.of("ODS_APIKEY", "from-env"))));
    } finally {
      Files.delete(file);
    }
  }

  @Test void dictLikeEnvironmentIsKeyedByPlatformThenBaseUrlThenDefault() throws SQLException {
    final String dict = "{'public': 'k-public', 'https://opendata.example.org': 'k-url', 'default': 'k-default'}";
    final Map<String, String> env = Map.of("ODS_APIKEY", dict);
    assertEquals("k-public", key(parse("", env)));
    assertEquals("k-url", key(parse("url=https://opendata.example.org", env)));
    assertEquals("k-default", key(parse("platform=other", env)));
    assertNull(key(parse("platform=other", Map.of("ODS_APIKEY", "{\"public\": \"k\"}"))));
  }

  @Test void enforceApiKeyFailsEarlyWithoutAKey() {
    final SQLException e = assertThrows(SQLInvalidAuthorizationSpecException.class,
        () -> parse("enforceApiKey=true", new HashMap<>()));
    assertEquals("28000", e.getSQLState());
    assertTrue(e.getMessage().contains("ODS_APIKEY") && e.getMessage().contains("ods.apikey"), e.getMessage());
  }
}
