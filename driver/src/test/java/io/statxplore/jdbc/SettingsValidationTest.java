package io.statxplore.jdbc;

import io.statxplore.core.spi.AdapterFactory;
import io.statxplore.core.spi.Setting;

import org.apache.calcite.avatica.BuiltInConnectionProperty;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every setting is checked when the connection opens (type, range, writability), and a bad one
 * is an SQLException ({@code 08001}) with one sentence naming the property, never an unchecked
 * exception or a silent default; unknown names are warned about with the closest known one, a
 * name that looks like a misspelt secret is refused, and Calcite settings that change what a
 * query answers are refused.
 */
class SettingsValidationTest {
  /** A loopback URL nothing listens on: connecting does not call the API. */
  private static final String URL = "jdbc:statxplore:url=http://127.0.0.1:9/api;";

  @TempDir Path dir;

  private static SQLException refused(String settings) {
    final SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(URL + settings).close(),
        settings);
    assertTrue(e.getMessage().lines().count() == 1, e::getMessage);
    return e;
  }

  private static void assertRefused(String settings, String message) {
    final SQLException e = refused(settings);
    assertEquals("08001", e.getSQLState(), e::getMessage);
    assertEquals(message, e.getMessage());
  }

  private static List<String> warnings(Connection c) throws SQLException {
    final List<String> messages = new ArrayList<>();
    for (SQLWarning w = c.getWarnings(); w != null; w = w.getNextWarning()) {
      assertEquals("01000", w.getSQLState());
      messages.add(w.getMessage());
    }
    return messages;
  }

  @Test void aModelThatIsNotAReadableFileIsRefused() {
    assertRefused("model=/nonexistent.json", "model '/nonexistent.json' is not a readable file; give the path of a"
        + " Calcite model JSON file, or inline:{...}");
  }

  @Test void aModelThatCannotBeLoadedIsNamedAndAnInlineOneIsNotQuoted() throws Exception {
    final Path model = Files.writeString(dir.resolve("model.json"), "{\"version\": \"1.0\", \"schemas\": [");
    final SQLException e = refused("model=" + model);
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().startsWith("model " + model + " could not be loaded ("), e::getMessage);

    final SQLException inline = refused("model='inline:{\"schemas\": [{\"apiKey\": \"s3cr3t\"'");
    assertEquals("08001", inline.getSQLState());
    assertTrue(inline.getMessage().startsWith("The inline model could not be loaded ("), inline::getMessage);
    assertFalse(inline.getMessage().contains("s3cr3t"), inline::getMessage);
    assertNull(inline.getCause(), "nothing of the model's text is kept");
  }

  @Test void timeoutsOutOfRangeAreRefusedNotOverflowed() {
    for (String value : List.of("2592000", "9223372036854775807", "99999999999999999999", "0", "-1", "1.5", "")) {
      assertRefused("timeout=" + value, "timeout must be a whole number from 1 to 86400, not '" + value + "'");
    }
  }

  @Test void numbersAreCheckedAgainstTheirRanges() throws SQLException {
    assertRefused("parallelism=4294967296", "parallelism must be a whole number from 1 to 16, not '4294967296'");
    assertRefused("parallelism=100000;maxCellsPerRequest=1",
        "parallelism must be a whole number from 1 to 16, not '100000'");
    assertRefused("parallelism=0", "parallelism must be a whole number from 1 to 16, not '0'");
    assertRefused("retries=-1", "retries must be a whole number from 0 to 20, not '-1'");
    assertRefused("retries=2147483648", "retries must be a whole number from 0 to 20, not '2147483648'");
    assertRefused("maxCellsPerRequest=0", "maxCellsPerRequest must be a whole number from 1 to 1000000000, not '0'");
    assertRefused("maxCells=9223372036854775808",
        "maxCells must be a whole number from 1 to 1000000000000, not '9223372036854775808'");
    assertRefused("maxCells=10;maxCellsPerRequest=100", "maxCells must be at least maxCellsPerRequest (100), not '10'");
    for (String ttl : List.of("99999999999999999d", "366d", "-1s", "1y")) {
      assertRefused("cacheTtl=" + ttl, "cacheTtl must be a number with an optional unit s, m, h or d, from 0s to"
          + " 365d, not '" + ttl + "'");
    }
    DriverManager.getConnection(URL + "parallelism=16;retries=0;maxCells=1,000,000;cacheTtl=365d").close();
  }

  @Test void booleansAreTrueOrFalse() throws SQLException {
    assertRefused("enforceApiKey=yes", "enforceApiKey must be true or false, not 'yes'");
    assertRefused("allowInsecureHttp=1", "allowInsecureHttp must be true or false, not '1'");
    DriverManager.getConnection(URL + "allowInsecureHttp= TRUE ;enforceApiKey=False").close();
  }

  @Test void aCacheDirThatIsNotAWritableDirectoryIsRefused() throws Exception {
    final Path file = Files.writeString(dir.resolve("file"), "x");
    assertRefused("cacheDir=" + file, "cacheDir '" + file + "' is not a directory");
    final Path unwritable = Path.of("/proc/self");
    assumeTrue(Files.isDirectory(unwritable), "a directory no one can write to, even root (Linux)");
    final SQLException e = refused("cacheDir=/proc/self/cache");
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().startsWith("cacheDir '/proc/self/cache' is not a directory the driver can write to ("),
        e::getMessage);
    assertTrue(refused("cacheDir=/proc/self").getMessage().startsWith("cacheDir '/proc/self' is not a directory the"
        + " driver can write to ("));
  }

  @Test void aMissingCacheDirIsMadeForItsOwnerAlone() throws Exception {
    final Path cache = dir.resolve("a/b");
    DriverManager.getConnection(URL + "cacheDir=" + cache).close();
    assertTrue(Files.isDirectory(cache));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
    try (var files = Files.list(cache)) {
      assertEquals(0, files.count(), "the write check leaves nothing behind");
    }
  }

  @Test void textSettingsCannotCarryHeaderLinesOrOtherHosts() throws SQLException {
    final SQLException e = refused("language='en\nX-Injected: 1'");
    assertEquals("language must not hold control characters such as line breaks, not 'en\\u000aX-Injected: 1'",
        e.getMessage());
    assertRefused("language='en;q=2'", "language must be an Accept-Language value such as en, de-AT or de, en;q=0.8,"
        + " not 'en;q=2'");
    assertRefused("schema=", "schema must name a schema, not ''");
    assertRefused("api=opendatasoft;platform='localhost:8080/x?'", "platform must be an OpenDataSoft platform id"
        + " such as 'public' (letters, digits and inner '-', at most 63), not 'localhost:8080/x?'; give url for any"
        + " other portal");
    DriverManager.getConnection(URL + "language='de-AT, en;q=0.8, *;q=0.1'").close();
  }

  @Test void malformedUrlsAreRefused() throws SQLException {
    for (String settings : List.of("'unterminated", "=x", "'unterminated;timeout=5")) {
      assertRefused(settings, "Malformed jdbc:statxplore: URL: a property name must be a word such as timeout;"
          + " write key=value pairs separated by ';', quoting a value that holds ';' with '...'");
    }
    assertRefused("timeout=5;TIMEOUT=6", "timeout is given twice, in different cases; give it once");
    try (Connection c = DriverManager.getConnection(URL + "a=b=c;;timeout=5")) {
      assertEquals(List.of("Unknown property 'a' is ignored; the closest known property is api"), warnings(c));
    }
  }

  @Test void unknownPropertiesAreWarnedAboutWithTheClosestKnownName() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL + "timout=1;retires=0")) {
      assertEquals(List.of("Unknown property 'retires' is ignored; the closest known property is retries",
          "Unknown property 'timout' is ignored; the closest known property is timeout"), warnings(c));
      c.clearWarnings();
      assertNull(c.getWarnings());
    }
    final Properties info = new Properties();
    info.setProperty("foo", "1");
    try (Connection c = DriverManager.getConnection(URL, info)) {
      assertEquals(List.of("Unknown property 'foo' is ignored; the closest known property is fun"), warnings(c));
    }
    try (Connection c = DriverManager.getConnection(URL + "user=me;TimeOut=5;fun=oracle")) {
      assertNull(c.getWarnings(), "known names in any case, user and Calcite's own settings are not warned about");
    }
  }

  @Test void anotherApisSettingIsIgnoredWithAWarningAndItsSecretHidden() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL + "platform=data;PUSHKEY=ds:pk-s3cret")) {
      assertEquals(List.of("Property 'platform' is a setting of api=opendatasoft; it is ignored with api=superstar",
          "Property 'PUSHKEY' is a setting of api=opendatasoft; it is ignored with api=superstar"), warnings(c));
      assertFalse(c.getMetaData().getURL().contains("pk-s3cret"), c.getMetaData().getURL());
    }
    assertRefused("api=opendatasoft;pushKey=a;PushKey=b", "PushKey is given twice, in different cases; give it once");
  }

  @Test void aMisspeltSecretIsRefusedAndNeverShown() {
    final Map<String, String> closest = Map.of("api_key", "apiKey", "API-KEY", "apiKey", "apiKye", "apiKey",
        "apikey_file", "apiKeyFile", "push_key", "pushKey", "passwd", "password", "token", "apiKey",
        "bearer_token", "apiKey");
    closest.forEach((name, known) -> {
      final SQLException e = refused(name + "='S3CR3T-value'");
      assertEquals("08001", e.getSQLState(), e::getMessage);
      assertEquals("Unknown property '" + name + "' looks like a secret, so the connection is refused rather than"
          + " made without it; the closest known property is " + known + " (the value is not shown)", e.getMessage());
    });
  }

  @Test void aKeyThatCannotTravelInAHeaderIsRefusedWhereverItComesFrom() throws Exception {
    final Properties info = new Properties();
    info.setProperty("password", "k3y\nX-Injected: 1");
    final SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(URL, info));
    assertEquals("28000", e.getSQLState());
    assertEquals("The API key holds a line break, another control character or a character beyond ASCII, which an"
        + " HTTP header cannot carry; check the key where it is given", e.getMessage());
    final Path file = Files.writeString(dir.resolve("key"), "k3y\nsecond line\n");
    assertEquals("28000", refused("apiKeyFile=" + file).getSQLState());
    assertEquals("28000", refused("apiKey=k\u00e9y").getSQLState());
  }

  @Test void calciteSettingsThatChangeAnswersAreRefused() throws SQLException {
    final SQLException babel = refused("conformance=BABEL");
    assertEquals("08001", babel.getSQLState());
    assertEquals("The Calcite setting conformance is refused: it changes what SQL means: BABEL, for one, turns"
        + " ROLLUP keys into ANY_VALUE and labels Total rows with an arbitrary item", babel.getMessage());
    for (String setting : List.of("lex=JAVA", "caseSensitive=true", "unquotedCasing=TO_UPPER", "quotedCasing=TO_LOWER",
        "parserFactory=org.apache.calcite.sql.parser.impl.SqlParserImpl#FACTORY", "typeSystem=x.Y",
        "metaTableFactory=x.Y", "metaColumnFactory=x.Y", "schemaFactory=x.Y", "schemaType=JDBC", "factory=x.Y",
        "approximateDistinctCount=true", "approximateTopN=true", "approximateDecimal=true",
        "lenientOperatorLookup=true", "spark=true")) {
      final SQLException e = refused(setting);
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().startsWith("The Calcite setting " + setting.substring(0, setting.indexOf('='))
          + " is refused: "), e::getMessage);
    }
    assertTrue(refused("CONFORMANCE=mysql_5").getMessage().startsWith("The Calcite setting conformance is refused"));
    // The driver's own values, and settings that only choose how Calcite computes what stays local.
    DriverManager.getConnection(URL + "caseSensitive=FALSE;unquotedCasing=UNCHANGED;conformance=DEFAULT;fun=oracle"
        + ";timeZone=UTC;defaultNullCollation=LOW;quoting=BACK_TICK;typeCoercion=true;forceDecorrelate=false"
        + ";locale=de_DE").close();
    assertRefused("fun=nosuch", "The Calcite setting fun cannot be 'nosuch'; see"
        + " https://calcite.apache.org/docs/adapter.html#jdbc-connect-string-parameters");
    assertRefused("timeZone=Mars/Base", "The Calcite setting timeZone cannot be 'Mars/Base'; see"
        + " https://calcite.apache.org/docs/adapter.html#jdbc-connect-string-parameters");
    assertRefused("defaultNullCollation=MIDDLE", "The Calcite setting defaultNullCollation cannot be 'MIDDLE'; see"
        + " https://calcite.apache.org/docs/adapter.html#jdbc-connect-string-parameters");
    assertRefused("typeCoercion=yes", "The Calcite setting typeCoercion cannot be 'yes'; see"
        + " https://calcite.apache.org/docs/adapter.html#jdbc-connect-string-parameters");
  }

  @Test void everyCalciteSettingIsDecided() {
    for (CalciteConnectionProperty p : CalciteConnectionProperty.values()) {
      assertTrue(List.of(PropertyNames.Kind.CALCITE, PropertyNames.Kind.REFUSED, PropertyNames.Kind.DRIVER)
          .contains(PropertyNames.kind(p.camelName())), p.camelName());
    }
    // Avatica's other settings configure its remote client, which this driver does not use: unknown here.
    assertEquals(List.of("factory", "schema", "timeZone", "url"), Arrays.stream(BuiltInConnectionProperty.values())
        .map(BuiltInConnectionProperty::camelName).filter(n -> PropertyNames.kind(n) != PropertyNames.Kind.UNKNOWN)
        .sorted().toList());
  }

  @Test void everyDriverPropertyIsValidated() throws Exception {
    final Path file = Files.writeString(dir.resolve("file"), "x");
    final Map<DriverProperty, String> bad = new EnumMap<>(DriverProperty.class);
    bad.put(DriverProperty.API, "api=olap");
    bad.put(DriverProperty.URL, "url=ftp://example.org/");
    bad.put(DriverProperty.API_KEY, "apiKey='k3y\nX-Injected: 1'");
    bad.put(DriverProperty.API_KEY_FILE, "apiKeyFile=" + dir.resolve("missing"));
    bad.put(DriverProperty.SCHEMA, "schema='a\tb'");
    bad.put(DriverProperty.LANGUAGE, "language=';;'");
    bad.put(DriverProperty.TIMEOUT, "timeout=86401");
    bad.put(DriverProperty.RETRIES, "retries=21");
    bad.put(DriverProperty.MAX_CELLS_PER_REQUEST, "maxCellsPerRequest=1000000001");
    bad.put(DriverProperty.PARALLELISM, "parallelism=17");
    bad.put(DriverProperty.MAX_CELLS, "maxCells=1000000000001");
    bad.put(DriverProperty.CACHE_DIR, "cacheDir=" + file);
    bad.put(DriverProperty.CACHE_TTL, "cacheTtl=soon");
    bad.put(DriverProperty.ALLOW_INSECURE_HTTP, "allowInsecureHttp=maybe");
    bad.put(DriverProperty.MODEL, "model=" + dir);
    bad.put(DriverProperty.ENFORCE_API_KEY, "enforceApiKey=yes");
    bad.put(DriverProperty.DEMO, "demo=yes");
    assertEquals(DriverProperty.values().length, bad.size(), "a bad value for every property");
    bad.forEach((p, settings) -> {
      final SQLException e = refused(settings);
      assertEquals(p == DriverProperty.API_KEY_FILE ? "28000" : "08001", e.getSQLState(), e::getMessage);
      assertTrue(e.getMessage().contains(p.key()), () -> settings + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("k3y"), e::getMessage);
    });
    // And every setting an adapter on the class path declares, with the api that reads it: a value with a
    // line break, and for one with choices a value that is none of them.
    final Map<String, String> badSettings = new LinkedHashMap<>(Map.of("platform", "api=opendatasoft;platform=a.b"));
    for (AdapterFactory f : Adapters.all()) {
      for (Setting setting : f.settings()) {
        final String api = "api=" + f.api() + ";" + setting.name() + "=";
        // A secret's value must never be shown; any other's may be.
        badSettings.merge(setting.name(), api + "'" + (setting.secret() ? "k3y" : "v") + "\r\nX: 1'", (a, b) -> a);
        if (!setting.choices().isEmpty()) {
          badSettings.put(setting.name() + " (no choice)", api + "not-a-choice");
        }
      }
    }
    assertTrue(badSettings.keySet().containsAll(List.of("platform", "pushKey")), badSettings::toString);
    badSettings.forEach((name, settings) -> {
      final SQLException e = refused(settings);
      assertEquals("08001", e.getSQLState(), e::getMessage);
      assertTrue(e.getMessage().contains(name.split(" ")[0]), () -> settings + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("k3y"), e::getMessage);
    });
  }
}
