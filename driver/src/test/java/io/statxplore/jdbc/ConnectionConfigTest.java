package io.statxplore.jdbc;

import io.statxplore.core.http.Secret;
import io.statxplore.core.spi.AdapterContext;
import io.statxplore.core.spi.AdapterFactory;

import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** URL and property parsing, key resolution order, and the http:// rule (DESIGN §4). */
class ConnectionConfigTest {
  @TempDir Path home;

  private ConnectionConfig parse(String tail, Properties info, Map<String, String> env) throws SQLException {
    final Function<String, String> lookup = env::get;
    return ConnectionConfig.parse(tail, info, lookup, home);
  }

  private static String key(ConnectionConfig config) throws SQLException {
    final AdapterContext context = config.adapterContext(SqlParserImpl.FACTORY);
    return context.apiKey() == null ? null : context.apiKey().reveal();
  }

  private static Properties props(String... pairs) {
    final Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  private void writeDefaultFiles() throws IOException {
    Files.createDirectories(home.resolve(".statxplore"));
    Files.writeString(home.resolve(".statxplore/apikey"), "from-default-file\n");
    Files.createDirectories(home.resolve("configs"));
    Files.writeString(home.resolve("configs/stat_explore.txt"), "from-harvester-file");
  }

  @Test void keyResolutionFollowsTheDocumentedOrder() throws Exception {
    writeDefaultFiles();
    final Path file = Files.writeString(home.resolve("key.txt"), "  from-key-file \n");
    final Map<String, String> env = Map.of("STATXPLORE_API_KEY", "from-env");
    final String fileProp = ";apiKeyFile=" + file;
    assertEquals("from-url", key(parse("apiKey=from-url" + fileProp, props("password", "from-password"), env)));
    assertEquals("from-password", key(parse(fileProp, props("password", "from-password"), env)));
    assertEquals("from-key-file", key(parse(fileProp.substring(1), new Properties(), env)));
    assertEquals("from-env", key(parse("", new Properties(), env)));
    assertEquals("from-default-file", key(parse("", new Properties(), Map.of())));
    Files.delete(home.resolve(".statxplore/apikey"));
    assertEquals("from-harvester-file", key(parse("", new Properties(), Map.of())));
    Files.delete(home.resolve("configs/stat_explore.txt"));
    assertNull(key(parse("", new Properties(), Map.of())));
  }

  @Test void aMissingKeyFileIsAnErrorThatNamesIt() {
    final SQLException e = assertThrows(SQLException.class,
        () -> parse("apiKeyFile=" + home.resolve("nope.txt"), new Properties(), Map.of()));
    assertTrue(e.getMessage().contains("nope.txt"), e::getMessage);
    assertEquals("28000", e.getSQLState());
  }

  @Test void aKeyFileOthersCanReadIsReported() throws Exception {
    final Path file = home.resolve("exposed.key");
    Files.writeString(file, "k3y-in-file");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    final String warning = ConnectionConfig.exposure(file).orElseThrow();
    assertTrue(warning.contains("rw-r--r--") && warning.contains("chmod 600") && !warning.contains("k3y"), warning);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertTrue(ConnectionConfig.exposure(file).isEmpty());
    assertEquals("k3y-in-file", key(parse("apiKeyFile=" + file, new Properties(), Map.of())));
  }

  @Test void aMalformedUrlIsAnErrorThatKeepsTheKeyOut() {
    for (String tail : List.of("apiKey='s3cr3t-key", "apiKey='s3cr3t-key'x;url=http://127.0.0.1:1")) {
      final SQLException e = assertThrows(SQLException.class, () -> parse(tail, new Properties(), Map.of()));
      assertTrue(e.getMessage().startsWith("Malformed jdbc:statxplore: URL: a quoted value"), e::getMessage);
      assertFalse(e.getMessage().contains("s3cr3t"), e::getMessage);
      assertNull(e.getCause());
      assertEquals("08001", e.getSQLState());
    }
  }

  @Test void urlWinsOverPropertiesAndNamesIgnoreCase() throws SQLException {
    final ConnectionConfig c = parse("SCHEMA=dwp;Timeout=5;apikey='a;b';TIMEZONE=UTC",
        props("schema", "other", "timeout", "7", "fun", "oracle", "timeZone", "GMT"), Map.of());
    assertEquals("dwp", c.schemaName());
    assertEquals(5, c.timeout().toSeconds());
    assertEquals("a;b", key(c));
    assertEquals("oracle", c.calciteProperties().getProperty("fun"));
    assertEquals("UTC", c.calciteProperties().getProperty("timeZone"), "Calcite's spelling, the URL's value");
    assertEquals("UNCHANGED", c.calciteProperties().getProperty("unquotedCasing"));
    assertFalse(c.calciteProperties().containsKey("apikey"));
  }

  @Test void plainHttpOnlyToThisMachine() throws SQLException {
    assertEquals("http://127.0.0.1:8080/api/",
        parse("url=http://127.0.0.1:8080/api/", new Properties(), Map.of()).adapterContext(SqlParserImpl.FACTORY)
            .baseUrl().toString());
    parse("url=http://localhost/api", new Properties(), Map.of());
    final SQLException e = assertThrows(SQLException.class,
        () -> parse("url=http://stat-xplore.example/webapi/rest/v1", new Properties(), Map.of()));
    assertTrue(e.getMessage().contains("unencrypted") && e.getMessage().contains("allowInsecureHttp"), e::getMessage);
    parse("url=http://stat-xplore.example/webapi/rest/v1;allowInsecureHttp=true", new Properties(), Map.of());
  }

  @Test void defaultsAreStatXplore() throws SQLException {
    final ConnectionConfig c = parse("", new Properties(), Map.of());
    assertEquals("https://stat-xplore.dwp.gov.uk/webapi/rest/v1",
        c.adapterContext(SqlParserImpl.FACTORY).baseUrl().toString());
    assertEquals("statxplore", c.schemaName());
    assertEquals(60, c.timeout().toSeconds());
  }

  @Test void badValuesAreClearErrors() {
    assertEquals("timeout must be a whole number from 1 to 86400, not 'soon'",
        assertThrows(SQLException.class, () -> parse("timeout=soon", new Properties(), Map.of())).getMessage());
    assertEquals("api must be superstar or cubes or opendatasoft or protari, not 'nosuch'",
        assertThrows(SQLException.class, () -> parse("api=nosuch", new Properties(), Map.of())).getMessage());
    assertTrue(assertThrows(SQLException.class, () -> parse("url=ftp://x", new Properties(), Map.of()))
        .getMessage().contains("is not an http or https URL"));
  }

  @Test void redactionHidesKeysInAnyQuotingAndCase() throws SQLException {
    assertEquals("url=https://h;apiKey=***;schema=s",
        parse("url=https://h;apiKey=abc;schema=s", new Properties(), Map.of()).redactedTail());
    assertEquals("url=https://h;APIKEY='***'", parse("url=https://h;APIKEY='a;b'", new Properties(), Map.of())
        .redactedTail());
    assertEquals("url=https://h;password=\"***\";schema=s",
        parse("url=https://h;password=\"p\"\"q\";schema=s", new Properties(), Map.of()).redactedTail());
    assertEquals("***", Secret.of("abc").toString());
  }

  @Test void theDriverIsRegisteredAndDescribesItsProperties() throws SQLException {
    final Driver driver = DriverManager.getDriver("jdbc:statxplore:");
    assertInstanceOf(StatXploreDriver.class, driver);
    assertFalse(driver.acceptsURL("jdbc:calcite:"));
    final DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:statxplore:api=opendatasoft", new Properties());
    final List<String> names =
        new ArrayList<>(Arrays.stream(DriverProperty.values()).map(DriverProperty::key).toList());
    names.addAll(List.of("platform", "pushKey"));
    assertEquals(names, Arrays.stream(info).map(i -> i.name).toList(), "the driver's, then the api's settings");
    assertTrue(Arrays.stream(info).allMatch(i -> i.description != null && !i.description.isBlank()));
    assertEquals("60", Arrays.stream(info).filter(i -> i.name.equals("timeout")).findFirst().orElseThrow().value);
    final DriverPropertyInfo api = info[0];
    // Every adapter on the class path, found as a user's class path would find it: Stat-Xplore first.
    final List<AdapterFactory> found = ServiceLoader.load(AdapterFactory.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    assertEquals("superstar", api.choices[0], "the default api comes first");
    assertEquals(found.stream().map(AdapterFactory::api).sorted().toList(), Arrays.stream(api.choices).sorted().toList(),
        "api's choices, the adapters found");
    assertTrue(List.of(api.choices).containsAll(List.of("superstar", "opendatasoft")), List.of(api.choices)::toString);
    for (AdapterFactory f : found) {
      assertTrue(api.description.contains(f.api() + " (" + f.description() + ")"), api.description);
    }
    assertTrue(info[info.length - 1].description.startsWith("opendatasoft: Realtime push key"),
        info[info.length - 1].description);
  }

  @Test void theDriverReportsJdbc42() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:statxplore:url=http://127.0.0.1:9/api")) {
      final DatabaseMetaData md = c.getMetaData();
      assertEquals(List.of(4, 2), List.of(md.getJDBCMajorVersion(), md.getJDBCMinorVersion()));
    }
  }
}
