package io.statxplore.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Driver.getPropertyInfo}, what a tool's property grid shows: the values the URL and the
 * properties give (names ignoring case, the URL winning), every secret masked, the list and
 * defaults of the chosen {@code api}.
 */
class PropertyInfoTest {
  private static DriverPropertyInfo[] info(String url, Properties props) throws SQLException {
    final Driver driver = DriverManager.getDriver("jdbc:statxplore:");
    return driver.getPropertyInfo(url, props);
  }

  private static Properties props(String... pairs) {
    final Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  private static String value(DriverPropertyInfo[] info, String name) {
    return Arrays.stream(info).filter(i -> i.name.equals(name)).findFirst().orElseThrow(() -> new AssertionError(name))
        .value;
  }

  private static List<String> names(DriverPropertyInfo[] info) {
    return Arrays.stream(info).map(i -> i.name).toList();
  }

  @Test void valuesOfTheUrlAreShown() throws SQLException {
    final DriverPropertyInfo[] info = info("jdbc:statxplore:timeout=30;Language=de;cacheDir=/tmp/c", props());
    assertEquals("30", value(info, "timeout"));
    assertEquals("de", value(info, "language"));
    assertEquals("/tmp/c", value(info, "cacheDir"));
    assertEquals("3", value(info, "retries"), "a default where nothing is given");
  }

  @Test void propertyNamesIgnoreCaseAndTheUrlWins() throws SQLException {
    final DriverPropertyInfo[] info = info("jdbc:statxplore:RETRIES=5", props("TIMEOUT", "45", "CacheTtl", "1h",
        "retries", "7"));
    assertEquals("45", value(info, "timeout"));
    assertEquals("1h", value(info, "cacheTtl"));
    assertEquals("5", value(info, "retries"));
  }

  @Test void everySecretIsMasked() throws SQLException {
    final DriverPropertyInfo[] info = info("jdbc:statxplore:api=opendatasoft;apiKey=SECRET-1;"
        + "url='https://h.example.org/?k=SECRET-1'", props("password", "SECRET-2", "PUSHKEY", "geo:SECRET-3"));
    assertEquals("***", value(info, "apiKey"));
    assertEquals("***", value(info, "pushKey"));
    assertEquals("https://h.example.org/?k=***", value(info, "url"));
    assertEquals("***", value(info("jdbc:statxplore:", props("apiKey", "SECRET-1")), "apiKey"), "a key in the properties");
    for (DriverPropertyInfo i : info) {
      for (String secret : List.of("SECRET-1", "SECRET-2", "SECRET-3")) {
        assertFalse(String.valueOf(i.value).contains(secret) || i.description.contains(secret), i.name);
      }
    }
  }

  @Test void theListAndDefaultsFollowTheApi() throws SQLException {
    final DriverPropertyInfo[] superstar = info("jdbc:statxplore:", props());
    assertEquals("superstar", value(superstar, "api"));
    assertEquals("https://stat-xplore.dwp.gov.uk/webapi/rest/v1", value(superstar, "url"));
    assertEquals("statxplore", value(superstar, "schema"));
    assertFalse(names(superstar).contains("platform") || names(superstar).contains("pushKey"), names(superstar)::toString);

    final DriverPropertyInfo[] ods = info("jdbc:statxplore:", props("API", "opendatasoft"));
    assertEquals("opendatasoft", value(ods, "api"));
    assertEquals("https://public.opendatasoft.com", value(ods, "url"));
    assertEquals("opendatasoft", value(ods, "schema"));
    assertTrue(names(ods).containsAll(List.of("platform", "pushKey")), names(ods)::toString);

    assertEquals("https://data.opendatasoft.com", value(info("jdbc:statxplore:api=opendatasoft;platform=data", props()),
        "url"), "the url a setting names");
  }
}
